#include "testing/temp_dir.h"

#include <stdlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace offergraph::testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern =
      std::string(base != nullptr ? base : "/tmp") + "/offergraph-test-XXXXXX";
  char* made = mkdtemp(pattern.data());
  if (made == nullptr) {
    std::perror("mkdtemp");
    std::abort();
  }
  path_ = made;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void TempDir::RemoveFile(const std::string& name) const {
  std::error_code ec;
  fs::remove(fs::path(path_) / name, ec);
}

void TempDir::RemoveDealsFiles() const {
  for (const char* name :
       {"bundles.csv", "quantity_breaks.csv", "promotions.csv"}) {
    RemoveFile(name);
  }
}

void TempDir::WriteFile(const std::string& name,
                        const std::string& contents) const {
  fs::path target = fs::path(path_) / name;
  fs::create_directories(target.parent_path());
  fs::path tmp = target;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << contents;
    if (!out) {
      std::fprintf(stderr, "cannot write %s\n", tmp.c_str());
      std::abort();
    }
  }
  fs::rename(tmp, target);
}

void TempDir::CopyFrom(const std::string& from, const std::string& sub) const {
  fs::path dest = sub.empty() ? fs::path(path_) : fs::path(path_) / sub;
  fs::create_directories(dest);
  for (const auto& entry : fs::directory_iterator(from)) {
    if (entry.is_regular_file()) {
      fs::copy_file(entry.path(), dest / entry.path().filename(),
                    fs::copy_options::overwrite_existing);
    }
  }
}

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::abort();
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace offergraph::testing
