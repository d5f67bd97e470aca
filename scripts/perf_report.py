#!/usr/bin/env python3
"""Turns one run of scripts/perf.sh into docs/PERFORMANCE.md.

scripts/perf.sh measures and writes every figure as a JSON line into
results.jsonl (plus engine_bench and metrics_bench output and the per-call
samples of each reload run) in its work directory; this program reads them
and writes the report. It measures nothing itself, so it can be tested on
figures of our choosing (tests/tools/perf_report_test.cc).

  perf_report.py max-rps RESULTS          # median closed-loop calls/s
  perf_report.py report --work DIR --out FILE --meta META.json

META.json holds what the run knew about itself (machine, build, knobs; the
keys are listed in META_KEYS). The hand-written analysis of the figures is
static text in docs/performance-analysis.md; the report links to it.
"""
import argparse
import datetime
import json
import math
import re
import statistics
import sys

META_KEYS = ("nproc", "mem_gb", "cpu", "build_type", "ledger", "concurrency",
             "cart_lines", "rounds", "seconds", "half_rps", "data_dir",
             "build_dir", "load_start", "load_end")

LAST = "load's last second (publish - 1 s .. publish)"
SWAP = "swap (publish .. publish + 1 s)"


def read_rows(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def runs(rows, label):
    return [r for r in rows if r.get("label") == label]


def median_of(rows, label, key):
    values = [r[key] for r in runs(rows, label)]
    return statistics.median(values) if values else float("nan")


def max_rps(rows):
    """The median closed-loop throughput of offergraph, calls per second."""
    return int(median_of(rows, "offergraph_closed", "calls_per_second"))


def percentile(sorted_values, p):
    """The load generator's rank rule (src/tools/latency_report.cc): the
    smallest value with at least p% of the values at or below it."""
    if not sorted_values:
        return float("nan")
    n = len(sorted_values)
    rank = min(n, max(1, math.ceil(p / 100.0 * n - 1e-9)))
    return sorted_values[rank - 1]


def window(samples, start, end):
    """Calls that completed in [start, end): (time, latency_us, code)."""
    inside = [(lat, code) for t, lat, code in samples if start <= t < end]
    v = sorted(lat for lat, _ in inside)
    return {"calls": len(v), "errors": sum(1 for _, c in inside if c != 0),
            "p50_us": percentile(v, 50), "p99_us": percentile(v, 99),
            "p999_us": percentile(v, 99.9)}


def read_samples(path):
    samples = []
    with open(path) as f:
        next(f)  # header
        for line in f:
            t, lat, code = line.split(",")
            samples.append((float(t), float(lat), int(code)))
    return samples


def reload_rounds(rows, work):
    """One entry per reload round: its phases and the swap's p99 against the
    steady p99 (the lower of before and after, so that a noise spike in one
    of them cannot make the swap look good)."""
    out = []
    for rel in sorted((r for r in rows if r.get("kind") == "reload"),
                      key=lambda r: r["round"]):
        n = rel["round"]
        lab = f"offergraph_reload_{n}"
        by_phase = {r["label"][len(lab):].strip(): r for r in rows
                    if r.get("label", "") == lab or
                    r.get("label", "").startswith(lab + " ")}
        samples = read_samples(f"{work}/reload_samples_{n}.csv")
        pub = rel["published_at"]
        phases = {"before": by_phase.get("before"),
                  "during": by_phase.get("during"),
                  LAST: window(samples, pub - 1, pub),
                  SWAP: window(samples, pub, pub + 1),
                  "after": by_phase.get("after")}
        steady = min(phases["before"]["p99_us"], phases["after"]["p99_us"])
        cmd = next((r for r in rows
                    if r.get("round") == n and "command_exit" in r), {})
        out.append({"n": n, "rel": rel, "phases": phases, "steady": steady,
                    "ratio": phases[SWAP]["p99_us"] / steady,
                    "total": by_phase.get(""), "cmd": cmd})
    return out


def yes_no(ok):
    return "yes" if ok else "NO"


def engine_figures(work):
    with open(f"{work}/engine_bench.json") as f:
        eng = json.load(f)
    mean = {int(b["name"].split("/")[1]): b["real_time"] / 1000.0
            for b in eng["benchmarks"] if b["name"].startswith("BM_Decide/")}
    pct = {}
    with open(f"{work}/engine_bench.txt") as f:
        for line in f:
            if line.startswith("decide_latency"):
                fields = dict(kv.split("=") for kv in line.split()[1:])
                pct[int(fields["lines"])] = fields
    return mean, pct


def render(rows, work, meta, now):
    m = meta
    load = next(r for r in rows if r.get("kind") == "load")
    gen = next(r for r in rows if r.get("kind") == "gen")["line"]
    decide_mean, decide_pct = engine_figures(work)
    with open(f"{work}/metrics_bench.json") as f:
        metrics = [(b["name"], b["real_time"])
                   for b in json.load(f)["benchmarks"]]

    products = edges_total = 0
    with open(f"{work}/status.txt") as f:
        for line in f:
            found = re.search(r"(\d+) products", line)
            if found:
                products = int(found.group(1))
    found = re.search(r"(\d+) products in \d+ lines, (\d+) cross-sell \+ "
                      r"(\d+) upsell", gen)
    if found:
        products = int(found.group(1))
        edges_total = int(found.group(2)) + int(found.group(3))

    o = []
    w = o.append
    w("# offergraph performance\n")
    w("Written by `scripts/perf.sh` on %s. Every figure below comes from one "
      "run of the script; servers were measured side by side, alternating "
      "rounds, and the tables give medians over the rounds. The machine is "
      "shared and noisy: compare ratios, not absolute numbers across runs. "
      "What the figures mean and what was done about them: "
      "[performance-analysis.md](performance-analysis.md) (hand-written, "
      "not rewritten by the script).\n" % now.strftime("%Y-%m-%d %H:%M"))
    w("## Machine\n")
    w(f"- CPU: {m['cpu']}; {m['nproc']} cores (load generator and server "
      "share them)")
    w(f"- Memory: {m['mem_gb']} GiB")
    w(f"- Load average (1 min) at start / end of the run: {m['load_start']} / "
      f"{m['load_end']} (other tenants' builds and tests share the 2 cores)")
    w(f"- Build: `{m['build_dir']}` ({m['build_type']}); ledger store "
      f"`{m['ledger']}`; default rules (all on)")
    w(f"- Data: `{m['data_dir']}`: {gen}\n")

    reloads = reload_rounds(rows, work)
    w("## Commands\n")
    w("```sh")
    w(f"scripts/perf.sh     # BUILD_DIR={m['build_dir']} ROUNDS={m['rounds']} "
      f"SECONDS_PER_RUN={m['seconds']} CONCURRENCY={m['concurrency']} "
      f"CART_LINES={m['cart_lines']}")
    w(f"offergraph-gen --out_dir={m['data_dir']} --products=1000000 "
      "--edges=10000000 --seed=1")
    w(f"engine_bench --data_dir={m['data_dir']}")
    w(f"offergraph-server --data_dir={m['data_dir']} "
      f"--ledger_store={m['ledger']}")
    w("offergraph-noop-server")
    w(f"offergraph-loadgen --target=... --data_dir={m['data_dir']} "
      f"--cart_lines={m['cart_lines']} --concurrency={m['concurrency']} "
      f"--duration_s={m['seconds']}   # closed loop")
    w(f"offergraph-loadgen --target=... --data_dir={m['data_dir']} "
      f"--cart_lines={m['cart_lines']} --rate={m['half_rps']} "
      f"--duration_s={m['seconds']}   # open loop")
    w(f"offergraph-loadgen ... --rate={m['half_rps']} --command='offergraph "
      "reload' --command_at_s=3 --samples_out=...   # reload under load, once "
      f"per round ({len(reloads)} reloads)")
    w("```\n")

    w("## Results\n")
    w("| measure | offergraph | no-op floor | ratio | goal | met |")
    w("| --- | --- | --- | --- | --- | --- |")
    og = median_of(rows, "offergraph_closed", "calls_per_second")
    nn = median_of(rows, "noop_closed", "calls_per_second")
    pairs = [a["calls_per_second"] / b["calls_per_second"]
             for a, b in zip(runs(rows, "offergraph_closed"),
                             runs(rows, "noop_closed"))]
    pair_median = statistics.median(pairs)
    w("| Suggest throughput, median of per-round ratios (each round: no-op "
      f"then offergraph) | {', '.join(f'{100 * x:.0f}%' for x in pairs)} | | "
      f"{100 * pair_median:.1f}% | >= 85% | {yes_no(pair_median >= 0.85)} |")
    w(f"| Suggest throughput, closed loop, {m['cart_lines']}-line carts, "
      f"{m['concurrency']} in flight | {og:,.0f}/s | {nn:,.0f}/s | "
      f"{100 * og / nn:.1f}% | >= 85% | {yes_no(og / nn >= 0.85)} |")
    for key, name in (("p50_us", "p50"), ("p99_us", "p99")):
        a = median_of(rows, "offergraph_closed", key)
        b = median_of(rows, "noop_closed", key)
        w(f"| closed-loop latency {name} | {a:.0f} us | {b:.0f} us | "
          f"{a / b:.2f}x | | |")
    for key, name in (("p50_us", "p50"), ("p90_us", "p90"), ("p99_us", "p99"),
                      ("p999_us", "p99.9")):
        a = median_of(rows, "offergraph_open", key)
        b = median_of(rows, "noop_open", key)
        goal = "< 1 ms" if key == "p99_us" else ""
        met = yes_no(a < 1000) if key == "p99_us" else ""
        w(f"| end-to-end {name}, open loop at {m['half_rps']}/s (half of max) "
          f"| {a:.0f} us | {b:.0f} us | {a / b:.2f}x | {goal} | {met} |")
    errors = sum(r["errors"] for r in rows if "errors" in r and
                 not r.get("label", "").startswith("offergraph_reload"))
    w(f"| errors in all throughput/latency runs | {errors} | | | 0 | "
      f"{yes_no(errors == 0)} |")
    counted = [r for r in rows if "scheduled" in r and (
        r.get("label") in ("offergraph_closed", "noop_closed",
                           "offergraph_open", "noop_open") or
        re.fullmatch(r"offergraph_reload_\d+", r.get("label", "")))]
    unfinished = sum(r["unfinished"] for r in counted)
    late = sum(r["sent_late"] for r in counted if r["label"].endswith("open"))
    scheduled = sum(r["scheduled"] for r in counted)
    w("| calls scheduled / never completed in all runs (every call accounted "
      f"for) | {scheduled:,} / {unfinished} | | | 0 | "
      f"{yes_no(unfinished == 0)} |")
    w("| open-loop calls the load generator sent > 1 ms behind schedule "
      f"(latency counted from the schedule) | {late:,} | | | | |")
    w("")

    w("### Engine alone (one `Decide`, all rules on, default scale)\n")
    w("| cart lines | mean (Google Benchmark) | p50 | p90 | p99 | p99.9 | goal |")
    w("| --- | --- | --- | --- | --- | --- | --- |")
    for n in sorted(decide_pct):
        f = decide_pct[n]
        goal = ""
        if n == 5:
            goal = "p99 < 20 us: " + yes_no(float(f["p99_us"]) < 20)
        w(f"| {n} | {decide_mean.get(n, float('nan')):.2f} us | "
          f"{float(f['p50_us']):.2f} us | {float(f['p90_us']):.2f} us | "
          f"{float(f['p99_us']):.2f} us | {float(f['p999_us']):.2f} us | "
          f"{goal} |")
    w(f"\nEach percentile comes from {decide_pct.get(5, {}).get('calls', '?')} "
      "decisions timed one by one (20k for 200 lines).\n")

    w("### Load and memory (offergraph-server, default scale)\n")
    hwm = load["hwm_kb"] * 1024
    w("| measure | value | goal | met |")
    w("| --- | --- | --- | --- |")
    w("| load (parse, build, validate), from the server's log | "
      f"{load['load_ms'] / 1000:.2f} s | < 5 s | "
      f"{yes_no(load['load_ms'] < 5000)} |")
    w(f"| process start to ready | {load['ready_ms'] / 1000:.2f} s | | |")
    w("| peak resident memory after load (VmHWM) | "
      f"{hwm / 2**30:.2f} GiB | < 1 GiB | {yes_no(hwm < 2**30)} |")
    w("| resident memory after load (VmRSS) | "
      f"{load['rss_kb'] / 2**20:.2f} GiB | | |")
    if products and edges_total:
        w("| catalog in memory (`offergraph_snapshot_catalog_bytes`: rows, "
          "strings, facts column, sku index) | "
          f"{load['catalog_heap'] / 2**20:.0f} MiB = "
          f"{load['catalog_heap'] / products:.0f} B per product | | |")
        w("| graph in memory (`offergraph_snapshot_graph_bytes`: CSR offsets "
          f"and edges of both kinds, pitches), {edges_total:,} edges + "
          f"derived upsells | {load['graph_heap'] / 2**20:.0f} MiB = "
          f"{load['graph_heap'] / edges_total:.1f} B per input edge | | |")
        w("| resident bytes per product + its share of edges (whole process) "
          f"| {load['rss_kb'] * 1024 / products:.0f} B/product = "
          f"{load['rss_kb'] * 1024 / edges_total:.1f} B/edge | | |")
    w(f"| input files | catalog.csv {load['catalog_bytes'] / 1e6:.0f} MB, "
      f"edges.csv {load['edges_bytes'] / 1e6:.0f} MB | | |")
    w("")

    w("### Reload under load (open loop, same rate)\n")
    if reloads:
        render_reloads(reloads, w)

    w("### Metrics on the request path (metrics_bench, wall time per "
      "operation)\n")
    w("| benchmark | ns/op |")
    w("| --- | --- |")
    for name, t in metrics:
        w(f"| {name} | {t:.1f} |")
    w("")
    return "\n".join(o)


def render_reloads(reloads, w):
    ratio = statistics.median(x["ratio"] for x in reloads)
    mid = sorted(reloads, key=lambda x: x["ratio"])[len(reloads) // 2]
    failed = sum(x["total"]["errors"] for x in reloads if x["total"])
    w("| round | load | freeing the old snapshot | failed calls | steady p99 "
      "(lower of before, after) | load's last second p99 | whole reload p99 "
      "| swap p99 | swap / steady |")
    w("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for x in reloads:
        p = x["phases"]
        w(f"| {x['n']} | {x['rel']['load_ms'] / 1000:.2f} s | "
          f"{x['rel']['free_ms']:.0f} ms | "
          f"{x['total']['errors'] if x['total'] else '?'} | "
          f"{x['steady']:.0f} us | {p[LAST]['p99_us']:.0f} us | "
          f"{p['during']['p99_us']:.0f} us | {p[SWAP]['p99_us']:.0f} us | "
          f"{x['ratio']:.2f}x |")
    w(f"| median | | | {failed} in all | | | | | {ratio:.2f}x (goal <= 2x: "
      f"{yes_no(ratio <= 2)}) |")
    w("")
    w(f"Phases of the median round ({mid['n']}):\n")
    w("| phase | calls | errors | p50 | p99 | p99.9 |")
    w("| --- | --- | --- | --- | --- | --- |")
    for name, r in mid["phases"].items():
        if r:
            w(f"| {name} | {r['calls']} | {r['errors']} | {r['p50_us']:.0f} us "
              f"| {r['p99_us']:.0f} us | {r['p999_us']:.0f} us |")
    rel = mid["rel"]
    w("")
    w(f"- Reload RPC: exit {mid['cmd'].get('command_exit', '?')}, "
      f"{mid['cmd'].get('command_seconds', float('nan')):.2f} s. \"During\" "
      "runs from the Reload call until 1 s after it returned; it includes the "
      "whole load, which takes one of the two cores.")
    w(f"- Failed requests over all {len(reloads)} reload runs: {failed} "
      f"(goal 0: {yes_no(failed == 0)}).")
    w("- \"Swap\" is the second after the server published the new snapshot "
      "(its `offergraph_snapshot_loaded_timestamp_seconds`), cut from every "
      "call's completion time (`offergraph-loadgen --samples_out`): the "
      "publish, the release of the old snapshot and the Reload RPC's return. "
      "The load before it is reported on its own (\"load's last second\", "
      "\"during\").")
    w(f"- Resident memory before / after the reload: "
      f"{rel['rss_before_kb'] / 2**20:.2f} / {rel['rss_after_kb'] / 2**20:.2f} "
      f"GiB; peak {rel['hwm_kb'] / 2**20:.2f} GiB (two snapshots live during "
      "the swap). The old snapshot is released by the reloader thread once no "
      "request holds it (src/snapshot/reloader.cc), never by a request; the "
      "server logs how long freeing it took.")
    w("")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rps = sub.add_parser("max-rps", help="median closed-loop calls/s")
    rps.add_argument("results")
    rep = sub.add_parser("report", help="write the report")
    rep.add_argument("--work", required=True,
                     help="perf.sh's work directory (results.jsonl, ...)")
    rep.add_argument("--out", required=True, help="the Markdown to write")
    rep.add_argument("--meta", required=True,
                     help="JSON object with " + ", ".join(META_KEYS))
    rep.add_argument("--now", help="the report's date, YYYY-MM-DD HH:MM "
                     "(default: now)")
    args = parser.parse_args(argv)
    if args.command == "max-rps":
        print(max_rps(read_rows(args.results)))
        return 0
    with open(args.meta) as f:
        meta = json.load(f)
    missing = [k for k in META_KEYS if k not in meta]
    if missing:
        print(f"perf_report.py: {args.meta}: missing {', '.join(missing)}",
              file=sys.stderr)
        return 2
    now = (datetime.datetime.strptime(args.now, "%Y-%m-%d %H:%M")
           if args.now else datetime.datetime.now())
    text = render(read_rows(f"{args.work}/results.jsonl"), args.work, meta,
                  now)
    with open(args.out, "w") as f:
        f.write(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
