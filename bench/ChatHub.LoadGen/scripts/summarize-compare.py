"""Summarizes compare-redis.sh's results: per scenario and offered rate, the median over rounds of each build."""
import json
import statistics
import sys
from pathlib import Path



def number(value):
    """A latency, or infinity when there is none (every message lost)."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("inf")


out = Path(sys.argv[1])
rows = {}
for results in sorted(out.glob("*-*/benchmarks/results.json")):
    build, round_ = results.parent.parent.name.split("-")
    for step in json.loads(results.read_text())["steps"]:
        if step.get("search") or "warm" in str(step.get("label", "")).lower():
            continue
        e2e = step["endToEnd"]
        key = (step["scenario"], step["offeredRate"])
        rows.setdefault(key, {}).setdefault(build, []).append(
            (step["throughput"], number(e2e["p99"]) if e2e["completed"] else float("inf"), e2e["lost"] + e2e["errors"],
             step["cpu"]["server"] * 1000 / max(step["throughput"], 1)))

print("| scenario | offered msg/s | build | rounds | msg/s (median) | p99 ms (median) | hub CPU ms per message (median) | lost + errors | after/before msg/s | before/after p99 |")
print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
for (scenario, rate), builds in sorted(rows.items()):
    med = {b: (statistics.median(r[0] for r in v), statistics.median(r[1] for r in v), sum(r[2] for r in v), statistics.median(r[3] for r in v))
           for b, v in builds.items()}
    for build in ("before", "after"):
        if build not in med:
            continue
        t, p, x, c = med[build]
        ratio_t = ratio_p = ""
        if build == "after" and "before" in med:
            ratio_t = f"{t / med['before'][0]:.0%}"
            if med["before"][1] == float("inf"):
                ratio_p = "before lost messages"
            else:
                ratio_p = f"{med['before'][1] / p:.0%}" if p not in (0, float("inf")) else "after lost messages"
        p_text = "lost" if p == float("inf") else f"{p:,.0f}"
        print(f"| {scenario} | {rate:,} | {build} | {len(builds[build])} | {t:,.0f} | {p_text} | {c:.2f} | {x:,} | {ratio_t} | {ratio_p} |")
