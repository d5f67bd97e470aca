#include "data/csv_reader.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace offergraph {
namespace {

using ::testing::HasSubstr;

// Reads every record; returns the values, or the error message.
std::vector<std::vector<std::string>> ReadAll(absl::string_view text,
                                              std::string* error = nullptr) {
  CsvReader reader(text, "t.csv");
  std::vector<std::vector<std::string>> rows;
  absl::Status utf8 = reader.CheckUtf8();
  if (!utf8.ok()) {
    if (error) *error = std::string(utf8.message());
    return rows;
  }
  std::vector<CsvField> fields;
  while (true) {
    absl::StatusOr<bool> got = reader.Next(&fields);
    if (!got.ok()) {
      if (error) *error = std::string(got.status().message());
      return rows;
    }
    if (!*got) return rows;
    std::vector<std::string> row;
    for (const CsvField& f : fields) row.emplace_back(f.value);
    rows.push_back(row);
  }
}

TEST(CsvReaderTest, QuotesEscapesCrlfBomAndEmptyLines) {
  auto rows = ReadAll(
      "\xEF\xBB\xBF"
      "a,b\r\n\r\n\"x,1\",\"say \"\"hi\"\"\"\r\n,\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"x,1", "say \"hi\""}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"", ""}));
}

TEST(CsvReaderTest, PositionsCountLinesInsideQuotedFields) {
  CsvReader reader("h1,h2\n\"multi\nline\",second\nthird,x", "t.csv");
  std::vector<CsvField> f;
  ASSERT_TRUE(*reader.Next(&f));
  ASSERT_TRUE(*reader.Next(&f));
  EXPECT_EQ(f[0].value, "multi\nline");
  EXPECT_EQ(f[0].line, 2);
  EXPECT_EQ(f[0].column, 1);
  EXPECT_EQ(f[1].line, 3);
  EXPECT_EQ(f[1].column, 7);
  ASSERT_TRUE(*reader.Next(&f));
  EXPECT_EQ(reader.record_line(), 4);
  EXPECT_EQ(f[1].column, 7);
  EXPECT_FALSE(*reader.Next(&f));
}

TEST(CsvReaderTest, ErrorsCarryLineAndColumn) {
  std::string error;
  ReadAll("a,b\nx,\"open\n", &error);
  EXPECT_EQ(error, "t.csv:2:3: unterminated quoted field");
  ReadAll("a,b\nx,\"q\"tail\n", &error);
  EXPECT_EQ(error, "t.csv:2:6: unexpected text after a closing quote");
  ReadAll("a,b\nx,ab\"c\n", &error);
  EXPECT_THAT(error, HasSubstr("t.csv:2:5: quote inside an unquoted field"));
}

TEST(CsvReaderTest, RejectsInvalidUtf8WithPosition) {
  std::string error;
  ReadAll("a,b\nok,\xC3\x28\n", &error);  // bad continuation byte
  EXPECT_EQ(error, "t.csv:2:4: invalid UTF-8 (byte 0xC3)");
  ReadAll("a\n\xC0\xAF\n", &error);  // overlong '/'
  EXPECT_EQ(error, "t.csv:2:1: invalid UTF-8 (byte 0xC0)");
  ReadAll("a\n\xED\xA0\x80\n", &error);  // UTF-16 surrogate
  EXPECT_THAT(error, HasSubstr("t.csv:2:1: invalid UTF-8"));
  ReadAll("a\nx\xE2\x82", &error);  // truncated at end of file
  EXPECT_THAT(error, HasSubstr("t.csv:2:2: invalid UTF-8"));
  EXPECT_EQ(ReadAll("a\n\xE2\x82\xAC \xF0\x9F\x9B\x92\n").size(),
            2u);  // € and 🛒
}

TEST(CsvReaderTest, ByteOrderMarkIsNotCountedInColumns) {
  std::string error;
  ReadAll(
      "\xEF\xBB\xBF"
      "a,\xC3\x28\n",
      &error);
  EXPECT_EQ(error, "t.csv:1:3: invalid UTF-8 (byte 0xC3)");
  CsvReader reader(
      "\xEF\xBB\xBF"
      "a,b\n",
      "t.csv");
  std::vector<CsvField> f;
  ASSERT_TRUE(*reader.Next(&f));
  EXPECT_EQ(f[1].column, 3);
}

TEST(CsvReaderTest, CrlfAfterAQuotedFieldAtTheEndOfTheFile) {
  EXPECT_EQ(ReadAll("a,b\r\n\"x\",\"y\"\r"),
            (std::vector<std::vector<std::string>>{{"a", "b"}, {"x", "y"}}));
  EXPECT_EQ(ReadAll("a,b\r\nx,y\r"),
            (std::vector<std::vector<std::string>>{{"a", "b"}, {"x", "y"}}));
}

TEST(CsvReaderTest, Utf8ErrorPositionsPastLongAsciiRuns) {
  std::string error;
  ReadAll("header\n" + std::string(37, 'x') + "\n" + std::string(21, 'y') +
              "\xF4\x90\x80\x80\n",  // above U+10FFFF
          &error);
  EXPECT_EQ(error, "t.csv:3:22: invalid UTF-8 (byte 0xF4)");
}

TEST(CsvHeaderTest, DuplicateAndMissingColumns) {
  CsvReader dup("a,b,a\n", "t.csv");
  EXPECT_EQ(CsvHeader::Read(dup).status().message(),
            "t.csv:1:5: duplicate column \"a\"");
  CsvReader empty("", "t.csv");
  EXPECT_EQ(CsvHeader::Read(empty).status().message(),
            "t.csv:1:1: empty file: no header row");
  CsvReader ok("x,y\n", "t.csv");
  absl::StatusOr<CsvHeader> h = CsvHeader::Read(ok);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->Index("y"), 1);
  EXPECT_EQ(h->Index("z"), -1);
  EXPECT_EQ(h->Required("z").status().message(),
            "t.csv:1:1: missing required column \"z\"");
}

}  // namespace
}  // namespace offergraph
