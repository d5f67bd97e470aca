// Every offergraph program's --help lists its own flags with their help text
// (regression: Abseil's default filter matched no file, so --help printed
// "No flags matched" for every binary).
#include <sys/wait.h>

#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "google/protobuf/util/json_util.h"
#include "offergraph/v1/offer_service.pb.h"
#include "testing/subprocess.h"
#include "testing/temp_dir.h"

namespace offergraph::testing {
namespace {

struct Program {
  std::string path;  // under the build directory
  std::string flag;  // one flag it must list
  std::string help;  // and a piece of that flag's help text
};

// The flags a --help/--helpfull text lists: "--name" for each flag line,
// only from sections whose file is not Abseil's own when `ours_only`.
std::set<std::string> ListedFlags(const std::string& text, bool ours_only) {
  std::set<std::string> flags;
  bool ours = true;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (absl::ConsumePrefix(&line, "  Flags from ")) {
      ours = !absl::StrContains(line, "absl/");
      continue;
    }
    if (!absl::ConsumePrefix(&line, "    --")) continue;
    if (ours_only && !ours) continue;
    flags.insert(std::string(line.substr(0, line.find_first_of(" ("))));
  }
  return flags;
}

// Runs `path flag` and returns what it printed on stdout and stderr.
std::string RunProgram(const std::string& path, const std::string& flag) {
  Subprocess p({path, flag});
  std::optional<int> status = p.Wait(absl::Seconds(60));
  EXPECT_TRUE(status.has_value()) << path << " " << flag << " did not exit";
  if (status) {
    EXPECT_TRUE(WIFEXITED(*status)) << path;
  }
  return p.stdout_text() + p.stderr_text();
}

TEST(ProgramHelpTest, EveryProgramListsItsFlagsWithTheirHelp) {
  const std::string bin = OFFERGRAPH_BINARY_DIR;
  const std::vector<Program> programs = {
      {"/src/server/offergraph-server", "ledger_retention_days",
       "How long decisions and outcomes are kept."},
      {"/src/server/offergraph-server", "http_address",
       "host:port for the HTTP/JSON API"},
      {"/src/server/offergraph-server", "http_cors_origins",
       "Comma-separated origins (scheme://host[:port])"},
      {"/src/cli/offergraph", "admin_token", "Bearer token"},
      {"/src/mine/offergraph-mine", "min_support",
       "Minimum number of orders holding both items."},
      {"/src/mine/offergraph-catalog", "products",
       "Products table (plain or gzip)."},
      {"/src/mine/offergraph-eval", "orders",
       "Orders CSV (plain or gzip), header row."},
      {"/src/tools/offergraph-gen", "out_dir",
       "Directory to write the data into."},
      {"/src/tools/offergraph-loadgen", "target", "Server address."},
      {"/src/tools/offergraph-noop-server", "grpc_address",
       "Address to listen on"},
      {"/src/sim/offergraph-sim", "sessions", "Sessions to play."},
  };
  for (const Program& program : programs) {
    SCOPED_TRACE(program.path);
    const std::string help = RunProgram(bin + program.path, "--help");
    EXPECT_THAT(help, ::testing::Not(::testing::HasSubstr("No flags matched")));
    const std::set<std::string> listed = ListedFlags(help, false);
    EXPECT_THAT(listed, ::testing::Contains(program.flag)) << help;
    EXPECT_THAT(help, ::testing::HasSubstr(program.help));
    // Exactly the program's own flags: all of them, and none of Abseil's.
    const std::set<std::string> all =
        ListedFlags(RunProgram(bin + program.path, "--helpfull"), true);
    EXPECT_FALSE(all.empty());
    EXPECT_EQ(listed, all);
  }
}

// scripts/http-bench.sh replays the load generator's pool over HTTP: each
// line must be a SuggestRequest in proto3 JSON, as POST /v1/suggest takes.
TEST(LoadgenPoolTest, WritesItsPoolAsTheJsonBodiesOfSuggest) {
  TempDir dir;
  const std::string out = dir.path() + "/pool.jsonl";
  Subprocess p({std::string(OFFERGRAPH_BINARY_DIR) +
                    "/src/tools/offergraph-loadgen",
                "--data_dir=" OFFERGRAPH_DEMO_DIR, "--pool=50",
                "--cart_lines=3", "--write_pool_json=" + out});
  std::optional<int> status = p.Wait(absl::Seconds(60));
  ASSERT_TRUE(status.has_value());
  ASSERT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
      << p.stderr_text();
  std::ifstream in(out);
  std::string line;
  int lines = 0;
  while (std::getline(in, line)) {
    ++lines;
    v1::SuggestRequest request;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(line, &request)
                    .ok())
        << line;
    EXPECT_EQ(request.cart_size(), 3) << line;
    EXPECT_FALSE(request.customer_id().empty() && request.session_id().empty())
        << line;
    EXPECT_NE(request.channel(), v1::CHANNEL_UNSPECIFIED) << line;
  }
  EXPECT_EQ(lines, 50);
}

}  // namespace
}  // namespace offergraph::testing
