// What the HTTP/JSON edge's codec (src/http/json_codec.h: protobuf's own
// JSON utilities) costs per call, on a typical Suggest: the request of a
// 5-line cart, and a response of 3 offers and 5 suppressed candidates.
// Usage: json_bench [--benchmark_* flags]
#include <string>

#include "benchmark/benchmark.h"
#include "http/json_codec.h"
#include "offergraph/v1/offer_service.pb.h"

namespace offergraph {
namespace {

v1::SuggestRequest Request() {
  v1::SuggestRequest r;
  r.set_customer_id("cust-59930");
  r.set_session_id("sess-1-0");
  r.set_channel(v1::CHECKOUT);
  for (const char* sku :
       {"LAPTOP-14", "PHONE-CASE", "PHONE-A-PLUS", "LAPTOP-16-MAX", "PHONE-A"}) {
    v1::CartLine* line = r.add_cart();
    line->set_sku(sku);
    line->set_quantity(2);
  }
  return r;
}

v1::SuggestResponse Response() {
  v1::SuggestResponse r;
  r.set_decision_id("3c40f2cbafffb274379e5155d3b50476");
  for (int i = 0; i < 3; ++i) {
    v1::Offer* o = r.add_offers();
    o->set_sku("LAPTOP-BAG");
    o->set_name("Laptop bag 14");
    o->set_kind(v1::CROSS_SELL);
    o->mutable_price()->set_units(4900);
    o->mutable_price()->set_currency("USD");
    o->set_propensity(0.076);
    o->set_pitch("A padded bag made for 14-inch laptops.");
  }
  for (int i = 0; i < 5; ++i) {
    v1::Suppressed* s = r.add_suppressed();
    s->set_sku("MOUSE-WL");
    s->set_reason(v1::OFFER_LIMIT);
  }
  return r;
}

void BM_ResponseToJson(benchmark::State& state) {
  const v1::SuggestResponse r = Response();
  for (auto _ : state) benchmark::DoNotOptimize(MessageToJson(r));
}
BENCHMARK(BM_ResponseToJson);

void BM_RequestFromJson(benchmark::State& state) {
  const std::string json = MessageToJson(Request());
  for (auto _ : state) {
    v1::SuggestRequest r;
    benchmark::DoNotOptimize(JsonToMessage(json, &r));
  }
}
BENCHMARK(BM_RequestFromJson);

}  // namespace
}  // namespace offergraph

BENCHMARK_MAIN();
