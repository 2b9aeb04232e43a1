"""Table and JSON line of an A/B run: NAME BASELINE CURRENT DIR (DIR holds I-A.json, I-B.json)."""
import json
import pathlib
import statistics
import sys


def figures(path):
    """Median over the fork's measured iterations of the wall-clock score and the CPU-time one."""
    result = json.loads(path.read_text())[0]
    wall = statistics.median(x for fork in result["primaryMetric"]["rawData"] for x in fork)
    cpu = statistics.median(x for fork in result["secondaryMetrics"]["cpu.ops"]["rawData"] for x in fork)
    return wall, cpu


def spread(ratios):
    return {"median": statistics.median(ratios), "min": min(ratios), "max": max(ratios)}


def main(name, baseline, current, folder):
    folder = pathlib.Path(folder)
    pairs = sorted(int(p.name.split("-")[0]) for p in folder.glob("*-A.json"))
    rows = [(i, figures(folder / f"{i}-A.json"), figures(folder / f"{i}-B.json")) for i in pairs]
    print(f"A/B {name}: A = baseline {baseline}, B = current {current}; ops/s per run (median of iterations)")
    print(f"{'pair':>4} {'A wall':>14} {'B wall':>14} {'B/A':>6} {'A cpu':>14} {'B cpu':>14} {'B/A':>6}")
    for i, (aw, ac), (bw, bc) in rows:
        print(f"{i:>4} {aw:>14,.0f} {bw:>14,.0f} {bw / aw:>6.3f} {ac:>14,.0f} {bc:>14,.0f} {bc / ac:>6.3f}")
    wall = spread([b[0] / a[0] for _, a, b in rows])
    cpu = spread([b[1] / a[1] for _, a, b in rows])
    a_cpu = statistics.median(a[1] for _, a, _ in rows)
    b_cpu = statistics.median(b[1] for _, _, b in rows)
    print(f"B/A CPU time: median of pairs {cpu['median']:.3f} (min {cpu['min']:.3f}, max {cpu['max']:.3f}); "
          f"ratio of medians {b_cpu / a_cpu:.3f}")
    print(f"B/A wall:     median of pairs {wall['median']:.3f} (min {wall['min']:.3f}, max {wall['max']:.3f})")
    print(json.dumps({"bench": "ab", "name": name, "baseline": baseline, "current": current, "pairs": len(rows),
                      "cpuRatio": {k: round(v, 4) for k, v in cpu.items()},
                      "cpuRatioOfMedians": round(b_cpu / a_cpu, 4),
                      "wallRatio": {k: round(v, 4) for k, v in wall.items()},
                      "baselineCpuOpsPerS": round(a_cpu), "currentCpuOpsPerS": round(b_cpu)}))


if __name__ == "__main__":
    main(*sys.argv[1:5])
