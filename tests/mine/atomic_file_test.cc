// AtomicFileWriter: the target changes only on Commit.
#include "mine/atomic_file.h"

#include <string>

#include "gtest/gtest.h"
#include "testing/temp_dir.h"

namespace offergraph::mine {
namespace {

TEST(AtomicFileTest, StreamedPiecesAppearOnlyOnCommit) {
  testing::TempDir dir;
  dir.WriteFile("out.csv", "old\n");
  const std::string path = dir.path() + "/out.csv";
  {
    auto w = AtomicFileWriter::Create(path);
    ASSERT_TRUE(w.ok()) << w.status();
    ASSERT_TRUE((*w)->Append("half").ok());
  }  // dropped without Commit
  EXPECT_EQ(testing::ReadFileOrDie(path), "old\n");
  auto w = AtomicFileWriter::Create(path);
  ASSERT_TRUE(w.ok()) << w.status();
  ASSERT_TRUE((*w)->Append("a,").ok());
  ASSERT_TRUE((*w)->Append("b\n").ok());
  EXPECT_EQ(testing::ReadFileOrDie(path), "old\n");
  ASSERT_TRUE((*w)->Commit().ok());
  EXPECT_EQ(testing::ReadFileOrDie(path), "a,b\n");
  EXPECT_FALSE((*w)->Commit().ok());
}

TEST(AtomicFileTest, UncreatableFileIsAnError) {
  EXPECT_FALSE(AtomicFileWriter::Create("/nonexistent-dir/x.csv").ok());
}

}  // namespace
}  // namespace offergraph::mine
