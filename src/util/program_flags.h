// File: program_flags.h
// -----------------------------------------------------------------------------
// Command-line parsing shared by every offergraph program, so that `--help`
// lists each program's own flags with their help text.
//
// Why: Abseil's --help shows only flags defined in a file named after the
// program (offergraph-server.cc, offergraph-server_main.cc, ...). Our flags
// live in each program's main.cc, so --help printed "No flags matched" and
// listed nothing. --helpfull still lists Abseil's own flags as well.
#ifndef OFFERGRAPH_UTIL_PROGRAM_FLAGS_H_
#define OFFERGRAPH_UTIL_PROGRAM_FLAGS_H_

#include <vector>

#include "absl/strings/string_view.h"

namespace offergraph {

// Sets the usage message, makes --help and --helpshort list every flag not
// defined by Abseil itself, and parses argv (Abseil's ParseCommandLine:
// exits on a bad flag or after --help). Returns the positional arguments,
// argv[0] first. Call once, at the top of main().
std::vector<char*> ParseProgramFlags(int argc, char** argv,
                                     absl::string_view usage);

}  // namespace offergraph

#endif  // OFFERGRAPH_UTIL_PROGRAM_FLAGS_H_
