#!/usr/bin/env bash
# Runs the whole performance suite side by side in one run and writes
# docs/PERFORMANCE.md (figures are medians of rounds that alternate between
# the servers, because the machine is shared and noisy).
#
#   scripts/perf.sh                 # build (Release) if needed, generate data
#                                   # into build/perf-data unless present, run
#   BUILD_DIR=build-x scripts/perf.sh   # reuse another build directory
#
# Environment knobs (defaults in brackets): BUILD_DIR [build], DATA_DIR
# [$BUILD_DIR/perf-data], PRODUCTS [1000000], EDGES [10000000], ROUNDS [3],
# SECONDS_PER_RUN [8], CONCURRENCY [32], CART_LINES [5], JOBS [2],
# LEDGER [memory], OUT [docs/PERFORMANCE.md], RELOADS [ROUNDS].
# Takes about 5 minutes at the default scale on 2 cores. Not part of ctest.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BUILD_DIR=${BUILD_DIR:-build}
DATA_DIR=${DATA_DIR:-$BUILD_DIR/perf-data}
PRODUCTS=${PRODUCTS:-1000000}
EDGES=${EDGES:-10000000}
ROUNDS=${ROUNDS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-8}
CONCURRENCY=${CONCURRENCY:-32}
CART_LINES=${CART_LINES:-5}
JOBS=${JOBS:-2}
LEDGER=${LEDGER:-memory}
OUT=${OUT:-docs/PERFORMANCE.md}
GRPC_PORT=${GRPC_PORT:-50151}
NOOP_PORT=${NOOP_PORT:-50161}
METRICS_PORT=${METRICS_PORT:-19464}
HTTP_PORT=${HTTP_PORT:-18151}
WORK=$(mktemp -d /tmp/offergraph-perf.XXXXXX)
RESULTS=$WORK/results.jsonl   # every figure, one JSON object per line

log() { echo "perf.sh: $*" >&2; }
record() { echo "$1" >>"$RESULTS"; }

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

LOAD_START=$(cut -d' ' -f1 /proc/loadavg)

# --- 1. Build ---------------------------------------------------------------
TARGETS=(offergraph-server offergraph offergraph-gen offergraph-loadgen
  offergraph-noop-server engine_bench metrics_bench)
if [[ ! -f $BUILD_DIR/CMakeCache.txt ]]; then
  log "configuring $BUILD_DIR (Release)"
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DOFFERGRAPH_BUILD_BENCHMARKS=ON >/dev/null
elif ! grep -q '^OFFERGRAPH_BUILD_BENCHMARKS:BOOL=ON' "$BUILD_DIR/CMakeCache.txt"; then
  cmake -S . -B "$BUILD_DIR" -DOFFERGRAPH_BUILD_BENCHMARKS=ON >/dev/null
fi
BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$BUILD_DIR/CMakeCache.txt")
log "building ${TARGETS[*]} in $BUILD_DIR ($BUILD_TYPE)"
cmake --build "$BUILD_DIR" --target "${TARGETS[@]}" -j"$JOBS" >/dev/null
SERVER=$BUILD_DIR/src/server/offergraph-server
CLI=$BUILD_DIR/src/cli/offergraph
GEN=$BUILD_DIR/src/tools/offergraph-gen
LOADGEN=$BUILD_DIR/src/tools/offergraph-loadgen
NOOP=$BUILD_DIR/src/tools/offergraph-noop-server

# --- 2. Data ----------------------------------------------------------------
if [[ ! -f $DATA_DIR/catalog.csv || ! -f $DATA_DIR/edges.csv ]]; then
  log "generating $PRODUCTS products and $EDGES edges into $DATA_DIR"
  GEN_OUT=$("$GEN" --out_dir="$DATA_DIR" --products="$PRODUCTS" --edges="$EDGES" --seed=1)
  echo "$GEN_OUT" >"$DATA_DIR/GENERATED"
fi
GEN_LINE=$(cat "$DATA_DIR/GENERATED" 2>/dev/null || echo "(generated elsewhere)")
record "$(python3 -c 'import json,sys; print(json.dumps({"kind":"gen","line":sys.argv[1]}))' "$GEN_LINE")"
CATALOG_BYTES=$(stat -c %s "$DATA_DIR/catalog.csv")
EDGES_BYTES=$(stat -c %s "$DATA_DIR/edges.csv")

# --- 3. Micro-benchmarks ----------------------------------------------------
log "metrics_bench"
"$BUILD_DIR/bench/metrics_bench" --benchmark_min_time=0.3 \
  --benchmark_format=json >"$WORK/metrics_bench.json" 2>/dev/null
log "engine_bench (loads the data once)"
"$BUILD_DIR/bench/engine_bench" --data_dir="$DATA_DIR" --benchmark_min_time=0.5 \
  --benchmark_format=json --benchmark_out="$WORK/engine_bench.json" \
  --benchmark_out_format=json >"$WORK/engine_bench.txt" 2>&1

# --- 4. Servers: load time and peak memory ----------------------------------
# Waits for a "ready" line on a server's stdout.
wait_ready() {
  local file=$1 pid=$2
  for _ in $(seq 1 600); do
    grep -q ready "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { log "server exited:"; cat "$file" "$file.err" >&2; exit 1; }
    sleep 0.1
  done
  log "server not ready after 60 s"; exit 1
}
vm() { awk -v k="$2:" '$1==k {print $2}' "/proc/$1/status"; }  # kB
# The value of an unlabelled gauge on offergraph-server's /metrics.
gauge() {
  python3 - "http://127.0.0.1:$METRICS_PORT/metrics" "$1" <<'EOF'
import sys, urllib.request
for line in urllib.request.urlopen(sys.argv[1], timeout=10).read().decode().splitlines():
    if line.startswith(sys.argv[2] + " "):
        print(repr(float(line.split()[1])))
EOF
}

log "starting offergraph-server on the data (ledger: $LEDGER)"
LEDGER_DIR=$WORK/ledger
START_NS=$(date +%s%N)
"$SERVER" --data_dir="$DATA_DIR" --grpc_address=127.0.0.1:$GRPC_PORT \
  --metrics_address=127.0.0.1:$METRICS_PORT --http_address=127.0.0.1:$HTTP_PORT \
  --ledger_store="$LEDGER" \
  --ledger_dir="$LEDGER_DIR" >"$WORK/server.out" 2>"$WORK/server.out.err" &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
wait_ready "$WORK/server.out" "$SERVER_PID"
READY_MS=$((($(date +%s%N) - START_NS) / 1000000))
LOAD_MS=$(sed -n 's/.*generation 1 loaded.* in \([0-9.]*\) ms.*/\1/p' "$WORK/server.out.err" | head -1)
HWM_KB=$(vm "$SERVER_PID" VmHWM)
RSS_KB=$(vm "$SERVER_PID" VmRSS)
CATALOG_HEAP=$(gauge offergraph_snapshot_catalog_bytes)
GRAPH_HEAP=$(gauge offergraph_snapshot_graph_bytes)
record "{\"kind\":\"load\",\"load_ms\":$LOAD_MS,\"ready_ms\":$READY_MS,\"hwm_kb\":$HWM_KB,\"rss_kb\":$RSS_KB,\"catalog_bytes\":$CATALOG_BYTES,\"edges_bytes\":$EDGES_BYTES,\"catalog_heap\":${CATALOG_HEAP:-0},\"graph_heap\":${GRAPH_HEAP:-0}}"
STATUS=$("$CLI" --server=127.0.0.1:$GRPC_PORT status 2>&1 || true)
echo "$STATUS" >"$WORK/status.txt"

"$NOOP" --grpc_address=127.0.0.1:$NOOP_PORT >"$WORK/noop.out" 2>"$WORK/noop.out.err" &
NOOP_PID=$!
PIDS+=("$NOOP_PID")
wait_ready "$WORK/noop.out" "$NOOP_PID"

# --- 5. Closed loop, alternating rounds -------------------------------------
loadgen() {  # label target extra-args...
  local label=$1 target=$2
  shift 2
  "$LOADGEN" --target="$target" --data_dir="$DATA_DIR" --cart_lines="$CART_LINES" \
    --label="$label" --json "$@" 2>>"$WORK/loadgen.err"
}
for r in $(seq 1 "$ROUNDS"); do
  log "closed loop round $r/$ROUNDS (concurrency $CONCURRENCY, ${SECONDS_PER_RUN}s each)"
  record "$(loadgen noop_closed 127.0.0.1:$NOOP_PORT --concurrency="$CONCURRENCY" --duration_s="$SECONDS_PER_RUN")"
  record "$(loadgen offergraph_closed 127.0.0.1:$GRPC_PORT --concurrency="$CONCURRENCY" --duration_s="$SECONDS_PER_RUN")"
done
MAX_RPS=$(python3 - "$RESULTS" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print(int(statistics.median(r["calls_per_second"] for r in rows if r.get("label") == "offergraph_closed")))
EOF
)
HALF_RPS=$((MAX_RPS / 2))

# --- 6. Open loop at half the maximum throughput ----------------------------
for r in $(seq 1 "$ROUNDS"); do
  log "open loop round $r/$ROUNDS at $HALF_RPS/s"
  record "$(loadgen noop_open 127.0.0.1:$NOOP_PORT --rate="$HALF_RPS" --duration_s="$SECONDS_PER_RUN")"
  record "$(loadgen offergraph_open 127.0.0.1:$GRPC_PORT --rate="$HALF_RPS" --duration_s="$SECONDS_PER_RUN")"
done

# --- 7. Reload under load ---------------------------------------------------
# RELOADS rounds (default ROUNDS), each one Reload of the same files under
# open-loop load; the report gives each round and their median, since one
# second of one run is at the mercy of the machine's other tenants.
RELOADS=${RELOADS:-$ROUNDS}
for r in $(seq 1 "$RELOADS"); do
  log "reload $r/$RELOADS under open-loop load at $HALF_RPS/s"
  RSS_BEFORE_RELOAD=$(vm "$SERVER_PID" VmRSS)
  RELOAD_OUT=$(loadgen "offergraph_reload_$r" 127.0.0.1:$GRPC_PORT --rate="$HALF_RPS" \
    --duration_s=$((SECONDS_PER_RUN + 8)) --command_at_s=3 --command_settle_s=1 \
    --samples_out="$WORK/reload_samples_$r.csv" \
    --command="$CLI --server=127.0.0.1:$GRPC_PORT reload >$WORK/reload_$r.out 2>&1")
  while read -r line; do record "${line/#\{\"command_exit\"/\{\"round\":$r,\"command_exit\"}"; done <<<"$RELOAD_OUT"
  RSS_AFTER_RELOAD=$(vm "$SERVER_PID" VmRSS)
  HWM_AFTER_RELOAD=$(vm "$SERVER_PID" VmHWM)
  RELOAD_MS=$(sed -n "s/.*generation $((r + 1)) loaded.* in \([0-9.]*\) ms.*/\1/p" "$WORK/server.out.err" | head -1)
  FREE_MS=$(awk -v r="$r" '/previous snapshot freed/ && ++n == r {
    sub(/.*freed in /, ""); sub(/ ms.*/, ""); print }' "$WORK/server.out.err")
  # The moment the new snapshot was finished and published, from the
  # server's own gauge (Unix time with sub-millisecond precision): the swap
  # window starts there, whatever the Reload RPC's return added.
  PUBLISHED_AT=$(gauge offergraph_snapshot_loaded_timestamp_seconds)
  record "{\"kind\":\"reload\",\"round\":$r,\"rss_before_kb\":$RSS_BEFORE_RELOAD,\"rss_after_kb\":$RSS_AFTER_RELOAD,\"hwm_kb\":$HWM_AFTER_RELOAD,\"load_ms\":${RELOAD_MS:-0},\"free_ms\":${FREE_MS:-0},\"published_at\":${PUBLISHED_AT:-0}}"
done

cleanup
PIDS=()

# --- 8. Report ---
# The analysis below is written by hand from the profiles (it does not change
# from run to run); the tables above it are measured by this run.
cat >"$WORK/notes.md" <<'NOTES'
## What stands where, and why (hand-written analysis)

### Design that the figures rely on

- Products and edges are interned to dense `ProductId`s at load; the graph is
  CSR adjacency sorted by weight (src/data). A decision touches only the
  cart's adjacency slices and one 24-byte `ProductFacts` row per candidate
  (price, margin, stock, currency exponent; a column beside the catalog's
  Product rows): no allocation beyond a few thread-local vectors, no lock
  except the snapshot pointer copy.
- The server does the decision inline in the callback handler; the no-op
  server uses the same callback API and the same builder settings, so the
  throughput ratio isolates offergraph's own cost (decision, ledger, metrics,
  conversion).
- Latency in open loop is measured from each call's scheduled send time
  (offergraph-loadgen), so stalls are charged to every call they delayed.
  Every call of the measured part is counted when it completes, however
  late; the report gives scheduled, completed, unfinished (must be 0) and
  sent-late counts (calls the load generator itself sent > 1 ms behind
  schedule), so no call can go missing silently.
- Both servers put Suggest's request and response on one protobuf arena
  per call (src/service/arena_message_allocator.h): a gRPC message
  allocator any server can use, so the floor has it too.

### Request path profile (valgrind --tool=callgrind, whole server process)

Instructions per Suggest, counted over the whole server process (all
threads: gRPC, handler, ledger, metrics) for 5,000 Suggest calls from
`offergraph-loadgen --cart_lines=5 --concurrency=4` after 3,000 unmeasured
warm-up calls, memory ledger, all rules on, data from `offergraph-gen
--products=100000 --edges=1000000 --seed=1`. The server runs under
`valgrind --tool=callgrind --instr-atstart=no`; `callgrind_control -i on`
before the measured calls, `-d` after. Each step is one commit:

| step | offergraph-server | no-op server | Suggest handler | what it bought |
| --- | --- | --- | --- | --- |
| before (loadgen fix only) | 125,511 | 95,791 | 40,126 | |
| no string formatting on the valid path | 123,120 | 95,791 | 37,043 | field names (`cart[i].sku`) were formatted with StrFormat for every line of every request, in case of an error: 3,429 -> 1,405 in ConvertSuggestRequest; decision id hex by hand: 1,329 -> 573 |
| request and response on a per-call arena (both servers) | 110,815 | 81,445 | 33,692 | FillSuggestResponse 8,036 -> 4,806, request parse 6,821 -> 5,826, ~SuggestResponse 5,446 -> 0; the floor gains as much (its CopyFrom 9,922 -> 5,481) |
| absl::Mutex deadlock detection off in both binaries | 98,036 | 69,870 | 33,417 | Debian's Abseil keeps its debug checks: each of gRPC's ~28 absl::Mutex locks per call also updated a global lock-order graph; `Mutex::Lock` 9,493 -> 1,375 |

Every step made both servers cheaper; since the floor shrank as much, the
instruction ratio (floor / offergraph) went from 76% to 71%: what is left
is offergraph's own work. At the default scale (1M products / 10M edges,
same method, 3,000 calls, `--cache-sim=yes`, after all three steps) the
server takes 97,541 instructions per Suggest, the handler 32,053, of
which:

| part | instructions | last-level cache misses (read + write) |
| --- | --- | --- |
| `Decide` (engine) | 16,647 | 75 |
| `FillSuggestResponse` | 4,783 | 4 |
| `MemoryLedger::RecordDecision` (3 shard locks, 3 maps) | 4,031 | 16 |
| `ConvertSuggestRequest` (of which `Catalog::Find`, 5 skus) | 1,331 (687) | 15 (15) |
| `MemoryLedger::GetHistory` | 781 | 2 |
| `NewDecisionId` 564, metrics (`RecordRequest` 264 + `RecordDecision` 375), snapshot pointer, deadline check | < 700 each | ~0 |
| whole process, per Suggest | 97,541 | 141 |

Where the throughput goal stands: per Suggest the server executes
~28,000 instructions more than the floor (98k vs 70k), and at the default
scale its handler misses the last-level cache ~120 times (the floor's
canned answer: almost never). The engine is about half of the instructions
and two thirds of the misses; the other half is the ledger, the sku
lookups and building the answer, each now a few thousand instructions with
no single hotspot left. Since then the in-flight bound counts queued calls
through a gRPC interceptor (src/service/admission_interceptor.h): about
5,000 more instructions per call (99.2k -> 104.2k at 100k/1M, same method;
`--max_inflight_rpcs=0` turns it off).

The load generator shares the two cores and costs the same for both
servers: 86,682 instructions per call (callgrind over the whole
offergraph-loadgen process, 6,000 calls minus 1,000 calls). By
instructions alone the closed-loop ratio would be (87k + 70k) / (87k +
104k) = 82%; the extra cache misses (~10 us at DRAM latency) should cost
more. Measured ratios nevertheless land at or above 85% when the machine
is quiet (load average ~2: 90-106% per round): with 32 calls in flight the
server's threads overlap the handler's misses with gRPC work of other
calls, and the floor itself is bound by the same loopback and scheduler
costs. On a loaded machine (load average 5+) rounds vary by tens of
points and the median can fall well below; rerun before reading a miss
into it.

The memory ledger keeps every decision for its retention (90 days): ~640
resident bytes per Suggest under this load (`VmRSS` before/after 100,000
calls), so a long benchmark grows the server by hundreds of MB and its
hash maps rehash as they grow. That is the memory store's contract (the
RocksDB and Redis stores keep it off the heap), left as it is.

### Engine (src/engine)

Three changes, one commit (d1fbe5b), measured side by side: the old and the
new `engine_bench` binaries alternating, `--benchmark_filter=NONE
--p99_calls=100000`, default scale.

| 5-line p99, three alternating runs | before | after |
| --- | --- | --- |
| facts column + history by id | 32.0 / 34.2 / 29.1 us | 18.1 / 21.0 / 16.9 us |
| + integer sort of the hits (two runs) | 27.5 / 27.2 us | 12.9 / 15.1 us |

- **A `ProductFacts` column.** The rules and the scorer read a candidate's
  price, margin, stock and currency. In a `Product` (224 bytes plus its
  strings) those sit on two cache lines far apart from the next product's;
  at 1M products that is one DRAM miss per candidate, and a 5-line cart of
  Zipf-head products has ~300 candidates. The column holds them in 24 bytes
  per product (24 MB at 1M products, which a 32 MB last-level cache mostly
  holds), prefetched as the edges are read; the currency's minor-unit
  exponent is computed at load instead of per candidate.
- **Contact history by `ProductId`.** The ledger keys a customer's history
  by sku. Each candidate used to hash its sku (a miss on its Product row)
  to look it up; now the history's few skus are resolved to ids once per
  decision (their index slots prefetched together), and each candidate
  does a binary search over a handful of integers. A sku the catalog no
  longer has cannot be a candidate and drops out.
- **Hits sorted as integers.** (target, cart line, index in the line's
  span) are packed into one `uint64_t`, so grouping the hits by target is a
  `std::sort` of integers instead of 16-byte structs through a comparator.

In the whole server at the default scale (the callgrind method above,
`--cache-sim=yes`, 3,000 calls after 2,000 warm-up): `Decide` went from
16,647 to 15,552 instructions and from 75 to 54 simulated last-level cache
misses per decision; the whole process from 141 to 122 misses per Suggest,
at 101,142 instructions (the admission interceptor included). The count of
instructions barely moved: the gain is in the misses, which is what the
tail pays for.

Where the instructions go now (`valgrind --tool=callgrind
--toggle-collect='offergraph::Decide*' engine_bench
--data_dir=<100k products / 1M edges> --benchmark_filter='BM_Decide/5$'`;
inclusive shares of `Decide`): `GatherCandidates` 45% (collecting and
sorting the hits 16%, building candidates the rest), `CandidateRules::Reason`
26% (of which the binary searches over cart and owned ids ~17%),
`RankCandidates` 7.5%, `Scorer::Score` 6%, resolving the history 6%. The
p99 that is left comes from carts of Zipf-head products (64 edges per line
and kind, each a candidate) and from preemption on the shared machine.

### Metrics (prometheus-cpp takes a mutex per Histogram::Observe)

Measured two ways. `metrics_bench` times `Observe` and the request path's
`RecordRequest` / `RecordDecision` with 1 and 2 threads recording at once
(table above): tens of nanoseconds per request, and 2 threads cost about
what 1 does, so the mutex is not contended at this rate. In the callgrind
profile of the server, `Histogram::Observe` is ~180 instructions and all
metrics ~650 of the ~98,000 instructions of a Suggest (0.7%), with no lock
wait to be seen. A per-thread or sharded histogram collected at scrape time
would save at most that, so it was not built; the metric names, labels and
semantics are unchanged. Revisit if a profile at higher core counts shows
the histogram mutex.

### Reload

- The old snapshot is freed off the request path: its deleter hands it to
  the reloader thread, which frees it, also when a request dropped the last
  reference after the swap (src/snapshot/reloader.cc; until issue 15 the
  reloader polled for the last reference). The server logs how long that took: about
  90 ms for 1M products and 10M edges under load, 0 ms waiting.
- Background reloads parse on one thread (start-up uses two) at nice 10
  (`--reload_priority=low`, the default). A two-thread reload took both
  cores from the requests; with queued calls counted by the in-flight
  bound it made the server refuse calls (3,463 RESOURCE_EXHAUSTED in one
  reload at 12k/s; 0 with one thread).
- Transparent huge pages for the loader's arrays were tried and reverted:
  with them the swap stalled requests (p99 33-38 ms against 8-11 ms
  without).
- **The swap is cheap; the load is not.** `offergraph-loadgen
  --timeline_s=0.25` shows p99 per quarter second rising from ~1 ms to
  5-20 ms the moment a reload starts and falling back within a few hundred
  ms of the publish. The swap window in the table starts at the publish
  (the server's `offergraph_snapshot_loaded_timestamp_seconds`), so it
  holds the release of the old snapshot and the first requests on a cold
  new one, and not the load.
- **The load's cost is the machine's, not a lock in the server.** The same
  load in a *separate process* (`chrt -i 0 offergraph-server --check_data`,
  SCHED_IDLE) while the server serves at 10k/s without reloading: p99 over
  the load 7.6 ms against 2.0 ms before it, the same shape as an in-process
  reload. Parsing 530 MB of CSV and building 0.5 GiB of structures on one
  of two cores takes memory bandwidth and last-level cache from the request
  threads whatever its priority.
- **`--reload_priority=idle`** (SCHED_IDLE: a request thread preempts the
  reload at once) trades reload time for latency: in one run at 10k/s the
  p50 during the reload stayed at 0.3-0.4 ms (about 1 ms at nice 10) and
  p99 per quarter second at ~5 ms (5-20 ms), but the reload took 33.9 s
  instead of 8-9 s, and on saturated cores it would not finish. It is
  there for operators whose reloads are rare and whose cores have
  headroom; nice 10 stays the default.
- What would make the load itself cheap: a binary snapshot built by the
  data pipeline and mmapped, so a reload is a map and a swap instead of a
  parse. Not built.

### Load time

Load at the default scale went from 7.4-7.6 s to 4.9-5.1 s measured side by
side on a loaded machine, and under 3 s on a quieter one (table above),
peak RSS ~0.73 GiB. What bought it (src/data, src/snapshot; each commit
message has its figures): a counting sort by source into the CSR instead of
a comparison sort, edges.csv parsed on two threads split at a line boundary
(errors still name the first bad row's true line and column), an sku index
whose slots hold the first 16 bytes of the key, a CSV reader on raw
pointers scanning 8 bytes at a time, and derived upsells grouped by a
counting sort. tests/snapshot/load_bench prints the phases; the server logs
them with every load. What remains is ~3.6 s of CPU: on a loaded 2-core
machine the second thread often finds no free core.

### Honesty notes

- The machine is shared with other engineers' builds and tests (see the
  load average under Machine). Rounds of the same
  configuration vary by up to 2x, and the no-op server itself shows p99 in
  the milliseconds. End-to-end tail latencies (p99, p99.9) here measure the
  scheduler more than either server; the ratios of medians are the figures
  to trust, and even they are noisy. Run `scripts/perf.sh` on a quiet
  machine for goal checks.
- Nothing in the benchmark was tuned to flatter: the same request pool,
  connection count and concurrency go to both servers; the real server runs
  with all rules on, metrics on and the memory ledger (RocksDB ledger figures
  are in bench/ledger_bench).
NOTES
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
MEM_GB=$(awk '/MemTotal/ {printf "%.1f", $2/1048576}' /proc/meminfo)
python3 - "$RESULTS" "$WORK" "$OUT" "$(nproc)" "$MEM_GB" "$CPU" "$BUILD_TYPE" \
  "$LEDGER" "$CONCURRENCY" "$CART_LINES" "$ROUNDS" "$SECONDS_PER_RUN" "$HALF_RPS" \
  "$DATA_DIR" "$BUILD_DIR" "$LOAD_START" "$(cut -d' ' -f1 /proc/loadavg)" <<'EOF'
import json, math, statistics, sys, datetime, re
(results, work, out, nproc, mem_gb, cpu, build_type, ledger, conc, lines,
 rounds, secs, half_rps, data_dir, build_dir, load_start, load_end) = sys.argv[1:]
rows = [json.loads(l) for l in open(results) if l.strip()]
def runs(label): return [r for r in rows if r.get("label") == label]
def med(label, key):
    v = [r[key] for r in runs(label)]
    return statistics.median(v) if v else float("nan")
def one(kind): return next(r for r in rows if r.get("kind") == kind)
load = one("load")
gen = one("gen")["line"]

eng = json.load(open(f"{work}/engine_bench.json"))
decide_mean = {int(b["name"].split("/")[1]): b["real_time"] / 1000.0
               for b in eng["benchmarks"] if b["name"].startswith("BM_Decide/")}
decide_pct = {}
for l in open(f"{work}/engine_bench.txt"):
    if l.startswith("decide_latency"):
        f = dict(kv.split("=") for kv in l.split()[1:])
        decide_pct[int(f["lines"])] = f
met = json.load(open(f"{work}/metrics_bench.json"))
metrics = [(b["name"], b["real_time"]) for b in met["benchmarks"]]

products = 0; edges_total = 0
for l in open(f"{work}/status.txt"):
    m = re.search(r"(\d+) products", l)
    if m: products = int(m.group(1))
m = re.search(r"(\d+) products in \d+ lines, (\d+) cross-sell \+ (\d+) upsell", gen)
if m: products, edges_total = int(m.group(1)), int(m.group(2)) + int(m.group(3))

o = []
w = o.append
w("# offergraph performance\n")
w("Written by `scripts/perf.sh` on %s. Every figure below comes from one run "
  "of the script; servers were measured side by side, alternating rounds, and "
  "the tables give medians over the rounds. The machine is shared and noisy: "
  "compare ratios, not absolute numbers across runs.\n" %
  datetime.datetime.now().strftime("%Y-%m-%d %H:%M"))
w("## Machine\n")
w(f"- CPU: {cpu}; {nproc} cores (load generator and server share them)")
w(f"- Memory: {mem_gb} GiB")
w(f"- Load average (1 min) at start / end of the run: {load_start} / {load_end} (other tenants' builds and tests share the 2 cores)")
w(f"- Build: `{build_dir}` ({build_type}); ledger store `{ledger}`; default rules (all on)")
w(f"- Data: `{data_dir}`: {gen}\n")
w("## Commands\n")
w("```sh")
w(f"scripts/perf.sh     # BUILD_DIR={build_dir} ROUNDS={rounds} SECONDS_PER_RUN={secs} CONCURRENCY={conc} CART_LINES={lines}")
w(f"offergraph-gen --out_dir={data_dir} --products=1000000 --edges=10000000 --seed=1")
w(f"engine_bench --data_dir={data_dir}")
w(f"offergraph-server --data_dir={data_dir} --ledger_store={ledger}")
w(f"offergraph-noop-server")
w(f"offergraph-loadgen --target=... --data_dir={data_dir} --cart_lines={lines} --concurrency={conc} --duration_s={secs}   # closed loop")
w(f"offergraph-loadgen --target=... --data_dir={data_dir} --cart_lines={lines} --rate={half_rps} --duration_s={secs}   # open loop")
w(f"offergraph-loadgen ... --rate={half_rps} --command='offergraph reload' --command_at_s=3 --samples_out=...   # reload under load, once per round ({sum(1 for r in rows if r.get('kind') == 'reload')} reloads)")
w("```\n")

w("## Results\n")
w("| measure | offergraph | no-op floor | ratio | goal | met |")
w("| --- | --- | --- | --- | --- | --- |")
og, nn = med("offergraph_closed", "calls_per_second"), med("noop_closed", "calls_per_second")
ratio = og / nn
pairs = [a["calls_per_second"] / b["calls_per_second"] for a, b in zip(runs("offergraph_closed"), runs("noop_closed"))]
w(f"| Suggest throughput, median of per-round ratios (each round: no-op then offergraph) | {', '.join(f'{100*x:.0f}%' for x in pairs)} | | {100*statistics.median(pairs):.1f}% | >= 85% | {'yes' if statistics.median(pairs) >= 0.85 else 'NO'} |")
w(f"| Suggest throughput, closed loop, {lines}-line carts, {conc} in flight | {og:,.0f}/s | {nn:,.0f}/s | {100*ratio:.1f}% | >= 85% | {'yes' if ratio >= 0.85 else 'NO'} |")
for key, name in (("p50_us", "p50"), ("p99_us", "p99")):
    a, b = med("offergraph_closed", key), med("noop_closed", key)
    w(f"| closed-loop latency {name} | {a:.0f} us | {b:.0f} us | {a/b:.2f}x | | |")
for key, name in (("p50_us", "p50"), ("p90_us", "p90"), ("p99_us", "p99"), ("p999_us", "p99.9")):
    a, b = med("offergraph_open", key), med("noop_open", key)
    goal = "< 1 ms" if key == "p99_us" else ""
    met_ = ("yes" if a < 1000 else "NO") if key == "p99_us" else ""
    w(f"| end-to-end {name}, open loop at {half_rps}/s (half of max) | {a:.0f} us | {b:.0f} us | {a/b:.2f}x | {goal} | {met_} |")
errs = sum(r["errors"] for r in rows if "errors" in r and not r.get("label", "").startswith("offergraph_reload"))
w(f"| errors in all throughput/latency runs | {errs} | | | 0 | {'yes' if errs == 0 else 'NO'} |")
totals = [r for r in rows if "scheduled" in r and (r.get("label") in ("offergraph_closed", "noop_closed", "offergraph_open", "noop_open") or re.fullmatch(r"offergraph_reload_\d+", r.get("label", "")))]
unfinished = sum(r["unfinished"] for r in totals)
late = sum(r["sent_late"] for r in totals if r["label"].endswith("open"))
sched = sum(r["scheduled"] for r in totals)
w(f"| calls scheduled / never completed in all runs (every call accounted for) | {sched:,} / {unfinished} | | | 0 | {'yes' if unfinished == 0 else 'NO'} |")
w(f"| open-loop calls the load generator sent > 1 ms behind schedule (latency counted from the schedule) | {late:,} | | | | |")
w("")

w("### Engine alone (one `Decide`, all rules on, default scale)\n")
w("| cart lines | mean (Google Benchmark) | p50 | p90 | p99 | p99.9 | goal |")
w("| --- | --- | --- | --- | --- | --- | --- |")
for n in sorted(decide_pct):
    f = decide_pct[n]
    goal = ""
    if n == 5:
        goal = "p99 < 20 us: " + ("yes" if float(f["p99_us"]) < 20 else "NO")
    w(f"| {n} | {decide_mean.get(n, float('nan')):.2f} us | {float(f['p50_us']):.2f} us | {float(f['p90_us']):.2f} us | {float(f['p99_us']):.2f} us | {float(f['p999_us']):.2f} us | {goal} |")
w(f"\nEach percentile comes from {decide_pct.get(5, {}).get('calls', '?')} decisions timed one by one (20k for 200 lines).\n")

w("### Load and memory (offergraph-server, default scale)\n")
hwm = load["hwm_kb"] * 1024
w("| measure | value | goal | met |")
w("| --- | --- | --- | --- |")
w(f"| load (parse, build, validate), from the server's log | {load['load_ms']/1000:.2f} s | < 5 s | {'yes' if load['load_ms'] < 5000 else 'NO'} |")
w(f"| process start to ready | {load['ready_ms']/1000:.2f} s | | |")
w(f"| peak resident memory after load (VmHWM) | {hwm/2**30:.2f} GiB | < 1 GiB | {'yes' if hwm < 2**30 else 'NO'} |")
w(f"| resident memory after load (VmRSS) | {load['rss_kb']/2**20:.2f} GiB | | |")
if products and edges_total:
    w(f"| catalog in memory (`offergraph_snapshot_catalog_bytes`: rows, strings, facts column, sku index) | {load['catalog_heap']/2**20:.0f} MiB = {load['catalog_heap']/products:.0f} B per product | | |")
    w(f"| graph in memory (`offergraph_snapshot_graph_bytes`: CSR offsets and edges of both kinds, pitches), {edges_total:,} edges + derived upsells | {load['graph_heap']/2**20:.0f} MiB = {load['graph_heap']/edges_total:.1f} B per input edge | | |")
    w(f"| resident bytes per product + its share of edges (whole process) | {load['rss_kb']*1024/products:.0f} B/product = {load['rss_kb']*1024/edges_total:.1f} B/edge | | |")
w(f"| input files | catalog.csv {load['catalog_bytes']/1e6:.0f} MB, edges.csv {load['edges_bytes']/1e6:.0f} MB | | |")
w("")

w("### Reload under load (open loop, same rate)\n")
# Windows cut from every call of a reload run, by completion time, at the
# server's publish moment: the load's last second before it, and the swap
# (publish, release of the old snapshot, the RPC's return) in the second
# after it.
def window(samples, a, b):
    v = sorted(lat for t, lat, c in samples if a <= t < b)
    errors = sum(1 for t, lat, c in samples if a <= t < b and c != 0)
    def pct(p):  # the load generator's rank rule (src/tools/latency_report.cc)
        if not v: return float("nan")
        return v[min(len(v), max(1, math.ceil(p / 100.0 * len(v) - 1e-9))) - 1]
    return {"calls": len(v), "errors": errors, "p50_us": pct(50), "p99_us": pct(99), "p999_us": pct(99.9)}
LAST = "load's last second (publish - 1 s .. publish)"
SWAP = "swap (publish .. publish + 1 s)"
reloads = []
for rel in sorted((r for r in rows if r.get("kind") == "reload"), key=lambda r: r["round"]):
    n = rel["round"]
    lab = f"offergraph_reload_{n}"
    rl = {r["label"][len(lab):].strip(): r for r in rows if r.get("label", "") == lab or r.get("label", "").startswith(lab + " ")}
    samples = []
    with open(f"{work}/reload_samples_{n}.csv") as f:
        next(f)
        for l in f:
            t, lat, code = l.split(",")
            samples.append((float(t), float(lat), int(code)))
    pub = rel["published_at"]
    phases = {"before": rl.get("before"), "during": rl.get("during"),
              LAST: window(samples, pub - 1, pub), SWAP: window(samples, pub, pub + 1),
              "after": rl.get("after")}
    # Steady p99: the lower of before and after (a noise spike in one of
    # them must not make the swap look good).
    steady = min(phases["before"]["p99_us"], phases["after"]["p99_us"])
    cmd = next((r for r in rows if r.get("round") == n and "command_exit" in r), {})
    reloads.append({"n": n, "rel": rel, "phases": phases, "steady": steady,
                    "ratio": phases[SWAP]["p99_us"] / steady, "total": rl.get(""), "cmd": cmd})
ratios = [x["ratio"] for x in reloads]
med_ratio = statistics.median(ratios)
mid = sorted(reloads, key=lambda x: x["ratio"])[len(reloads) // 2]
failed = sum(x["total"]["errors"] for x in reloads if x["total"])
w("| round | load | freeing the old snapshot | failed calls | steady p99 (lower of before, after) | load's last second p99 | whole reload p99 | swap p99 | swap / steady |")
w("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for x in reloads:
    p = x["phases"]
    w(f"| {x['n']} | {x['rel']['load_ms']/1000:.2f} s | {x['rel']['free_ms']:.0f} ms | {x['total']['errors'] if x['total'] else '?'} | {x['steady']:.0f} us | {p[LAST]['p99_us']:.0f} us | {p['during']['p99_us']:.0f} us | {p[SWAP]['p99_us']:.0f} us | {x['ratio']:.2f}x |")
w(f"| median | | | {failed} in all | | | | | {med_ratio:.2f}x (goal <= 2x: {'yes' if med_ratio <= 2 else 'NO'}) |")
w("")
w(f"Phases of the median round ({mid['n']}):\n")
w("| phase | calls | errors | p50 | p99 | p99.9 |")
w("| --- | --- | --- | --- | --- | --- |")
for name, r in mid["phases"].items():
    if r: w(f"| {name} | {r['calls']} | {r['errors']} | {r['p50_us']:.0f} us | {r['p99_us']:.0f} us | {r['p999_us']:.0f} us |")
rel = mid["rel"]
w("")
w(f"- Reload RPC: exit {mid['cmd'].get('command_exit','?')}, {mid['cmd'].get('command_seconds', float('nan')):.2f} s. \"During\" runs from the Reload call until 1 s after it returned; it includes the whole load, which takes one of the two cores.")
w(f"- Failed requests over all {len(reloads)} reload runs: {failed} (goal 0: {'yes' if failed == 0 else 'NO'}).")
w("- \"Swap\" is the second after the server published the new snapshot (its `offergraph_snapshot_loaded_timestamp_seconds`), cut from every call's completion time (`offergraph-loadgen --samples_out`): the publish, the release of the old snapshot and the Reload RPC's return. The load before it is reported on its own (\"load's last second\", \"during\").")
w(f"- Resident memory before / after the reload: {rel['rss_before_kb']/2**20:.2f} / {rel['rss_after_kb']/2**20:.2f} GiB; peak {rel['hwm_kb']/2**20:.2f} GiB (two snapshots live during the swap). The old snapshot is released by the reloader thread once no request holds it (src/snapshot/reloader.cc), never by a request; the server logs how long freeing it took.")
w("")

w("### Metrics on the request path (metrics_bench, wall time per operation)\n")
w("| benchmark | ns/op |")
w("| --- | --- |")
for name, t in metrics: w(f"| {name} | {t:.1f} |")
w("")
text = "\n".join(o)
open(out, "w").write(text + "\n" + open(f"{work}/notes.md").read())
print(text)
EOF
log "wrote $OUT (raw figures: $RESULTS)"
