#include "util/file_util.h"

#include <string>

#include "gtest/gtest.h"
#include "testing/temp_dir.h"

namespace offergraph {
namespace {

TEST(MappedFileTest, ContentsSurviveReleasingPages) {
  testing::TempDir dir;
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "row " + std::to_string(i) + "\n";
  dir.WriteFile("big.csv", text);
  absl::StatusOr<MappedFile> file = MappedFile::Open(dir.path() + "/big.csv");
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_EQ(file->contents(), text);
  file->ReleaseBefore(text.size() / 2);
  file->ReleaseBefore(text.size() + 100);  // past the end is fine
  EXPECT_EQ(file->contents(), text);       // re-read from the file on access
  MappedFile moved = *std::move(file);
  EXPECT_EQ(moved.contents(), text);
}

TEST(MappedFileTest, EmptyMissingAndDirectory) {
  testing::TempDir dir;
  dir.WriteFile("empty.csv", "");
  absl::StatusOr<MappedFile> empty =
      MappedFile::Open(dir.path() + "/empty.csv");
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_TRUE(empty->contents().empty());
  EXPECT_EQ(MappedFile::Open(dir.path() + "/nope.csv").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(MappedFile::Open(dir.path()).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReadFileToString(dir.path() + "/nope.csv").status().code(),
            absl::StatusCode::kNotFound);
}

TEST(FileUtilTest, BaseName) {
  EXPECT_EQ(BaseName("/data/edges.csv"), "edges.csv");
  EXPECT_EQ(BaseName("edges.csv"), "edges.csv");
}

}  // namespace
}  // namespace offergraph
