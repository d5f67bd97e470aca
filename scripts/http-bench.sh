#!/usr/bin/env bash
# Suggest over HTTP/JSON against Suggest over gRPC, side by side in one run
# (issue 14's speed goal: HTTP throughput at least 0.6x gRPC's).
#
# One offergraph-server serves both listeners. Each round runs the gRPC load
# generator (offergraph-loadgen, closed loop) and then wrk (Debian's HTTP/1.1
# load generator, keep-alive, closed loop) for the same time, with the same
# number of calls in flight, replaying the same request pool: the loadgen
# writes its pool as the JSON bodies of POST /v1/suggest
# (--write_pool_json), and a Lua script sends them round-robin. Every call
# carries a 1 s deadline (gRPC deadline; HTTP X-Timeout-Ms). The table gives
# each round and the medians; the ratio is the median of per-round ratios.
#
#   scripts/http-bench.sh                     # demo data, 3 rounds of 8 s
#   DATA_DIR=build/perf-data scripts/http-bench.sh
#
# Knobs (defaults in brackets): BUILD_DIR [build], DATA_DIR [data/demo],
# ROUNDS [3], SECONDS_PER_RUN [8], CONCURRENCY [32], WRK_THREADS [1],
# GRPC_PORT [50171], HTTP_PORT [18171]. Needs wrk (scripts/install-deps.sh
# installs it). Not part of ctest.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BUILD_DIR=${BUILD_DIR:-build}
DATA_DIR=${DATA_DIR:-data/demo}
ROUNDS=${ROUNDS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-8}
CONCURRENCY=${CONCURRENCY:-32}
WRK_THREADS=${WRK_THREADS:-1}
GRPC_PORT=${GRPC_PORT:-50171}
HTTP_PORT=${HTTP_PORT:-18171}
WORK=$(mktemp -d /tmp/offergraph-http-bench.XXXXXX)
log() { echo "http-bench: $*" >&2; }
SERVER_PID=
cleanup() {
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

command -v wrk >/dev/null || { log "wrk is missing: run scripts/install-deps.sh"; exit 1; }
if [[ ! -x $BUILD_DIR/src/server/offergraph-server || ! -x $BUILD_DIR/src/tools/offergraph-loadgen ]]; then
  BUILD_DIR=$BUILD_DIR TARGETS="offergraph-server offergraph-loadgen" scripts/build.sh
fi
SERVER=$BUILD_DIR/src/server/offergraph-server
LOADGEN=$BUILD_DIR/src/tools/offergraph-loadgen

"$LOADGEN" --data_dir="$DATA_DIR" --write_pool_json="$WORK/pool.jsonl"
cat >"$WORK/suggest.lua" <<EOF
local bodies = {}
for line in io.lines("$WORK/pool.jsonl") do bodies[#bodies + 1] = line end
local headers = {["Content-Type"] = "application/json", ["X-Timeout-Ms"] = "1000"}
local i = 0
request = function()
  i = i % #bodies + 1
  return wrk.format("POST", "/v1/suggest", headers, bodies[i])
end
local ok, bad = 0, 0
response = function(status, headers, body)
  if status == 200 then ok = ok + 1 else bad = bad + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format(
    '{"calls":%d,"seconds":%.3f,"errors":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d}\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write +
      summary.errors.status + summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9)))
end
EOF

log "starting offergraph-server on $DATA_DIR (memory ledger)"
"$SERVER" --data_dir="$DATA_DIR" --grpc_address=127.0.0.1:$GRPC_PORT \
  --http_address=127.0.0.1:$HTTP_PORT --metrics_address= \
  --ledger_store=memory >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
for _ in $(seq 1 600); do
  grep -q ready "$WORK/server.out" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.err" >&2; exit 1; }
  sleep 0.1
done
grep -q ready "$WORK/server.out" || { log "server not ready after 60 s"; exit 1; }

# Warm both paths up.
"$LOADGEN" --target=127.0.0.1:$GRPC_PORT --data_dir="$DATA_DIR" \
  --concurrency="$CONCURRENCY" --duration_s=2 --json >/dev/null
wrk -t"$WRK_THREADS" -c"$CONCURRENCY" -d2s -s "$WORK/suggest.lua" \
  "http://127.0.0.1:$HTTP_PORT" >/dev/null

for round in $(seq 1 "$ROUNDS"); do
  log "round $round/$ROUNDS: gRPC then HTTP, ${SECONDS_PER_RUN}s each, $CONCURRENCY in flight"
  "$LOADGEN" --target=127.0.0.1:$GRPC_PORT --data_dir="$DATA_DIR" \
    --concurrency="$CONCURRENCY" --duration_s="$SECONDS_PER_RUN" --warmup_s=0 \
    --json --label=grpc | head -1 >>"$WORK/grpc.jsonl"
  wrk -t"$WRK_THREADS" -c"$CONCURRENCY" -d"${SECONDS_PER_RUN}s" \
    -s "$WORK/suggest.lua" "http://127.0.0.1:$HTTP_PORT" |
    grep '^{' | tail -1 >>"$WORK/http.jsonl"
done

python3 - "$WORK/grpc.jsonl" "$WORK/http.jsonl" "$DATA_DIR" "$CONCURRENCY" \
  "$SECONDS_PER_RUN" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'EOF'
import json, statistics, sys
grpc = [json.loads(l) for l in open(sys.argv[1])]
http = [json.loads(l) for l in open(sys.argv[2])]
data, conc, secs, load = sys.argv[3:7]
def g(r):  # offergraph-loadgen's JSON report
    return {"rate": r["ok_per_second"],
            "p50": r["p50_us"], "p90": r["p90_us"], "p99": r["p99_us"],
            "errors": r.get("errors", 0)}
def h(r):
    return {"rate": (r["calls"] - r["errors"]) / r["seconds"],
            "p50": r["p50_us"], "p90": r["p90_us"], "p99": r["p99_us"],
            "errors": r["errors"]}
G = [g(r) for r in grpc]
H = [h(r) for r in http]
print(f"Suggest, {data}, closed loop, {conc} in flight, {secs} s per run, "
      f"one server; load average at the end {load}")
print("| round | gRPC calls/s | HTTP calls/s | HTTP / gRPC | gRPC p50 / p90 / p99 | HTTP p50 / p90 / p99 | HTTP errors |")
print("| --- | ---: | ---: | ---: | --- | --- | ---: |")
ratios = []
for i, (a, b) in enumerate(zip(G, H), 1):
    ratios.append(b["rate"] / a["rate"])
    print(f"| {i} | {a['rate']:,.0f} | {b['rate']:,.0f} | {ratios[-1]:.2f} | "
          f"{a['p50']:.0f} / {a['p90']:.0f} / {a['p99']:.0f} us | "
          f"{b['p50']:.0f} / {b['p90']:.0f} / {b['p99']:.0f} us | {b['errors']} |")
med = lambda k, xs: statistics.median(x[k] for x in xs)
print(f"| median | {med('rate', G):,.0f} | {med('rate', H):,.0f} | "
      f"**{statistics.median(ratios):.2f}** | "
      f"{med('p50', G):.0f} / {med('p90', G):.0f} / {med('p99', G):.0f} us | "
      f"{med('p50', H):.0f} / {med('p90', H):.0f} / {med('p99', H):.0f} us | |")
EOF
