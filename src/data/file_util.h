// File: file_util.h
// -----------------------------------------------------------------------------
// Whole-file reads with canonical errors.
#ifndef OFFERGRAPH_DATA_FILE_UTIL_H_
#define OFFERGRAPH_DATA_FILE_UTIL_H_

#include <string>

#include "absl/status/statusor.h"

namespace offergraph {

// The file's bytes; NOT_FOUND when it does not exist, another error when it
// cannot be read.
absl::StatusOr<std::string> ReadFileToString(const std::string& path);

bool FileExists(const std::string& path);

}  // namespace offergraph

#endif  // OFFERGRAPH_DATA_FILE_UTIL_H_
