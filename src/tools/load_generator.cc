#include "tools/load_generator.h"

#include <sys/prctl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "grpcpp/grpcpp.h"
#include "offergraph/v1/offer_service.grpc.pb.h"
#include "util/mutex.h"

namespace offergraph {
namespace tools {
namespace {

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

struct Sample {
  int64_t done_ns;
  int64_t latency_ns;
  int64_t send_lag_ns;  // sent this long after its scheduled time
  int code;
};

// One run. Lives until its last call completed (RunLoad waits for that).
// A call belongs to the measured part when it was scheduled (open loop) or
// issued (closed loop) at or after the end of the warm-up; every such call
// is counted once it completes, however late that is, and the report says
// how many were scheduled, so none can go missing silently.
// Thread safety: callbacks run on gRPC threads; shared state is atomic or
// guarded by mu_.
class Runner {
 public:
  Runner(const LoadOptions& options,
         const std::vector<v1::SuggestRequest>& requests,
         std::vector<std::unique_ptr<v1::OfferService::Stub>> stubs)
      : o_(options), requests_(requests), stubs_(std::move(stubs)) {}

  LoadResult Run() {
    const int64_t t0 = NowNs();
    measure_start_ = t0 + absl::ToInt64Nanoseconds(o_.warmup);
    {
      // No other thread runs yet; the lock states that for the analysis.
      MutexLock lock(&mu_);
      end_ns_ = o_.duration > absl::ZeroDuration()
                    ? measure_start_ + absl::ToInt64Nanoseconds(o_.duration)
                    : INT64_MAX;
      command_done_ = o_.command.empty();
    }
    std::thread command;
    if (!o_.command.empty()) command = std::thread([this] { RunCommand(); });

    if (o_.rate > 0) {
      OpenLoop(t0);
    } else {
      for (int i = 0; i < o_.concurrency; ++i) {
        const int64_t now = NowNs();
        {
          MutexLock lock(&mu_);
          if (!ClaimClosedLoopSlot(now)) break;
          ++inflight_;
        }
        StartCall(now);
      }
      MutexLock lock(&mu_);
      // max_calls below the concurrency: no further slot will be claimed.
      if (inflight_ == 0) stopping_ = true;
    }
    {
      MutexLock lock(&mu_);
      while (!(stopping_.load() && inflight_ == 0)) idle_.Wait(&mu_);
    }
    if (command.joinable()) command.join();
    return Result();
  }

 private:
  struct Call {
    grpc::ClientContext context;
    v1::SuggestResponse response;
    int64_t scheduled_ns = 0;
    int64_t sent_ns = 0;
  };

  // Closed loop: whether a call issued at `now` may start; counts it when
  // it is measured. Refuses once max_calls measured calls were issued.
  bool ClaimClosedLoopSlot(int64_t now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (now < measure_start_) return true;  // warm-up, not counted
    if (o_.max_calls > 0 && scheduled_measured_ >= o_.max_calls) return false;
    ++scheduled_measured_;
    return true;
  }

  // Starts a call in a slot already counted in inflight_.
  void StartCall(int64_t scheduled_ns) {
    const uint64_t n = next_.fetch_add(1, std::memory_order_relaxed);
    auto* call = new Call;
    call->scheduled_ns = scheduled_ns;
    // Only an open loop has a schedule to fall behind.
    call->sent_ns = o_.rate > 0 ? NowNs() : scheduled_ns;
    call->context.set_deadline(std::chrono::system_clock::now() +
                               absl::ToChronoNanoseconds(o_.deadline));
    stubs_[n % stubs_.size()]->async()->Suggest(
        &call->context, &requests_[n % requests_.size()], &call->response,
        [this, call](grpc::Status status) { OnDone(call, status); });
  }

  void OnDone(Call* call, const grpc::Status& status) {
    const int64_t now = NowNs();
    const int64_t scheduled = call->scheduled_ns;
    const int64_t lag = call->sent_ns - scheduled;
    delete call;
    bool again = false;
    {
      MutexLock lock(&mu_);
      // Every measured call is counted, also when it completes after the
      // schedule or the duration ended.
      if (scheduled >= measure_start_) {
        samples_.push_back(
            {now, now - scheduled, lag, static_cast<int>(status.error_code())});
        last_done_ns_ = std::max(last_done_ns_, now);
      }
      if (now >= end_ns_ && command_done_) stopping_ = true;
      if (o_.rate <= 0 && !stopping_.load()) {
        again = ClaimClosedLoopSlot(now);
        if (!again) stopping_ = true;  // max_calls issued
      }
      if (!again) {
        if (--inflight_ == 0 && stopping_.load()) idle_.SignalAll();
      }
    }
    // Closed loop: this call's slot goes to the next call.
    if (again) StartCall(now);
  }

  // Sends on schedule; sleeps (with 1 us timer slack) between sends and
  // sends every call that fell due while it slept (late, which the report
  // counts; its latency runs from the schedule). Never skips a call.
  void OpenLoop(int64_t t0) {
    prctl(PR_SET_TIMERSLACK, 1000UL, 0, 0, 0);
    const double period = 1e9 / o_.rate;
    for (int64_t i = 0;; ++i) {
      const int64_t due = t0 + static_cast<int64_t>(i * period);
      {
        MutexLock lock(&mu_);
        if ((due >= end_ns_ && command_done_) ||
            (o_.max_calls > 0 && due >= measure_start_ &&
             scheduled_measured_ >= o_.max_calls)) {
          stopping_ = true;
          if (inflight_ == 0) idle_.SignalAll();
          last_scheduled_ns_ = due;
          return;
        }
        if (due >= measure_start_) ++scheduled_measured_;
      }
      const int64_t wait = due - NowNs();
      if (wait > 0) std::this_thread::sleep_for(std::chrono::nanoseconds(wait));
      {
        MutexLock lock(&mu_);
        ++inflight_;
      }
      StartCall(due);
    }
  }

  void RunCommand() {
    const int64_t at = measure_start_ + absl::ToInt64Nanoseconds(o_.command_at);
    const int64_t wait = at - NowNs();
    if (wait > 0) std::this_thread::sleep_for(std::chrono::nanoseconds(wait));
    const int64_t start = NowNs();
    const int rc = std::system(o_.command.c_str());
    const int64_t end = NowNs();
    MutexLock lock(&mu_);
    command_start_ns_ = start;
    command_end_ns_ = end;
    command_exit_ = rc;
    // Keep loading for the settle time and one more second after it.
    end_ns_ =
        std::max(end_ns_, end + absl::ToInt64Nanoseconds(o_.command_settle) +
                              1000000000);
    command_done_ = true;
  }

  // The calls that completed in [from, to). `scheduled` < 0: as many as
  // completed (a window of completions schedules nothing of its own).
  LoadReport Report(int64_t from, int64_t to, const std::string& label,
                    int64_t scheduled = -1) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    LoadSamples s;
    for (const Sample& x : samples_) {
      if (x.done_ns < from || x.done_ns >= to) continue;
      s.latencies_ns.push_back(x.latency_ns);
      const bool canonical = x.code >= 0 && x.code < kStatusCodeCount;
      ++s.calls_by_code[canonical
                            ? x.code
                            : static_cast<int>(absl::StatusCode::kUnknown)];
      if (x.send_lag_ns > kLateSendNs) ++s.sent_late;
      s.max_send_lag_ns = std::max(s.max_send_lag_ns, x.send_lag_ns);
    }
    s.scheduled = scheduled >= 0 ? scheduled
                                 : static_cast<int64_t>(s.latencies_ns.size());
    s.elapsed = absl::Nanoseconds(std::max<int64_t>(0, to - from));
    return ComputeReport(std::move(s), label);
  }

  LoadResult Result() {
    MutexLock lock(&mu_);
    LoadResult r;
    // The measured span runs to the last completion (in open loop at least
    // to the end of the schedule), so that it holds every measured call:
    // a call completing after the schedule ended is still counted.
    int64_t end = last_done_ns_;
    if (o_.rate > 0) end = std::max(end, std::min(end_ns_, last_scheduled_ns_));
    end = std::max(end, measure_start_);
    r.total = Report(measure_start_, end + 1, o_.label, scheduled_measured_);
    if (!o_.command.empty()) {
      r.ran_command = true;
      r.command_exit = command_exit_;
      r.command_seconds = (command_end_ns_ - command_start_ns_) / 1e9;
      const int64_t settled =
          command_end_ns_ + absl::ToInt64Nanoseconds(o_.command_settle);
      r.before = Report(measure_start_, command_start_ns_,
                        absl::StrCat(o_.label, " before"));
      r.during =
          Report(command_start_ns_, settled, absl::StrCat(o_.label, " during"));
      r.after = Report(settled, end + 1, absl::StrCat(o_.label, " after"));
      r.swap =
          Report(command_end_ns_ - absl::ToInt64Nanoseconds(o_.command_settle),
                 settled, absl::StrCat(o_.label, " swap"));
      r.command_started_s = (command_start_ns_ - measure_start_) / 1e9;
      r.command_ended_s = (command_end_ns_ - measure_start_) / 1e9;
    }
    const int64_t step = absl::ToInt64Nanoseconds(o_.timeline);
    if (step > 0) {
      for (int64_t from = measure_start_; from <= end; from += step) {
        r.timeline.push_back(
            Report(from, std::min(from + step, end + 1),
                   absl::StrFormat("%s @%.2fs", o_.label,
                                   (from - measure_start_) / 1e9)));
      }
    }
    if (o_.keep_samples) {
      // Steady-clock times to Unix time, through one reading of both.
      const double unix_at_zero =
          std::chrono::duration<double>(
              std::chrono::system_clock::now().time_since_epoch())
              .count() -
          NowNs() / 1e9;
      r.samples.reserve(samples_.size());
      for (const Sample& x : samples_) {
        r.samples.push_back(
            {unix_at_zero + x.done_ns / 1e9, x.latency_ns / 1e3, x.code});
      }
    }
    return r;
  }

  const LoadOptions o_;
  const std::vector<v1::SuggestRequest>& requests_;
  const std::vector<std::unique_ptr<v1::OfferService::Stub>> stubs_;
  std::atomic<uint64_t> next_{0};
  std::atomic<bool> stopping_{false};
  int64_t measure_start_ = 0;

  Mutex mu_;
  CondVar idle_;
  int64_t end_ns_ ABSL_GUARDED_BY(mu_) = 0;
  bool command_done_ ABSL_GUARDED_BY(mu_) = true;
  int64_t inflight_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t scheduled_measured_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t last_scheduled_ns_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t last_done_ns_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<Sample> samples_ ABSL_GUARDED_BY(mu_);
  int64_t command_start_ns_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t command_end_ns_ ABSL_GUARDED_BY(mu_) = 0;
  int command_exit_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace

absl::StatusOr<LoadResult> RunLoad(
    const LoadOptions& options,
    const std::vector<v1::SuggestRequest>& requests) {
  if (requests.empty()) return absl::InvalidArgumentError("no requests");
  if (options.connections < 1 ||
      (options.rate <= 0 && options.concurrency < 1)) {
    return absl::InvalidArgumentError(
        "connections and concurrency must be >= 1");
  }
  if (options.duration <= absl::ZeroDuration() && options.max_calls <= 0) {
    return absl::InvalidArgumentError("set a duration or a call count");
  }
  std::vector<std::unique_ptr<v1::OfferService::Stub>> stubs;
  for (int i = 0; i < options.connections; ++i) {
    grpc::ChannelArguments args;
    // A distinct argument per channel: its own subchannel, its own TCP
    // connection.
    args.SetInt("offergraph.loadgen.connection", i);
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    std::shared_ptr<grpc::Channel> channel = grpc::CreateCustomChannel(
        options.target, grpc::InsecureChannelCredentials(), args);
    if (!channel->WaitForConnected(std::chrono::system_clock::now() +
                                   std::chrono::seconds(10))) {
      return absl::FailedPreconditionError(
          absl::StrCat("cannot connect to ", options.target));
    }
    stubs.push_back(v1::OfferService::NewStub(channel));
  }
  Runner runner(options, requests, std::move(stubs));
  return runner.Run();
}

}  // namespace tools
}  // namespace offergraph
