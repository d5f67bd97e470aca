// File: embedded_file.h
// -----------------------------------------------------------------------------
// A file compiled into the binary by cmake/embed_files.cmake (the agent
// console's HTML, CSS and JavaScript under web/console/), so the server
// needs nothing installed beside it.
#ifndef OFFERGRAPH_HTTP_EMBEDDED_FILE_H_
#define OFFERGRAPH_HTTP_EMBEDDED_FILE_H_

#include <cstddef>

namespace offergraph {

// Static data: immutable, lives as long as the program.
struct EmbeddedFile {
  // The path under its source directory, e.g. "app.js".
  const char* name;
  const char* data;
  size_t size;
  // SHA-256 of the content in hex, computed at build time.
  const char* sha256;
};

// The files of web/console/ (generated: console_files.cc in the build dir).
const EmbeddedFile* ConsoleFiles(size_t* count);

}  // namespace offergraph

#endif  // OFFERGRAPH_HTTP_EMBEDDED_FILE_H_
