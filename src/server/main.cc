// offergraph-server: the offer service process.
//
// Flags are defined only here and copied into ServerOptions. Signals:
// SIGHUP reloads the data directory; SIGTERM and SIGINT shut down gracefully.
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "ledger/ledger_factory.h"
#include "offergraph/snapshot_loader.h"
#include "server/server.h"
#include "spdlog/sinks/stdout_color_sinks.h"
#include "spdlog/spdlog.h"
#include "util/file_util.h"
#include "util/flag_checks.h"
#include "util/program_flags.h"

ABSL_FLAG(std::string, grpc_address, "127.0.0.1:50051",
          "host:port for gRPC (port 0 picks a free one).");
ABSL_FLAG(std::string, metrics_address, "127.0.0.1:9464",
          "host:port for Prometheus /metrics; empty disables it.");
ABSL_FLAG(std::string, http_address, "127.0.0.1:8080",
          "host:port for the HTTP/JSON API (every RPC as JSON over "
          "HTTP/1.1; TLS with --tls_cert_file); empty disables it.");
ABSL_FLAG(std::string, http_cors_origins, "",
          "Comma-separated origins (scheme://host[:port]) whose pages may call "
          "the HTTP API from a browser (CORS); empty: none.");
ABSL_FLAG(int64_t, http_max_body_bytes, 4 * 1024 * 1024,
          "Largest HTTP request body, bytes; beyond it 413.");
ABSL_FLAG(int, http_max_header_bytes, 16 * 1024,
          "Largest HTTP request line and headers together, bytes; beyond it "
          "431.");
ABSL_FLAG(double, http_timeout_seconds, 30,
          "An HTTP connection that takes longer to send a request (or, kept "
          "alive, to send the next one) or to take an answer is closed.");
ABSL_FLAG(int, http_threads, 2,
          "Threads serving HTTP connections (the ledger calls run on the "
          "ledger threads); in [1, 64].");
ABSL_FLAG(std::string, data_dir, "",
          "Directory with catalog.csv, edges.csv and optional "
          "rules.textproto. Required.");
ABSL_FLAG(std::string, rules, "",
          "Rules file (RuleConfig text proto). Default: rules.textproto in "
          "--data_dir when present, else built-in defaults.");
ABSL_FLAG(std::string, log_level, "info",
          "trace, debug, info, warn, error, critical or off.");
ABSL_FLAG(std::string, ledger_store, "rocksdb",
          "Where contact history lives: rocksdb (durable, on this machine), "
          "redis (shared by a fleet) or memory (lost on exit).");
ABSL_FLAG(std::string, ledger_dir, "offergraph-ledger",
          "RocksDB directory for --ledger_store=rocksdb.");
ABSL_FLAG(std::string, redis_address, "127.0.0.1:6379",
          "host:port of Redis for --ledger_store=redis.");
ABSL_FLAG(bool, ledger_fail_open, true,
          "When the ledger is unreachable: true serves offers without "
          "history, false suppresses all offers (HISTORY_UNAVAILABLE).");
ABSL_FLAG(int, ledger_retention_days, 90,
          "How long decisions and outcomes are kept.");
ABSL_FLAG(bool, ledger_fsync, false,
          "RocksDB: fsync the write-ahead log before acknowledging a write "
          "(survives power loss; without it writes survive a process crash).");
ABSL_FLAG(int, ledger_threads, 4,
          "Threads that make ledger calls, so gRPC's threads never wait on "
          "the store; in [1, 64].");
ABSL_FLAG(int, ledger_circuit_failures, 5,
          "Failed ledger calls in a row that open the circuit breaker (calls "
          "then fail fast, per --ledger_fail_open); in [1, 1000].");
ABSL_FLAG(int, ledger_circuit_cooldown_ms, 5000,
          "How long an open circuit fails ledger calls fast before it lets "
          "one trial call through; in [10, 600000].");
ABSL_FLAG(int, redis_timeout_ms, 250,
          "Redis: longest wait for one command (connect: twice this).");
ABSL_FLAG(double, shutdown_grace_seconds, 5,
          "On SIGTERM, how long in-flight calls may finish.");
ABSL_FLAG(int, max_inflight_rpcs, 1024,
          "Calls in flight (queued or running); beyond it RESOURCE_EXHAUSTED. "
          "0: no bound.");
ABSL_FLAG(int, grpc_memory_quota_mb, 512,
          "Memory gRPC may use for connections and calls, MiB (0: default).");
ABSL_FLAG(std::string, admin_token_file, "",
          "File holding the bearer token for privileged RPCs (AdminService, "
          "customer state, history). Also read from $OFFERGRAPH_ADMIN_TOKEN. "
          "Without a token, privileged RPCs are allowed from loopback only.");
ABSL_FLAG(std::string, tls_cert_file, "", "PEM certificate chain for TLS.");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key for TLS.");
ABSL_FLAG(bool, check_data, false,
          "Load and validate --data_dir and --rules, print a summary and "
          "exit: 0 when valid, 1 with file:line:column when not. Serves "
          "nothing and opens no ledger (for data pipelines and CI).");
ABSL_FLAG(std::string, reload_priority, "low",
          "CPU priority of background reloads: low (nice 10; request "
          "threads win most of the CPU), lowest (nice 19), idle (SCHED_IDLE: "
          "only CPU time no request wants; a reload under heavy load takes "
          "several times as long) or normal.");
ABSL_FLAG(std::string, model_refresh_priority, "idle",
          "CPU priority of the propensity model's refreshes (write and read "
          "the evidence, rebuild the model): idle (the default: SCHED_IDLE, "
          "only CPU time no request wants; a refresh starved for over a "
          "second on saturated cores is lifted to nice 19 until it "
          "completes), lowest (nice 19), low (nice 10) or normal.");
ABSL_FLAG(absl::Duration, experiment_srm_interval, absl::Seconds(60),
          "How often to recompute every configured experiment's "
          "sample-ratio test in the background (one report each, on a "
          "low-priority thread) and export it as "
          "offergraph_experiment_srm_p_value for the "
          "OffergraphSampleRatioMismatch alert, e.g. 60s or 5m; in [1s, 24h], "
          "0 turns it off (then only reports set the gauge).");
ABSL_FLAG(std::string, tls_client_ca_file, "",
          "PEM CA bundle: require and verify client certificates (mTLS).");

namespace offergraph {
namespace {

// After the grace period for calls, how long closing the ledger and freeing
// the rest may take before the shutdown watchdog ends the process.
constexpr absl::Duration kShutdownTeardown = absl::Seconds(2);

// The admin token from --admin_token_file, else $OFFERGRAPH_ADMIN_TOKEN,
// trimmed. Empty when neither is set.
absl::StatusOr<std::string> ReadAdminToken() {
  const std::string path = absl::GetFlag(FLAGS_admin_token_file);
  std::string token;
  if (!path.empty()) {
    absl::StatusOr<std::string> text = ReadFileToString(path);
    if (!text.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--admin_token_file: cannot read \"", path, "\""));
    }
    token = *std::move(text);
  } else if (const char* env = std::getenv("OFFERGRAPH_ADMIN_TOKEN")) {
    token = env;
  }
  token = std::string(absl::StripAsciiWhitespace(token));
  if (!path.empty() && token.empty()) {
    return absl::InvalidArgumentError("--admin_token_file: the file is empty");
  }
  return token;
}

absl::Status ConfigureLogging(const std::string& level_name) {
  spdlog::level::level_enum level = spdlog::level::from_str(level_name);
  if (level == spdlog::level::off && level_name != "off") {
    return absl::InvalidArgumentError(
        absl::StrCat("--log_level: unknown level \"", level_name, "\""));
  }
  auto logger = spdlog::stderr_color_mt("offergraph");
  spdlog::set_default_logger(logger);
  spdlog::set_level(level);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
  return absl::OkStatus();
}

// Every numeric flag in its range and every address parsed, before anything
// is opened: a bad value stops start-up (exit 2) instead of misbehaving
// later (a retention of 0 days expires every decision at once; port 99999
// would be taken modulo 65536 by the socket layer).
absl::Status CheckFlags() {
  struct IntFlag {
    const char* name;
    int64_t value, min, max;
  };
  const IntFlag ints[] = {
      {"--ledger_retention_days", absl::GetFlag(FLAGS_ledger_retention_days), 1,
       36500},
      {"--redis_timeout_ms", absl::GetFlag(FLAGS_redis_timeout_ms), 1, 600000},
      {"--max_inflight_rpcs", absl::GetFlag(FLAGS_max_inflight_rpcs), 0,
       10000000},
      {"--grpc_memory_quota_mb", absl::GetFlag(FLAGS_grpc_memory_quota_mb), 0,
       1024 * 1024},
      {"--http_max_body_bytes", absl::GetFlag(FLAGS_http_max_body_bytes), 1,
       int64_t{1} << 30},
      {"--http_max_header_bytes", absl::GetFlag(FLAGS_http_max_header_bytes),
       1024, 1024 * 1024},
      {"--http_threads", absl::GetFlag(FLAGS_http_threads), 1, 64},
  };
  for (const IntFlag& f : ints) {
    absl::Status s = CheckFlagRange(f.name, f.value, f.min, f.max);
    if (!s.ok()) return s;
  }
  absl::Status s =
      CheckFlagRange("--shutdown_grace_seconds",
                     absl::GetFlag(FLAGS_shutdown_grace_seconds), 0.0, 3600.0);
  if (!s.ok()) return s;
  s = CheckFlagRange("--http_timeout_seconds",
                     absl::GetFlag(FLAGS_http_timeout_seconds), 0.001, 3600.0);
  if (!s.ok()) return s;
  const std::string http = absl::GetFlag(FLAGS_http_address);
  if (!http.empty()) {
    absl::StatusOr<HostPort> h = ParseHostPort("--http_address", http);
    if (!h.ok()) return h.status();
  }
  absl::StatusOr<HostPort> grpc =
      ParseHostPort("--grpc_address", absl::GetFlag(FLAGS_grpc_address));
  if (!grpc.ok()) return grpc.status();
  const std::string metrics = absl::GetFlag(FLAGS_metrics_address);
  if (!metrics.empty()) {
    absl::StatusOr<HostPort> m = ParseHostPort("--metrics_address", metrics);
    if (!m.ok()) return m.status();
  }
  if (absl::GetFlag(FLAGS_ledger_store) == "redis") {
    absl::StatusOr<HostPort> redis =
        ParseHostPort("--redis_address", absl::GetFlag(FLAGS_redis_address));
    if (!redis.ok()) return redis.status();
  }
  return absl::OkStatus();
}

// --check_data: loads the data directory the way the server would and
// reports the result on stdout (summary) or stderr (the first error).
int CheckData(const SnapshotLoadOptions& options) {
  absl::StatusOr<std::shared_ptr<const Snapshot>> snapshot =
      LoadSnapshot(options, /*generation=*/0);
  if (!snapshot.ok()) {
    std::fprintf(stderr, "offergraph-server: %s\n",
                 std::string(snapshot.status().message()).c_str());
    return 1;
  }
  const Snapshot& s = **snapshot;
  std::printf(
      "data ok: %s: snapshot %s, %zu products, %zu cross-sell edges, %zu "
      "upsell edges (%zu derived from tiers), %zu bundles, %zu quantity "
      "breaks, %zu promotions, loaded in %.1f ms\n",
      options.data_dir.c_str(), s.version.c_str(), s.catalog.size(),
      s.graph.edge_count(EdgeKind::kCrossSell),
      s.graph.edge_count(EdgeKind::kUpsell), s.graph.derived_upsell_count(),
      s.deals.bundles().size(), s.deals.quantity_break_count(),
      s.deals.promotions().size(), absl::ToDoubleMilliseconds(s.load_duration));
  return 0;
}

int Run() {
  if (absl::Status s = ConfigureLogging(absl::GetFlag(FLAGS_log_level));
      !s.ok()) {
    std::fprintf(stderr, "offergraph-server: %s\n",
                 std::string(s.message()).c_str());
    return 2;
  }
  if (absl::Status s = CheckFlags(); !s.ok()) {
    spdlog::critical("{}", std::string(s.message()));
    return 2;
  }
  ServerOptions options;
  options.grpc_address = absl::GetFlag(FLAGS_grpc_address);
  options.metrics_address = absl::GetFlag(FLAGS_metrics_address);
  options.http.address = absl::GetFlag(FLAGS_http_address);
  options.http.threads = absl::GetFlag(FLAGS_http_threads);
  options.http.limits.max_body_bytes =
      static_cast<uint64_t>(absl::GetFlag(FLAGS_http_max_body_bytes));
  options.http.limits.max_header_bytes =
      static_cast<uint32_t>(absl::GetFlag(FLAGS_http_max_header_bytes));
  options.http.limits.timeout =
      absl::Seconds(absl::GetFlag(FLAGS_http_timeout_seconds));
  for (absl::string_view origin :
       absl::StrSplit(absl::GetFlag(FLAGS_http_cors_origins), ',',
                      absl::SkipWhitespace())) {
    options.http_cors_origins.emplace_back(absl::StripAsciiWhitespace(origin));
  }
  options.data.data_dir = absl::GetFlag(FLAGS_data_dir);
  options.data.rules_path = absl::GetFlag(FLAGS_rules);
  if (!ParseReloadPriority(absl::GetFlag(FLAGS_reload_priority),
                           &options.reload_priority)) {
    spdlog::critical(
        "--reload_priority: \"{}\" is not one of idle, lowest, low, normal",
        absl::GetFlag(FLAGS_reload_priority));
    return 2;
  }
  if (!ParseBackgroundPriority(absl::GetFlag(FLAGS_model_refresh_priority),
                               &options.model_refresh_priority)) {
    spdlog::critical(
        "--model_refresh_priority: \"{}\" is not one of idle, lowest, low, "
        "normal",
        absl::GetFlag(FLAGS_model_refresh_priority));
    return 2;
  }
  options.offer.ledger_fail_open = absl::GetFlag(FLAGS_ledger_fail_open);
  // Each in [min, max], or a start-up error naming the flag and its value.
  struct IntFlag {
    const char* name;
    int value, min, max;
  };
  for (const IntFlag& f :
       {IntFlag{"ledger_threads", absl::GetFlag(FLAGS_ledger_threads), 1, 64},
        IntFlag{"ledger_circuit_failures",
                absl::GetFlag(FLAGS_ledger_circuit_failures), 1, 1000},
        IntFlag{"ledger_circuit_cooldown_ms",
                absl::GetFlag(FLAGS_ledger_circuit_cooldown_ms), 10, 600000}}) {
    if (f.value < f.min || f.value > f.max) {
      spdlog::critical("--{}: must be in [{}, {}], got {}", f.name, f.min,
                       f.max, f.value);
      return 2;
    }
  }
  options.offer.ledger_threads = absl::GetFlag(FLAGS_ledger_threads);
  options.offer.ledger_circuit.failure_threshold =
      absl::GetFlag(FLAGS_ledger_circuit_failures);
  options.offer.ledger_circuit.cool_down =
      absl::Milliseconds(absl::GetFlag(FLAGS_ledger_circuit_cooldown_ms));
  options.shutdown_grace =
      absl::Seconds(absl::GetFlag(FLAGS_shutdown_grace_seconds));
  options.experiment_srm_interval =
      absl::GetFlag(FLAGS_experiment_srm_interval);
  if (options.experiment_srm_interval != absl::ZeroDuration() &&
      (options.experiment_srm_interval < absl::Seconds(1) ||
       options.experiment_srm_interval > absl::Hours(24))) {
    spdlog::critical(
        "--experiment_srm_interval: must be 0 (off) or in [1s, 24h], got {}",
        absl::FormatDuration(options.experiment_srm_interval));
    return 2;
  }
  options.max_inflight_rpcs = absl::GetFlag(FLAGS_max_inflight_rpcs);
  options.grpc_memory_quota_bytes =
      int64_t{absl::GetFlag(FLAGS_grpc_memory_quota_mb)} * 1024 * 1024;
  options.tls_cert_file = absl::GetFlag(FLAGS_tls_cert_file);
  options.tls_key_file = absl::GetFlag(FLAGS_tls_key_file);
  options.tls_client_ca_file = absl::GetFlag(FLAGS_tls_client_ca_file);
  absl::StatusOr<std::string> token = ReadAdminToken();
  if (!token.ok()) {
    spdlog::critical("{}", std::string(token.status().message()));
    return 2;
  }
  options.admin_token = *token;
  if (options.data.data_dir.empty()) {
    spdlog::critical("--data_dir is required (try --data_dir=data/demo)");
    return 2;
  }
  if (absl::GetFlag(FLAGS_check_data)) return CheckData(options.data);

  LedgerConfig ledger_config;
  ledger_config.store = absl::GetFlag(FLAGS_ledger_store);
  ledger_config.dir = absl::GetFlag(FLAGS_ledger_dir);
  ledger_config.redis_address = absl::GetFlag(FLAGS_redis_address);
  ledger_config.options.retention =
      absl::Hours(24 * absl::GetFlag(FLAGS_ledger_retention_days));
  ledger_config.options.fsync = absl::GetFlag(FLAGS_ledger_fsync);
  ledger_config.options.redis_command_timeout =
      absl::Milliseconds(absl::GetFlag(FLAGS_redis_timeout_ms));
  ledger_config.options.redis_connect_timeout =
      absl::Milliseconds(2 * absl::GetFlag(FLAGS_redis_timeout_ms));
  absl::StatusOr<std::unique_ptr<OfferLedger>> ledger =
      OpenLedger(ledger_config);
  if (!ledger.ok()) {
    spdlog::critical("cannot open the {} ledger: {}", ledger_config.store,
                     std::string(ledger.status().message()));
    return 1;
  }

  spdlog::info(
      "offergraph-server starting: grpc_address={} metrics_address={} "
      "http_address={} http_cors_origins={} "
      "data_dir={} rules={} ledger_store={} ledger_dir={} redis_address={} "
      "ledger_fail_open={} ledger_retention_days={} shutdown_grace_seconds={} "
      "log_level={} max_inflight_rpcs={} grpc_memory_quota_mb={} tls={} "
      "mtls={} admin_auth={} reload_priority={} model_refresh_priority={} "
      "experiment_srm_interval={}",
      options.grpc_address, options.metrics_address,
      options.http.address.empty() ? "(off)" : options.http.address,
      absl::GetFlag(FLAGS_http_cors_origins).empty()
          ? "(none)"
          : absl::GetFlag(FLAGS_http_cors_origins),
      options.data.data_dir,
      options.data.rules_path.empty() ? "(data_dir/rules.textproto or "
                                        "defaults)"
                                      : options.data.rules_path,
      ledger_config.store, ledger_config.dir, ledger_config.redis_address,
      options.offer.ledger_fail_open,
      absl::GetFlag(FLAGS_ledger_retention_days),
      absl::GetFlag(FLAGS_shutdown_grace_seconds),
      absl::GetFlag(FLAGS_log_level), options.max_inflight_rpcs,
      absl::GetFlag(FLAGS_grpc_memory_quota_mb),
      options.tls_cert_file.empty() ? "off" : "on",
      options.tls_client_ca_file.empty() ? "off" : "on",
      options.admin_token.empty() ? "loopback-only" : "bearer-token",
      absl::GetFlag(FLAGS_reload_priority),
      absl::GetFlag(FLAGS_model_refresh_priority),
      absl::FormatDuration(options.experiment_srm_interval));

  absl::StatusOr<std::unique_ptr<Server>> server =
      Server::Start(options, *std::move(ledger));
  if (!server.ok()) {
    spdlog::critical("not starting: {}",
                     std::string(server.status().message()));
    std::fprintf(stderr, "offergraph-server: %s\n",
                 std::string(server.status().message()).c_str());
    return 1;
  }
  Server& srv = **server;
  spdlog::info("serving gRPC on port {}, metrics on port {}, HTTP on port {}",
               srv.grpc_port(), srv.metrics_port(), srv.http_port());
  // One machine-readable line on stdout for supervisors and tests.
  std::printf(
      "offergraph-server ready grpc_port=%d metrics_port=%d http_port=%d\n",
      srv.grpc_port(), srv.metrics_port(), srv.http_port());
  std::fflush(stdout);

  // Bounds the whole shutdown: armed at SIGTERM, it ends the process if the
  // shutdown has not finished by then (a reload stuck reading a file that
  // never ends, a call that never finishes).
  absl::Notification stopped;
  std::thread watchdog;
  auto arm_watchdog = [&stopped, &watchdog, &options] {
    const absl::Time deadline =
        absl::Now() + options.shutdown_grace + kShutdownTeardown;
    watchdog = std::thread([&stopped, deadline] {
      if (stopped.WaitForNotificationWithDeadline(deadline)) return;
      spdlog::error(
          "shutdown did not finish within the grace period and {} for "
          "teardown (a reload stuck reading its files?); exiting without "
          "waiting for it",
          absl::FormatDuration(kShutdownTeardown));
      spdlog::default_logger()->flush();
      std::fflush(stdout);
      std::_Exit(1);
    });
  };

  // Signals were blocked in main() before any thread started, so only this
  // thread receives them.
  std::thread signals([&srv, &arm_watchdog] {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    while (true) {
      int sig = 0;
      if (sigwait(&set, &sig) != 0) continue;
      if (sig == SIGHUP) {
        spdlog::info("SIGHUP: reloading");
        srv.RequestReload(nullptr);
        continue;
      }
      spdlog::info("{}: shutting down gracefully",
                   sig == SIGTERM ? "SIGTERM" : "SIGINT");
      arm_watchdog();
      srv.Shutdown();
      return;
    }
  });
  srv.Wait();
  signals.join();
  server->reset();
  stopped.Notify();
  if (watchdog.joinable()) watchdog.join();
  spdlog::info("offergraph-server stopped");
  return 0;
}

}  // namespace
}  // namespace offergraph

int main(int argc, char** argv) {
  // Debian's Abseil is built with its debug checks, so every absl::Mutex
  // lock (gRPC takes ~28 per call) also updates a global lock-order graph
  // for deadlock detection: ~9,000 instructions per Suggest and a process-
  // wide lock. Off in the binary; tests keep it on.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  // Block the signals we handle before any thread exists, so every thread
  // inherits the mask and the dedicated signal thread alone receives them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  offergraph::ParseProgramFlags(
      argc, argv,
      "offergraph-server: real-time cross-sell and upsell offers over gRPC "
      "and\n"
      "HTTP/JSON.\n"
      "Usage: offergraph-server --data_dir=DIR [flags]");
  return offergraph::Run();
}
