// 100 reloads, good and bad data mixed, while client threads call Suggest:
// no Suggest fails, every bad reload is rejected with the old snapshot
// serving, and every replaced snapshot is freed once the storm is over.
#include <atomic>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/server_fixture.h"

namespace offergraph::testing {
namespace {

class ReloadStormTest : public ServerFixture {};

TEST_F(ReloadStormTest, HundredReloadsUnderLoadFailNoSuggest) {
  const std::string good_edges = ReadFileOrDie(data_.path() + "/edges.csv");
  const std::string good_catalog = ReadFileOrDie(data_.path() + "/catalog.csv");

  std::atomic<bool> stop{false};
  std::atomic<int64_t> ok{0}, failed{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&, t] {
      auto stub = v1::OfferService::NewStub(channel_);
      v1::SuggestRequest request =
          Cart(v1::CHECKOUT, {t % 2 ? "LAPTOP-14" : "PHONE-A", "WASH-STD"});
      while (!stop.load()) {
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() +
                             std::chrono::seconds(10));
        v1::SuggestResponse response;
        grpc::Status s = stub->Suggest(&context, request, &response);
        if (s.ok() && response.offers_size() > 0) {
          ok.fetch_add(1);
        } else {
          failed.fetch_add(1);
        }
      }
    });
  }

  std::vector<std::weak_ptr<const Snapshot>> published;
  published.push_back(server_->snapshot());
  int good = 0, bad = 0;
  for (int i = 0; i < 100; ++i) {
    const bool make_bad = i % 3 == 1;
    if (make_bad) {
      // Alternate the kind of damage: a bad edge, a bad catalog row.
      if (i % 2) {
        data_.WriteFile("edges.csv",
                        good_edges + "PHONE-A,GHOST,cross_sell,0.5,,,\n");
      } else {
        data_.WriteFile("catalog.csv",
                        good_catalog + "BROKEN,,misc,1.00,USD,true,,,,\n");
      }
    } else {
      data_.WriteFile("catalog.csv", good_catalog);
      // Vary the data so every good reload is a new version.
      data_.WriteFile("edges.csv", good_edges +
                                       "WASH-STD,CHARGER-FAST,cross_sell,0." +
                                       std::to_string(10 + i % 80) + ",,,\n");
    }
    v1::ReloadResponse response;
    grpc::Status s = Reload(&response);
    if (make_bad) {
      ++bad;
      EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << i;
    } else {
      ++good;
      EXPECT_TRUE(s.ok()) << i << ": " << s.error_message();
      published.push_back(server_->snapshot());
    }
    EXPECT_EQ(server_->snapshot()->generation, good + 1) << i;
  }
  stop.store(true);
  for (std::thread& t : clients) t.join();

  EXPECT_EQ(failed.load(), 0);
  EXPECT_GT(ok.load(), 0);
  v1::GetStatusResponse status = StatusOk();
  EXPECT_EQ(status.reloads_ok(), good);
  EXPECT_EQ(status.reloads_failed(), bad);
  // Only the serving snapshot is still alive: the storm leaked none.
  int alive = 0;
  for (const auto& w : published) alive += !w.expired();
  EXPECT_EQ(alive, 1);
  std::cout << "reload storm: " << good << " good and " << bad
            << " bad reloads; " << ok.load() << " Suggest calls OK, "
            << failed.load() << " failed\n";
}

}  // namespace
}  // namespace offergraph::testing
