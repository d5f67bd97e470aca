// offergraph: a command-line client for people.
//
//   offergraph suggest --cart=LAPTOP-14,MOUSE-WL:2 --channel=checkout
//   offergraph outcome --decision=ID --sku=LAPTOP-BAG --outcome=accepted
//   offergraph state --customer=c42 --complaint_open=true
//   offergraph view --customer=c42 | erase --customer=c42
//   offergraph status | reload
//   offergraph health [--service=offergraph.v1.OfferService]
//   offergraph experiment report NAME [--sequential]
//
// Prints readable text by default, the response as JSON with --json.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "google/protobuf/util/json_util.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/support/client_interceptor.h"
#include "offergraph/v1/offer_service.grpc.pb.h"
#include "util/file_util.h"
#include "util/money.h"
#include "util/program_flags.h"

ABSL_FLAG(std::string, server, "127.0.0.1:50051", "offergraph-server address.");
ABSL_FLAG(std::string, tls_ca_file, "",
          "PEM CA bundle: connect with TLS and verify the server against it.");
ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM client certificate chain for mTLS (with --tls_key_file).");
ABSL_FLAG(std::string, tls_key_file, "", "PEM client private key for mTLS.");
ABSL_FLAG(std::string, service, "",
          "health: the service to ask about (empty: the whole server).");
ABSL_FLAG(int, timeout_ms, 2000, "Deadline for each call, milliseconds.");
ABSL_FLAG(bool, json, false, "Print the response as JSON.");
ABSL_FLAG(std::string, admin_token, "",
          "Bearer token for privileged commands (state, view, erase, status, "
          "reload); default --admin_token_file, else "
          "$OFFERGRAPH_ADMIN_TOKEN. Visible in the process list: prefer the "
          "file or the variable.");
ABSL_FLAG(std::string, admin_token_file, "",
          "File holding the bearer token (as the server's "
          "--admin_token_file).");
// suggest
ABSL_FLAG(std::string, cart, "", "Cart lines: SKU[:QTY],SKU[:QTY],...");
ABSL_FLAG(std::string, channel, "checkout",
          "checkout, support_desk, post_purchase, browse or renewal.");
ABSL_FLAG(std::string, customer, "",
          "Customer id (suggest, outcome, state, view, erase).");
ABSL_FLAG(std::string, session, "", "Session id (guests).");
ABSL_FLAG(std::string, kinds, "", "cross_sell, upsell or both (empty).");
ABSL_FLAG(int, max_offers, 0, "Offers at most (0 = server default).");
ABSL_FLAG(bool, complaint, false, "Signal: a complaint is open.");
ABSL_FLAG(bool, budget_sensitive, false,
          "Signal: budget-sensitive session (suggest); state: set it.");
ABSL_FLAG(int64_t, budget_limit, 0,
          "Signal: budget for one cross-sell, in minor units (cents).");
ABSL_FLAG(bool, overwhelmed, false, "Signal: the customer is overwhelmed.");
ABSL_FLAG(int, tenure_days, 0, "Signal: days since the customer joined.");
ABSL_FLAG(std::string, owned, "", "Skus the customer owns: SKU,SKU,...");
ABSL_FLAG(bool, explain, false, "List suppressed candidates and why.");
// outcome
ABSL_FLAG(std::string, decision, "", "Decision id from suggest.");
ABSL_FLAG(std::string, sku, "", "The offered sku.");
ABSL_FLAG(std::string, outcome, "", "presented, accepted or declined.");
// experiment report
ABSL_FLAG(bool, sequential, false,
          "experiment report: add always-valid (sequential) intervals.");
// state
ABSL_FLAG(bool, complaint_open, false,
          "state: complaint open (changed only when given).");

namespace offergraph {
namespace {

using v1::AdminService;
using v1::OfferService;

int Fail(const std::string& message) {
  std::fprintf(stderr, "offergraph: %s\n", message.c_str());
  return 2;
}

int FailRpc(const char* what, const grpc::Status& status) {
  std::fprintf(stderr, "offergraph: %s failed (gRPC code %d): %s\n", what,
               static_cast<int>(status.error_code()),
               status.error_message().c_str());
  return 1;
}

void SetDeadline(grpc::ClientContext* context) {
  context->set_deadline(
      std::chrono::system_clock::now() +
      std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms)));
}

void PrintJson(const google::protobuf::Message& message) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(message, &out, options);
  std::cout << out;
}

std::string KindName(v1::OfferKind kind) {
  return kind == v1::UPSELL       ? "upsell"
         : kind == v1::CROSS_SELL ? "cross-sell"
         : kind == v1::BUNDLE     ? "bundle"
         : kind == v1::QUANTITY   ? "quantity"
                                  : "?";
}

int Suggest(const std::shared_ptr<grpc::Channel>& channel) {
  v1::SuggestRequest request;
  request.set_customer_id(absl::GetFlag(FLAGS_customer));
  request.set_session_id(absl::GetFlag(FLAGS_session));
  v1::Channel ch;
  if (!v1::Channel_Parse(absl::AsciiStrToUpper(absl::GetFlag(FLAGS_channel)),
                         &ch)) {
    return Fail("--channel: unknown channel \"" + absl::GetFlag(FLAGS_channel) +
                "\"");
  }
  request.set_channel(ch);
  for (absl::string_view item :
       absl::StrSplit(absl::GetFlag(FLAGS_cart), ',', absl::SkipEmpty())) {
    std::vector<std::string> parts = absl::StrSplit(item, ':');
    v1::CartLine* line = request.add_cart();
    line->set_sku(parts[0]);
    int qty = 1;
    if (parts.size() > 1 && !absl::SimpleAtoi(parts[1], &qty)) {
      return Fail("--cart: bad quantity in \"" + std::string(item) + "\"");
    }
    line->set_quantity(qty);
  }
  for (absl::string_view kind :
       absl::StrSplit(absl::GetFlag(FLAGS_kinds), ',', absl::SkipEmpty())) {
    v1::OfferKind k;
    if (!v1::OfferKind_Parse(absl::AsciiStrToUpper(kind), &k)) {
      return Fail("--kinds: unknown kind \"" + std::string(kind) + "\"");
    }
    request.add_kinds(k);
  }
  for (absl::string_view sku :
       absl::StrSplit(absl::GetFlag(FLAGS_owned), ',', absl::SkipEmpty())) {
    request.add_owned_skus(std::string(sku));
  }
  request.set_max_offers(absl::GetFlag(FLAGS_max_offers));
  v1::SessionSignals* s = request.mutable_signals();
  s->set_complaint_open(absl::GetFlag(FLAGS_complaint));
  s->set_budget_sensitive(absl::GetFlag(FLAGS_budget_sensitive));
  s->set_budget_limit(absl::GetFlag(FLAGS_budget_limit));
  s->set_overwhelmed(absl::GetFlag(FLAGS_overwhelmed));
  s->set_tenure_days(absl::GetFlag(FLAGS_tenure_days));
  request.set_explain(absl::GetFlag(FLAGS_explain));

  auto stub = OfferService::NewStub(channel);
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::SuggestResponse response;
  grpc::Status status = stub->Suggest(&context, request, &response);
  if (!status.ok()) return FailRpc("Suggest", status);
  if (absl::GetFlag(FLAGS_json)) {
    PrintJson(response);
    return 0;
  }
  std::printf("snapshot %s", response.snapshot_version().c_str());
  if (!response.decision_id().empty()) {
    std::printf(", decision %s", response.decision_id().c_str());
  }
  std::printf("\n");
  if (response.suppression() != v1::SUPPRESSION_REASON_UNSPECIFIED) {
    std::printf("no offers: %s\n",
                v1::SuppressionReason_Name(response.suppression()).c_str());
  } else if (response.offers().empty()) {
    std::printf("no offers\n");
  }
  int rank = 0;
  for (const v1::Offer& offer : response.offers()) {
    std::string price =
        FormatMoney(offer.price().units(), offer.price().currency());
    if (offer.kind() == v1::UPSELL) {
      price += absl::StrFormat(" (%s%s)",
                               offer.price_delta().units() >= 0 ? "+" : "",
                               FormatMoney(offer.price_delta().units(),
                                           offer.price_delta().currency()));
    }
    std::printf("%d. %-10s %s  %s  %s\n", ++rank,
                KindName(offer.kind()).c_str(), offer.sku().c_str(),
                offer.name().c_str(), price.c_str());
    // With learning on: the calibrated chance, its 90% interval, and what
    // it rests on (the prior alone, or so many showings of this offer).
    std::string chance = absl::StrFormat("propensity %.2f", offer.propensity());
    if (offer.propensity_source() == v1::PRIOR ||
        offer.propensity_source() == v1::LEARNED) {
      absl::StrAppend(
          &chance,
          absl::StrFormat(
              " (90%%: %.2f-%.2f, %s)", offer.propensity_low(),
              offer.propensity_high(),
              offer.propensity_source() == v1::PRIOR
                  ? std::string("prior")
                  : absl::StrFormat("%.0f showings", offer.evidence())));
      if (offer.choice_probability() < 1) {
        absl::StrAppend(&chance, absl::StrFormat("  explored (p=%.3f)",
                                                 offer.choice_probability()));
      }
    }
    std::printf("   %s from %s  score %.3f  %s\n", offer.reason().c_str(),
                absl::StrJoin(offer.anchor_skus(), "+").c_str(), offer.score(),
                chance.c_str());
    if (!offer.pitch().empty()) {
      std::printf("   pitch: \"%s\"\n", offer.pitch().c_str());
    }
    // Deals: what to add, what it costs on top and saves, until when.
    if (offer.kind() == v1::BUNDLE || offer.kind() == v1::QUANTITY ||
        offer.saving().units() > 0) {
      for (const v1::OfferItem& item : offer.items()) {
        std::printf("   add %d x %s at %s\n", item.quantity(),
                    item.sku().c_str(),
                    FormatMoney(item.unit_price().units(),
                                item.unit_price().currency())
                        .c_str());
      }
      std::string deal = absl::StrFormat(
          "   pays %s more, saves %s",
          FormatMoney(offer.extra_pay().units(), offer.extra_pay().currency()),
          FormatMoney(offer.saving().units(), offer.saving().currency()));
      if (offer.has_original_price()) {
        absl::StrAppend(&deal, " (was ",
                        FormatMoney(offer.original_price().units(),
                                    offer.original_price().currency()),
                        ")");
      }
      if (!offer.promotion_id().empty()) {
        absl::StrAppend(&deal, " promotion ", offer.promotion_id());
      }
      if (offer.has_expires_at()) {
        absl::StrAppend(
            &deal, " until ",
            absl::FormatTime("%Y-%m-%d %H:%M UTC",
                             absl::FromUnixSeconds(offer.expires_at().seconds()),
                             absl::UTCTimeZone()));
      }
      std::printf("%s\n", deal.c_str());
    }
  }
  if (!response.unknown_skus().empty()) {
    std::printf("ignored unknown skus: %s\n",
                absl::StrJoin(response.unknown_skus(), ", ").c_str());
  }
  if (!response.suppressed().empty()) {
    std::printf("suppressed:\n");
    for (const v1::Suppressed& s : response.suppressed()) {
      std::printf("   %-10s %-16s %s%s%s\n", KindName(s.kind()).c_str(),
                  s.sku().c_str(),
                  v1::SuppressionReason_Name(s.reason()).c_str(),
                  s.promotion_id().empty() ? "" : " promotion ",
                  s.promotion_id().c_str());
    }
  }
  return 0;
}

int Outcome(const std::shared_ptr<grpc::Channel>& channel) {
  v1::RecordOutcomeRequest request;
  request.set_decision_id(absl::GetFlag(FLAGS_decision));
  request.set_customer_id(absl::GetFlag(FLAGS_customer));
  request.set_sku(absl::GetFlag(FLAGS_sku));
  v1::Outcome outcome = v1::OUTCOME_UNSPECIFIED;
  if (!absl::GetFlag(FLAGS_outcome).empty() &&
      !v1::Outcome_Parse(absl::AsciiStrToUpper(absl::GetFlag(FLAGS_outcome)),
                         &outcome)) {
    return Fail("--outcome: must be presented, accepted or declined");
  }
  request.set_outcome(outcome);
  auto stub = OfferService::NewStub(channel);
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::RecordOutcomeResponse response;
  grpc::Status status = stub->RecordOutcome(&context, request, &response);
  if (!status.ok()) return FailRpc("RecordOutcome", status);
  if (absl::GetFlag(FLAGS_json)) {
    PrintJson(response);
  } else {
    std::printf("recorded %s for %s%s\n", v1::Outcome_Name(outcome).c_str(),
                request.sku().c_str(),
                response.duplicate() ? " (duplicate, counted once)" : "");
  }
  return 0;
}

// Whether the boolean flag `name` is on the command line, in any form absl
// accepts (--name, --name=v, --noname, one dash too), before a bare "--".
// absl keeps this to itself (CommandLineFlag::IsSpecifiedOnCommandLine is
// private), and a default value cannot tell "not given" from "given false".
bool BoolFlagGiven(int argc, char** argv, absl::string_view name) {
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (arg == "--") break;
    if (!absl::ConsumePrefix(&arg, "--") && !absl::ConsumePrefix(&arg, "-")) {
      continue;
    }
    arg = arg.substr(0, arg.find('='));
    if (arg == name || (absl::ConsumePrefix(&arg, "no") && arg == name)) {
      return true;
    }
  }
  return false;
}

// Sends only the state flags given on the command line: the others keep
// their stored value.
int State(const std::shared_ptr<grpc::Channel>& channel, int argc,
          char** argv) {
  v1::SetCustomerStateRequest request;
  request.set_customer_id(absl::GetFlag(FLAGS_customer));
  if (BoolFlagGiven(argc, argv, "complaint_open")) {
    request.set_complaint_open(absl::GetFlag(FLAGS_complaint_open));
  }
  if (BoolFlagGiven(argc, argv, "budget_sensitive")) {
    request.set_budget_sensitive(absl::GetFlag(FLAGS_budget_sensitive));
  }
  if (!request.has_complaint_open() && !request.has_budget_sensitive()) {
    std::fprintf(stderr,
                 "state: give --complaint_open and/or --budget_sensitive "
                 "(only the flags given change)\n");
    return 2;
  }
  auto stub = OfferService::NewStub(channel);
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::SetCustomerStateResponse response;
  grpc::Status status = stub->SetCustomerState(&context, request, &response);
  if (!status.ok()) return FailRpc("SetCustomerState", status);
  if (absl::GetFlag(FLAGS_json)) {
    PrintJson(response);
  } else {
    std::printf("customer state set: complaint_open=%s budget_sensitive=%s\n",
                response.complaint_open() ? "true" : "false",
                response.budget_sensitive() ? "true" : "false");
  }
  return 0;
}

// "+1.23 [0.50, 1.96]" for an interval.
std::string FormatInterval(const v1::Interval& i, double scale,
                           const char* unit) {
  return absl::StrFormat("%+.2f%s [%+.2f, %+.2f]", i.point() * scale, unit,
                         i.lower() * scale, i.upper() * scale);
}

void PrintLift(const char* name, const v1::MetricLift& m, double scale,
               const char* unit) {
  if (!m.unavailable().empty()) {
    std::printf("  %-18s n/a: %s\n", name, m.unavailable().c_str());
    return;
  }
  std::printf("  %-18s %s", name,
              FormatInterval(m.absolute(), scale, unit).c_str());
  if (m.has_relative()) {
    std::printf("  relative %s", FormatInterval(m.relative(), 100, "%").c_str());
  }
  std::printf("  p=%.4g\n", m.p_value());
}

int ExperimentReport(const std::shared_ptr<grpc::Channel>& channel,
                     const std::string& name) {
  auto stub = AdminService::NewStub(channel);
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::GetExperimentReportRequest request;
  request.set_experiment(name);
  request.set_sequential(absl::GetFlag(FLAGS_sequential));
  v1::GetExperimentReportResponse r;
  grpc::Status status = stub->GetExperimentReport(&context, request, &r);
  if (!status.ok()) return FailRpc("GetExperimentReport", status);
  if (absl::GetFlag(FLAGS_json)) {
    PrintJson(r);
    return 0;
  }
  std::printf("experiment %s: control arm %s (the %s)\n",
              r.experiment().c_str(), r.control_arm().c_str(),
              r.control_rule().c_str());
  std::printf("%-12s %7s %8s %10s %7s %10s %13s %10s %8s\n", "arm", "share",
              "units", "decisions", "orders", "conversion", "revenue/unit",
              "AOV", "accept");
  for (const v1::ArmReport& a : r.arms()) {
    std::printf("%-12s %7.3f %8lld %10lld %7lld %9.2f%% %13.2f %10.2f %7.2f%%\n",
                a.arm().c_str(), a.expected_share(),
                static_cast<long long>(a.units()),
                static_cast<long long>(a.decisions()),
                static_cast<long long>(a.orders()), a.conversion() * 100,
                a.revenue_per_unit(), a.average_order_value(),
                a.acceptance_rate() * 100);
  }
  std::printf("(money in minor units, e.g. cents; intervals are 95%%)\n");
  for (const v1::ArmComparison& c : r.comparisons()) {
    std::printf("%s vs %s:\n", c.arm().c_str(), r.control_arm().c_str());
    PrintLift("conversion", c.conversion(), 100, "pp");
    PrintLift("revenue per unit", c.revenue_per_unit(), 1, "");
    if (c.cuped_applied()) {
      std::printf("  %-18s CUPED applied (pre-period revenue): variance "
                  "-%.1f%%\n",
                  "", c.cuped_variance_reduction() * 100);
    }
    PrintLift("AOV", c.average_order_value(), 1, "");
    if (c.has_sequential_revenue_per_unit()) {
      std::printf("  %-18s %s  always valid, p=%.4g\n", "sequential rev/unit",
                  FormatInterval(c.sequential_revenue_per_unit(), 1, "").c_str(),
                  c.sequential_p_value());
    }
  }
  const v1::SampleRatioTest& srm = r.sample_ratio();
  if (!srm.unavailable().empty() && srm.chi_square() == 0) {
    std::printf("sample ratio: n/a: %s\n", srm.unavailable().c_str());
  } else {
    std::printf("sample ratio: chi2=%.3f p=%.4g %s\n", srm.chi_square(),
                srm.p_value(),
                srm.mismatch() ? "MISMATCH (p < 0.001): the arms' unit counts "
                                 "do not fit their shares; do not trust the "
                                 "lifts"
                               : "ok");
  }
  return 0;
}

int Status(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = AdminService::NewStub(channel);
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::GetStatusResponse r;
  grpc::Status status = stub->GetStatus(&context, v1::GetStatusRequest(), &r);
  if (!status.ok()) return FailRpc("GetStatus", status);
  if (absl::GetFlag(FLAGS_json)) {
    PrintJson(r);
    return 0;
  }
  std::printf(
      "snapshot %s (generation %lld) from %s\n"
      "  loaded %s in %.1f ms\n"
      "  %lld products, %lld cross-sell edges, %lld upsell edges (%lld "
      "derived from tiers)\n"
      "  reloads: %lld ok, %lld failed%s%s\n"
      "  ledger: %s\n",
      r.snapshot_version().c_str(),
      static_cast<long long>(r.snapshot_generation()), r.data_dir().c_str(),
      absl::FormatTime(absl::RFC3339_sec,
                       absl::FromUnixSeconds(r.loaded_at_unix_seconds()),
                       absl::UTCTimeZone())
          .c_str(),
      r.load_duration_seconds() * 1000,
      static_cast<long long>(r.product_count()),
      static_cast<long long>(r.cross_sell_edge_count()),
      static_cast<long long>(r.upsell_edge_count()),
      static_cast<long long>(r.derived_upsell_edge_count()),
      static_cast<long long>(r.reloads_ok()),
      static_cast<long long>(r.reloads_failed()),
      r.last_reload_error().empty() ? "" : "; last error: ",
      r.last_reload_error().c_str(), r.ledger_store().c_str());
  const v1::LearningStatus& l = r.learning();
  if (!l.enabled()) {
    std::printf("  learning: off (offers carry the graph's statistic)\n");
    return 0;
  }
  std::string calibrated;
  for (int c : l.calibrated_channels()) {
    absl::StrAppend(&calibrated, calibrated.empty() ? "" : ",",
                    absl::AsciiStrToLower(
                        v1::Channel_Name(static_cast<v1::Channel>(c))));
  }
  std::printf(
      "  learning: model of %lld offers from %.0f showings, built %s; %lld "
      "outcomes learned since start (%lld dropped); calibrated: %s\n",
      static_cast<long long>(l.model_offers()), l.model_showings(),
      l.model_built_at_unix_seconds() == 0
          ? "never"
          : absl::FormatTime(absl::RFC3339_sec,
                             absl::FromUnixSeconds(
                                 l.model_built_at_unix_seconds()),
                             absl::UTCTimeZone())
                .c_str(),
      static_cast<long long>(l.outcomes_observed()),
      static_cast<long long>(l.outcomes_dropped()),
      calibrated.empty() ? "none yet" : calibrated.c_str());
  if (l.evidence_store() == "process") {
    std::printf("  evidence: in this process only (memory ledger)\n");
  } else {
    std::printf("  evidence: %s, %s; %lld outcomes waiting to be written",
                l.evidence_store().c_str(),
                l.evidence_store_up() ? "up" : "FAILING",
                static_cast<long long>(l.evidence_unflushed()));
    if (!l.evidence_error().empty()) {
      std::printf("; last error: %s", l.evidence_error().c_str());
    }
    if (l.evidence_corrupt_counters() > 0) {
      std::printf("; %lld unreadable counters skipped (e.g. %s)",
                  static_cast<long long>(l.evidence_corrupt_counters()),
                  l.evidence_corrupt_example().c_str());
    }
    std::printf("\n");
  }
  return 0;
}

// Asks the standard grpc.health.v1.Health service; exit 0 only when SERVING,
// so it serves as a container health check.
int Health(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  SetDeadline(&context);
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(absl::GetFlag(FLAGS_service));
  grpc::health::v1::HealthCheckResponse r;
  grpc::Status status = stub->Check(&context, request, &r);
  if (!status.ok()) return FailRpc("Health.Check", status);
  const std::string name =
      grpc::health::v1::HealthCheckResponse::ServingStatus_Name(r.status());
  std::printf("%s\n", name.c_str());
  return r.status() == grpc::health::v1::HealthCheckResponse::SERVING ? 0 : 1;
}

int Reload(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = AdminService::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::minutes(5));
  v1::ReloadResponse r;
  grpc::Status status = stub->Reload(&context, v1::ReloadRequest(), &r);
  if (!status.ok()) return FailRpc("Reload", status);
  std::printf("reloaded: snapshot %s now serving\n",
              r.snapshot_version().c_str());
  return 0;
}

// A customer's recent offers, outcomes, rests and state (support desk).
int View(const std::shared_ptr<grpc::Channel>& channel) {
  v1::GetCustomerViewRequest request;
  request.set_customer_id(absl::GetFlag(FLAGS_customer));
  auto stub = OfferService::NewStub(channel);
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::GetCustomerViewResponse r;
  grpc::Status status = stub->GetCustomerView(&context, request, &r);
  if (!status.ok()) return FailRpc("GetCustomerView", status);
  if (absl::GetFlag(FLAGS_json)) {
    PrintJson(r);
    return 0;
  }
  std::printf("complaint_open=%s budget_sensitive=%s\n",
              r.complaint_open() ? "true" : "false",
              r.budget_sensitive() ? "true" : "false");
  std::printf("offer responses in the last 24 hours: %d\n",
              r.offer_responses_last_24h());
  for (const v1::ActiveRest& rest : r.active_rests()) {
    std::printf(
        "rest %-16s %-18s until %s\n",
        rest.sku().empty() ? "(all offers)" : rest.sku().c_str(),
        v1::SuppressionReason_Name(rest.reason()).c_str(),
        absl::FormatTime(absl::RFC3339_sec,
                         absl::FromUnixSeconds(rest.until_unix_seconds()),
                         absl::UTCTimeZone())
            .c_str());
  }
  for (const v1::DecisionView& d : r.decisions()) {
    std::printf("decision %s %s %s\n", d.decision_id().c_str(),
                absl::FormatTime(absl::RFC3339_sec,
                                 absl::FromUnixSeconds(d.time_unix_seconds()),
                                 absl::UTCTimeZone())
                    .c_str(),
                v1::Channel_Name(d.channel()).c_str());
    for (const v1::OfferedItemView& o : d.offers()) {
      std::vector<std::string> outcomes;
      for (int outcome : o.outcomes()) {
        outcomes.push_back(v1::Outcome_Name(static_cast<v1::Outcome>(outcome)));
      }
      std::printf(
          "   %-10s %-16s %s\n", KindName(o.kind()).c_str(), o.sku().c_str(),
          outcomes.empty() ? "-" : absl::StrJoin(outcomes, ",").c_str());
    }
  }
  return 0;
}

// Erases everything the ledger holds about a customer (privacy request).
int Erase(const std::shared_ptr<grpc::Channel>& channel) {
  v1::EraseCustomerRequest request;
  // One of the two; the server names the field when both or neither are
  // given.
  request.set_customer_id(absl::GetFlag(FLAGS_customer));
  request.set_session_id(absl::GetFlag(FLAGS_session));
  auto stub = OfferService::NewStub(channel);
  grpc::ClientContext context;
  SetDeadline(&context);
  v1::EraseCustomerResponse r;
  grpc::Status status = stub->EraseCustomer(&context, request, &r);
  if (!status.ok()) return FailRpc("EraseCustomer", status);
  if (absl::GetFlag(FLAGS_json)) {
    PrintJson(r);
  } else {
    std::printf("erased %lld records\n",
                static_cast<long long>(r.records_erased()));
  }
  return 0;
}

// The bearer token for privileged calls: --admin_token, else the file of
// --admin_token_file, else $OFFERGRAPH_ADMIN_TOKEN, trimmed as the server
// trims its own. Empty when none is set.
absl::StatusOr<std::string> AdminToken() {
  const std::string flag = absl::GetFlag(FLAGS_admin_token);
  const std::string path = absl::GetFlag(FLAGS_admin_token_file);
  if (!flag.empty() && !path.empty()) {
    return absl::InvalidArgumentError(
        "--admin_token and --admin_token_file: give one of them");
  }
  std::string token = flag;
  if (!path.empty()) {
    absl::StatusOr<std::string> text = ReadFileToString(path);
    if (!text.ok()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("--admin_token_file: cannot read \"%s\"", path));
    }
    token = std::string(absl::StripAsciiWhitespace(*text));
    if (token.empty()) {
      return absl::InvalidArgumentError(
          "--admin_token_file: the file is empty");
    }
  } else if (token.empty()) {
    if (const char* env = std::getenv("OFFERGRAPH_ADMIN_TOKEN")) token = env;
  }
  return std::string(absl::StripAsciiWhitespace(token));
}

// Adds "authorization: Bearer <token>" to every call of the channel, so
// each command sends the token without knowing about it. (gRPC call
// credentials would refuse a plaintext channel, which loopback servers use.)
class BearerTokenInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit BearerTokenInterceptor(const std::string* header)
      : header_(header) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* m) override {
    if (m->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::
                PRE_SEND_INITIAL_METADATA)) {
      m->GetSendInitialMetadata()->insert({"authorization", *header_});
    }
    m->Proceed();
  }

 private:
  const std::string* header_;
};

// Owns the header value; lives as long as the channel.
class BearerTokenInterceptorFactory
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit BearerTokenInterceptorFactory(const std::string& token)
      : header_("Bearer " + token) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override {
    return new BearerTokenInterceptor(&header_);
  }

 private:
  const std::string header_;
};

// The channel to --server; with a token, every call carries it.
std::shared_ptr<grpc::Channel> NewChannel(
    const std::shared_ptr<grpc::ChannelCredentials>& credentials,
    const std::string& token) {
  std::vector<
      std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
      interceptors;
  if (!token.empty()) {
    interceptors.push_back(
        std::make_unique<BearerTokenInterceptorFactory>(token));
  }
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      absl::GetFlag(FLAGS_server), credentials, grpc::ChannelArguments(),
      std::move(interceptors));
}

// Plaintext by default; TLS (and mTLS) when the tls flags are given.
std::shared_ptr<grpc::ChannelCredentials> Credentials(std::string* error) {
  const std::string ca = absl::GetFlag(FLAGS_tls_ca_file);
  const std::string cert = absl::GetFlag(FLAGS_tls_cert_file);
  const std::string key = absl::GetFlag(FLAGS_tls_key_file);
  if (ca.empty() && cert.empty() && key.empty()) {
    return grpc::InsecureChannelCredentials();
  }
  if (cert.empty() != key.empty()) {
    *error = "--tls_cert_file and --tls_key_file go together";
    return nullptr;
  }
  grpc::SslCredentialsOptions options;
  for (const auto& [flag, path, field] :
       {std::tuple{"--tls_ca_file", ca, &options.pem_root_certs},
        std::tuple{"--tls_cert_file", cert, &options.pem_cert_chain},
        std::tuple{"--tls_key_file", key, &options.pem_private_key}}) {
    if (path.empty()) continue;
    absl::StatusOr<std::string> pem = ReadFileToString(path);
    if (!pem.ok()) {
      *error = absl::StrFormat("%s: cannot read \"%s\"", flag, path);
      return nullptr;
    }
    *field = *pem;
  }
  return grpc::SslCredentials(options);
}

}  // namespace
}  // namespace offergraph

int main(int argc, char** argv) {
  std::vector<char*> args = offergraph::ParseProgramFlags(
      argc, argv,
      "offergraph COMMAND [flags]\n"
      "Commands: suggest, outcome, state, view, erase, status, reload, "
      "experiment report, "
      "health.\n"
      "  offergraph suggest --cart=LAPTOP-14,MOUSE-WL:2 --channel=checkout "
      "[--customer=ID] [--explain]\n"
      "  offergraph outcome --decision=ID --sku=SKU --outcome=accepted\n"
      "  offergraph state --customer=ID [--complaint_open=true|false] "
      "[--budget_sensitive=true|false]   (only the flags given change)\n"
      "  offergraph view --customer=ID\n"
      "  offergraph erase --customer=ID | --session=ID\n"
      "  offergraph status\n"
      "  offergraph reload\n"
      "  offergraph health [--service=offergraph.v1.OfferService]\n"
      "  offergraph experiment report NAME [--sequential]   (NAME may be "
      "holdout)");
  const bool report = args.size() == 4 &&
                      absl::string_view(args[1]) == "experiment" &&
                      absl::string_view(args[2]) == "report";
  if (args.size() != 2 && !report) {
    return offergraph::Fail(
        "expected one command: suggest, outcome, state, view, erase, "
        "status, reload, health or experiment report NAME (see --help)");
  }
  const std::string command = args[1];
  std::string error;
  std::shared_ptr<grpc::ChannelCredentials> credentials =
      offergraph::Credentials(&error);
  if (credentials == nullptr) return offergraph::Fail(error);
  absl::StatusOr<std::string> token = offergraph::AdminToken();
  if (!token.ok()) {
    return offergraph::Fail(std::string(token.status().message()));
  }
  auto channel = offergraph::NewChannel(credentials, *token);
  if (report) return offergraph::ExperimentReport(channel, args[3]);
  if (command == "suggest") return offergraph::Suggest(channel);
  if (command == "outcome") return offergraph::Outcome(channel);
  if (command == "state") return offergraph::State(channel, argc, argv);
  if (command == "view") return offergraph::View(channel);
  if (command == "erase") return offergraph::Erase(channel);
  if (command == "status") return offergraph::Status(channel);
  if (command == "reload") return offergraph::Reload(channel);
  if (command == "health") return offergraph::Health(channel);
  return offergraph::Fail("unknown command \"" + command + "\" (see --help)");
}
