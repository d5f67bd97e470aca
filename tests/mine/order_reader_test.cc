// Reading orders: plain and gzip, configurable columns, quoting, and every
// bad-input case with its line number.
#include "mine/order_reader.h"

#include <zlib.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mine/baskets.h"
#include "mine/line_reader.h"
#include "testing/temp_dir.h"

namespace offergraph::mine {
namespace {

using ::testing::HasSubstr;

void WriteGzip(const std::string& path, const std::string& text) {
  gzFile f = gzopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(gzwrite(f, text.data(), static_cast<unsigned>(text.size())),
            static_cast<int>(text.size()));
  ASSERT_EQ(gzclose(f), Z_OK);
}

std::vector<std::pair<std::string, std::string>> ReadAll(
    const std::string& path, const OrderColumns& cols) {
  std::vector<std::pair<std::string, std::string>> out;
  auto r = OrderReader::Open(path, cols);
  EXPECT_TRUE(r.ok()) << r.status();
  if (!r.ok()) return out;
  OrderRow row;
  while (true) {
    absl::StatusOr<bool> more = (*r)->Next(&row);
    EXPECT_TRUE(more.ok()) << more.status();
    if (!more.ok() || !*more) break;
    out.emplace_back(std::string(row.order), std::string(row.sku));
  }
  return out;
}

// Lines of a generated file big enough to span several read buffers.
std::string ManyLines(int orders) {
  std::string s = "order_id,product_id,add_to_cart_order\n";
  for (int o = 0; o < orders; ++o) {
    for (int i = 0; i < 5; ++i) {
      s += std::to_string(o) + "," + std::to_string((o * 7 + i) % 997) + "," +
           std::to_string(i + 1) + "\n";
    }
  }
  return s;
}

TEST(OrderReaderTest, NamedColumnsQuotesCrlfAndBom) {
  testing::TempDir dir;
  dir.WriteFile("o.csv",
                "\xEF\xBB\xBFqty,basket,item\r\n1,b1,\"x,1\"\r\n\r\n2,b1,"
                "\"say \"\"hi\"\"\"\r\n3,b2,z");
  OrderColumns cols;
  cols.order = "basket";
  cols.sku = "item";
  auto rows = ReadAll(dir.path() + "/o.csv", cols);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].second, "x,1");
  EXPECT_EQ(rows[1].second, "say \"hi\"");
  EXPECT_EQ(rows[2], (std::pair<std::string, std::string>("b2", "z")));
}

TEST(OrderReaderTest, GzipReadsTheSameRowsAsPlain) {
  testing::TempDir dir;
  const std::string text = ManyLines(60000);  // several MiB
  dir.WriteFile("o.csv", text);
  WriteGzip(dir.path() + "/o.csv.gz", text);
  OrderColumns cols;
  cols.sku = "product_id";
  auto plain = ReadAll(dir.path() + "/o.csv", cols);
  auto gz = ReadAll(dir.path() + "/o.csv.gz", cols);
  EXPECT_EQ(plain.size(), 300000u);
  EXPECT_TRUE(plain == gz);
}

TEST(OrderReaderTest, MissingColumnNamesItAndTheHeader) {
  testing::TempDir dir;
  dir.WriteFile("o.csv", "order_id,product_id\n1,2\n");
  auto r = OrderReader::Open(dir.path() + "/o.csv", OrderColumns{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().message(),
              HasSubstr("o.csv:1: missing column 'sku' (columns: "
                        "order_id,product_id)"));
}

TEST(OrderReaderTest, OptionalColumnsMustExistWhenNamed) {
  testing::TempDir dir;
  dir.WriteFile("o.csv", "order_id,sku\n1,2\n");
  OrderColumns cols;
  cols.customer = "user_id";
  auto r = OrderReader::Open(dir.path() + "/o.csv", cols);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("missing column 'user_id'"));
}

absl::Status ReadError(const std::string& path) {
  auto b = ReadBaskets(path, OrderColumns{}, nullptr);
  return b.status();
}

TEST(OrderReaderTest, MalformedLinesGiveTheirLineNumber) {
  testing::TempDir dir;
  dir.WriteFile("fields.csv", "order_id,sku\n1,a\n1,b,extra\n");
  absl::Status s = ReadError(dir.path() + "/fields.csv");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("fields.csv:3: expected 2 fields, got 3"));

  dir.WriteFile("quote.csv", "order_id,sku\n1,a\n\n2,\"b\n");
  s = ReadError(dir.path() + "/quote.csv");
  EXPECT_THAT(s.message(), HasSubstr("quote.csv:4: column 3: unterminated"));

  dir.WriteFile("stray.csv", "order_id,sku\n1,a\"b\n");
  s = ReadError(dir.path() + "/stray.csv");
  EXPECT_THAT(s.message(), HasSubstr("stray.csv:2: column 4: quote inside"));

  dir.WriteFile("noid.csv", "order_id,sku\n1,a\n,b\n");
  s = ReadError(dir.path() + "/noid.csv");
  EXPECT_THAT(s.message(), HasSubstr("noid.csv:3: empty order id"));

  dir.WriteFile("empty.csv", "");
  s = ReadError(dir.path() + "/empty.csv");
  EXPECT_THAT(s.message(), HasSubstr("empty.csv:1: empty file"));

  s = ReadError(dir.path() + "/absent.csv");
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
}

TEST(OrderReaderTest, GzipCutShortIsDataLossWithALineNumber) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/cut.csv.gz";
  std::string text = "order_id,sku\n";
  for (int i = 0; i < 200000; ++i) {
    text += std::to_string(i / 3) + ",sku" + std::to_string(i * 7919 % 100003) +
            "\n";
  }
  WriteGzip(path, text);
  std::string bytes = testing::ReadFileOrDie(path);
  dir.WriteFile("cut.csv.gz", bytes.substr(0, bytes.size() / 2));
  absl::Status s = ReadError(path);
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(s.message(), HasSubstr("cut.csv.gz:"));
  EXPECT_THAT(s.message(), HasSubstr("gzip stream cut short"));
  // The line number is where reading stopped: past the start, before the end.
  const std::string msg(s.message());
  const long line = std::stol(msg.substr(msg.find(".gz:") + 4));
  EXPECT_GT(line, 1000);
  EXPECT_LT(line, 200001);
}

TEST(OrderReaderTest, CorruptGzipIsAnError) {
  testing::TempDir dir;
  WriteGzip(dir.path() + "/bad.csv.gz", ManyLines(2000));
  std::string bytes = testing::ReadFileOrDie(dir.path() + "/bad.csv.gz");
  for (size_t i = 100; i < 200; ++i) bytes[i] = static_cast<char>(~bytes[i]);
  dir.WriteFile("bad.csv.gz", bytes);
  absl::Status s = ReadError(dir.path() + "/bad.csv.gz");
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("bad.csv.gz:"));
}

TEST(LineReaderTest, LongLinesAndNoFinalNewline) {
  testing::TempDir dir;
  const std::string long_line(3 << 20, 'x');  // larger than the buffer
  dir.WriteFile("l.txt", "a\n" + long_line + "\nlast");
  auto r = LineReader::Open(dir.path() + "/l.txt");
  ASSERT_TRUE(r.ok());
  absl::string_view line;
  std::vector<size_t> sizes;
  while (*(*r)->Next(&line)) sizes.push_back(line.size());
  EXPECT_EQ(sizes, (std::vector<size_t>{1, long_line.size(), 4}));
  EXPECT_EQ((*r)->line_number(), 3);
}

}  // namespace
}  // namespace offergraph::mine
