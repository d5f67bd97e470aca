// File: temp_dir.h
// -----------------------------------------------------------------------------
// A fresh directory under $TMPDIR (or /tmp), removed with everything in it
// when the object dies. For tests that write data directories.
#ifndef OFFERGRAPH_TESTS_TESTING_TEMP_DIR_H_
#define OFFERGRAPH_TESTS_TESTING_TEMP_DIR_H_

#include <string>

namespace offergraph::testing {

// Not thread-safe; owned by one test.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // Writes `contents` to path()/name (creating parent folders) atomically
  // (temporary file + rename), so a concurrent reader sees old or new.
  void WriteFile(const std::string& name, const std::string& contents) const;
  // Removes path()/name if it exists.
  void RemoveFile(const std::string& name) const;
  // Removes the optional deals files (bundles.csv, quantity_breaks.csv,
  // promotions.csv), for tests that replace a copied catalog with their own.
  void RemoveDealsFiles() const;
  // Copies every regular file of `from` into path()/sub (sub may be empty).
  void CopyFrom(const std::string& from, const std::string& sub = "") const;

 private:
  std::string path_;
};

// Reads a whole file; aborts the test binary if it cannot.
std::string ReadFileOrDie(const std::string& path);

}  // namespace offergraph::testing

#endif  // OFFERGRAPH_TESTS_TESTING_TEMP_DIR_H_
