// The agent console in a real browser: starts the real offergraph-server on
// the demo data on ephemeral loopback ports, runs console_browser.py
// (headless Chromium through Selenium, from Debian's packages) against it,
// then checks through the API what the page did: the accepted offer is in
// the ledger, and the two switches set both state fields, each without
// clearing the other. Screenshots of each step land in
// <build>/artefacts/console-*.png.
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "offergraph/v1/offer_service.pb.h"
#include "testing/http_client.h"
#include "testing/ready_line.h"
#include "testing/subprocess.h"
#include "testing/temp_dir.h"

namespace offergraph::testing {
namespace {

const std::string kServer =
    std::string(OFFERGRAPH_BINARY_DIR) + "/src/server/offergraph-server";
const std::string kScript =
    std::string(OFFERGRAPH_SOURCE_DIR) + "/tests/console/console_browser.py";
const std::string kArtefacts =
    std::string(OFFERGRAPH_BINARY_DIR) + "/artefacts";
// Debian's python3 (python3-selenium is installed for it), Chromium and its
// driver: scripts/install-deps.sh installs all three.
constexpr char kPython[] = "/usr/bin/python3";
constexpr char kChromium[] = "/usr/bin/chromium";
constexpr char kChromeDriver[] = "/usr/bin/chromedriver";
// Generous: under ASan the server starts and answers several times slower,
// and Chromium's first start in a fresh profile takes seconds. Both together
// stay under the 300 s ctest gives each test (tests/CMakeLists.txt).
const absl::Duration kStartTimeout = absl::Seconds(60);
const absl::Duration kBrowserTimeout = absl::Seconds(200);

// Why the browser test cannot run here; empty when it can.
std::string MissingBrowser() {
  for (const char* path : {kPython, kChromium, kChromeDriver}) {
    if (access(path, X_OK) != 0) return absl::StrCat(path, " is missing");
  }
  Subprocess probe({kPython, "-c", "import selenium"});
  std::optional<int> status = probe.Wait(absl::Seconds(60));
  if (!status || !WIFEXITED(*status) || WEXITSTATUS(*status) != 0) {
    return absl::StrCat(kPython,
                        " cannot import selenium: ", probe.stderr_text());
  }
  return "";
}

// The value of the `key=value` line of the script's output; "" when absent.
std::string Reported(const std::string& output, absl::string_view key) {
  for (absl::string_view line : absl::StrSplit(output, '\n')) {
    if (absl::ConsumePrefix(&line, key) && absl::ConsumePrefix(&line, "=")) {
      return std::string(line);
    }
  }
  return "";
}

TEST(ConsoleBrowserTest, AgentGetsOffersRecordsAnAcceptAndOpensAComplaint) {
  if (const std::string missing = MissingBrowser(); !missing.empty()) {
    GTEST_SKIP() << "no browser to test the console in (" << missing
                 << "); scripts/install-deps.sh installs chromium, "
                    "chromium-driver and python3-selenium";
  }
  TempDir data;
  data.CopyFrom(OFFERGRAPH_DEMO_DIR);
  // A fresh RocksDB ledger of its own: the customer has no history.
  Subprocess server(
      {kServer, "--data_dir=" + data.path(),
       "--ledger_dir=" + data.path() + "/ledger", "--grpc_address=127.0.0.1:0",
       "--metrics_address=127.0.0.1:0", "--http_address=127.0.0.1:0"});
  std::optional<ServerPorts> ports = WaitUntilReady(&server, kStartTimeout);
  ASSERT_TRUE(ports.has_value()) << server.stderr_text();
  ASSERT_GT(ports->http, 0);
  const std::string base = absl::StrCat("http://127.0.0.1:", ports->http);
  const std::string customer = "c-console";

  Subprocess browser(
      {kPython, kScript, "--url=" + base + "/", "--customer=" + customer,
       "--artefacts=" + kArtefacts, std::string("--chromium=") + kChromium,
       std::string("--chromedriver=") + kChromeDriver, "--timeout=90"});
  std::optional<int> status = browser.Wait(kBrowserTimeout);
  const std::string out = browser.stdout_text();
  ASSERT_TRUE(status.has_value()) << "the browser script hung\n"
                                  << out << browser.stderr_text();
  ASSERT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
      << out << browser.stderr_text();
  EXPECT_EQ(Reported(out, "result"), "ok") << out;
  EXPECT_NE(Reported(out, "cards"), "0");
  EXPECT_NE(Reported(out, "why_not"), "0");
  // A screenshot of each step.
  for (const char* step :
       {"1-open", "2-error", "3-offers", "4-accepted", "5-complaint"}) {
    const std::string path =
        absl::StrCat(kArtefacts, "/console-", step, ".png");
    EXPECT_EQ(access(path.c_str(), R_OK), 0) << path;
  }

  // The ledger recorded the accept the page showed as recorded.
  const std::string decision = Reported(out, "decision");
  const std::string accepted = Reported(out, "accepted");
  ASSERT_FALSE(decision.empty()) << out;
  ASSERT_FALSE(accepted.empty()) << out;
  HttpClient client;
  absl::StatusOr<HttpAnswer> answer =
      client.Call("GET", base + "/v1/customers/" + customer);
  ASSERT_TRUE(answer.ok()) << answer.status();
  ASSERT_EQ(answer->status, 200) << answer->body;
  v1::GetCustomerViewResponse view;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(answer->body, &view).ok())
      << answer->body;
  bool found = false;
  for (const v1::DecisionView& d : view.decisions()) {
    if (d.decision_id() != decision) continue;
    for (const v1::OfferedItemView& item : d.offers()) {
      if (item.sku() != accepted) continue;
      for (int outcome : item.outcomes()) {
        found |= outcome == v1::ACCEPTED;
      }
    }
  }
  EXPECT_TRUE(found) << "no ACCEPTED for " << accepted << " in decision "
                     << decision << ": " << answer->body;
  // The complaint switch did not clear budget sensitivity, set before it.
  EXPECT_TRUE(view.complaint_open()) << answer->body;
  EXPECT_TRUE(view.budget_sensitive()) << answer->body;
}

}  // namespace
}  // namespace offergraph::testing
