#include "ledger/stored_records.h"

#include <algorithm>

#include <limits>

#include "absl/strings/str_cat.h"

namespace offergraph {

int64_t ToMicros(absl::Time t) {
  if (t == absl::InfinitePast()) return std::numeric_limits<int64_t>::min();
  if (t == absl::InfiniteFuture()) return std::numeric_limits<int64_t>::max();
  return absl::ToUnixMicros(t);
}

absl::Time FromMicros(int64_t micros) {
  if (micros == std::numeric_limits<int64_t>::min()) {
    return absl::InfinitePast();
  }
  if (micros == std::numeric_limits<int64_t>::max()) {
    return absl::InfiniteFuture();
  }
  return absl::FromUnixMicros(micros);
}

internal::StoredDecision ToStored(const DecisionRecord& record) {
  internal::StoredDecision out;
  out.set_decision_id(record.decision_id);
  out.set_contact_key(record.contact_key);
  out.set_customer_id(record.customer_id);
  out.set_channel(record.channel);
  out.set_time_unix_micros(ToMicros(record.time));
  out.set_experiment(record.experiment);
  out.set_arm(record.arm);
  out.set_ghost(record.ghost);
  out.set_holdout_arm(record.holdout_arm);
  for (const DecisionRecord::Item& item : record.offers) {
    internal::StoredDecision::Offer* offer = out.add_offers();
    offer->set_sku(item.sku);
    offer->set_kind(item.kind);
    offer->set_price(item.price);
    offer->set_currency(item.currency);
    if (item.log.learned) {
      internal::StoredDecision::OfferLog* log = offer->mutable_log();
      log->set_affinity(item.log.affinity);
      log->set_prior_score(item.log.prior_score);
      log->set_model_score(item.log.model_score);
      log->set_propensity(item.log.propensity);
      log->set_choice_probability(item.log.choice_probability);
      log->set_features(reinterpret_cast<const char*>(item.log.features.data()),
                        item.log.features.size());
    }
  }
  return out;
}

absl::Status DecisionNotFound(absl::string_view decision_id) {
  return absl::NotFoundError(absl::StrCat("decision ", decision_id,
                                          " not found (unknown or expired)"));
}

absl::StatusOr<OutcomeResult> CheckOutcome(
    const internal::StoredDecision& stored, const OutcomeRecord& outcome) {
  if (!outcome.customer_id.empty() &&
      outcome.customer_id != stored.customer_id()) {
    return absl::InvalidArgumentError(
        "customer_id does not match the decision");
  }
  if (stored.ghost()) return GhostOutcomeError(stored.decision_id());
  for (const internal::StoredDecision::Offer& offer : stored.offers()) {
    if (offer.sku() != outcome.sku) continue;
    OutcomeResult result;
    result.kind = offer.kind();
    result.channel = stored.channel();
    result.price = offer.price();
    result.currency = offer.currency();
    result.experiment = stored.experiment();
    result.arm = stored.arm();
    if (offer.has_log()) {
      const internal::StoredDecision::OfferLog& log = offer.log();
      result.log.learned = true;
      result.log.affinity = log.affinity();
      result.log.prior_score = log.prior_score();
      result.log.model_score = log.model_score();
      result.log.propensity = log.propensity();
      result.log.choice_probability = log.choice_probability();
      const std::string& f = log.features();
      std::copy_n(f.begin(), std::min(f.size(), result.log.features.size()),
                  result.log.features.begin());
    }
    return result;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("sku \"", outcome.sku, "\" was not offered in decision ",
                   stored.decision_id()));
}

absl::Status DecisionNotFoundForOrder(absl::string_view decision_id) {
  return absl::NotFoundError(absl::StrCat(
      "decision_id: decision ", decision_id,
      " not found (unknown or expired), and neither customer_id nor "
      "session_id names the unit"));
}

internal::StoredOrder ToStored(const OrderRecord& record) {
  internal::StoredOrder out;
  out.set_order_id(record.order_id);
  out.set_decision_id(record.decision_id);
  out.set_unit_key(record.unit_key);
  out.set_total(record.total);
  out.set_currency(record.currency);
  out.set_time_unix_micros(ToMicros(record.time));
  out.set_experiment(record.experiment);
  out.set_arm(record.arm);
  out.set_holdout_arm(record.holdout_arm);
  for (const OrderRecord::Line& line : record.lines) {
    internal::StoredOrder::Line* l = out.add_lines();
    l->set_sku(line.sku);
    l->set_quantity(line.quantity);
    l->set_unit_price(line.unit_price);
  }
  return out;
}

void AttributeToDecision(const internal::StoredDecision& decision,
                         OrderRecord* order) {
  if (decision.experiment().empty() && decision.holdout_arm().empty()) return;
  order->experiment = decision.experiment();
  order->arm = decision.arm();
  order->holdout_arm = decision.holdout_arm();
  order->unit_key = decision.contact_key();
}

DecisionView ToView(const internal::StoredDecision& stored) {
  DecisionView view;
  view.decision_id = stored.decision_id();
  view.channel = stored.channel();
  view.time = FromMicros(stored.time_unix_micros());
  view.experiment = stored.experiment();
  view.arm = stored.arm();
  view.ghost = stored.ghost();
  for (const internal::StoredDecision::Offer& o : stored.offers()) {
    DecisionView::Offer offer;
    offer.sku = o.sku();
    offer.kind = o.kind();
    offer.price = o.price();
    offer.currency = o.currency();
    view.offers.push_back(std::move(offer));
  }
  return view;
}

}  // namespace offergraph
