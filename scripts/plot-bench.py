#!/usr/bin/env python3
"""The growth table and plot of docs/benchmarks.md, from the JSON files scripts/bench.sh writes.

    python3 scripts/plot-bench.py [BENCH_DIR] [--svg docs/benchmarks-growth.svg]

Reads BENCH_DIR/ingest-N.json and search-N.json (N = the corpus sizes bench.sh ran), prints a Markdown table of
ingest time, CPU, throughput against tantivy-cli, peak RSS, index size and whole-process search latency by size
(the three query classes, then facets and entities of a frequent person when the search benchmark measured them),
and writes an SVG of the same figures on log-log axes (no plotting library needed: the SVG is written by hand).
"""
import glob
import json
import math
import os
import re
import sys


QUERY_CLASSES = ("person", "place+date", "free text")
HEAVY_CLASSES = ("facets", "entities")


def load(bench_dir):
    sizes = {}
    for path in glob.glob(os.path.join(bench_dir, "ingest-*.json")):
        n = int(re.search(r"ingest-(\d+)\.json$", path).group(1))
        ingest = json.load(open(path))
        search_path = os.path.join(bench_dir, f"search-{n}.json")
        search = json.load(open(search_path)) if os.path.exists(search_path) else None
        sizes[n] = (ingest, search)
    return dict(sorted(sizes.items()))


def summary(ingest, label):
    return next((s for s in ingest["summary"] if s["label"] == label), None)


def table(sizes):
    rows = [
        "| articles | newsdex ingest s (CPU s) | tantivy-cli s (CPU s) | ratio | no-extract s | peak RSS MiB | index / text | re-run s | search median / p99 ms: person, place+date, free text | facets, entities median ms |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for n, (ingest, search) in sizes.items():
        nd, tc, ne, rr = (summary(ingest, l) for l in ("newsdex", "tantivy-cli", "no-extract", "rerun"))
        fmt = lambda s: f"{s['median_seconds']:.1f} ({s['median_cpu_seconds']:.0f})" if s else "-"
        ratio = f"{ingest['tantivy_cli_ratio']:.2f}" if ingest.get("tantivy_cli_ratio") else "-"
        lat, heavy = "-", "-"
        if search:
            timed = [c for c in search["classes"] if c["whole_process"]]
            lat = ", ".join(
                f"{c['whole_process']['median_ms']:.1f} / {c['whole_process']['p99_ms']:.1f}"
                for c in timed
                if c["class"] in QUERY_CLASSES
            )
            heavy = ", ".join(f"{c['whole_process']['median_ms']:.0f}" for c in timed if c["class"] in HEAVY_CLASSES) or "-"
        rows.append(
            f"| {n:,} | {fmt(nd)} | {fmt(tc)} | {ratio} | {ne['median_seconds']:.1f} | "
            f"{nd['max_peak_rss_bytes'] / 2**20:.0f} | {nd['index_ratio']:.2f} | {rr['median_seconds']:.2f} | {lat} | {heavy} |"
        )
    return "\n".join(rows)


def svg(sizes):
    """Three panels, log-log: ingest seconds by size (newsdex, no-extract, tantivy-cli); peak RSS in MiB (newsdex,
    tantivy-cli); whole-process search median by size (one line per query class, facets and entities)."""
    w, h, pad = 420, 300, 55
    ns = list(sizes)
    series_ingest = {
        label: [(n, summary(i, label)["median_seconds"]) for n, (i, _) in sizes.items() if summary(i, label)]
        for label in ("newsdex", "no-extract", "tantivy-cli")
    }
    series_rss = {
        label: [(n, summary(i, label)["max_peak_rss_bytes"] / 2**20) for n, (i, _) in sizes.items() if summary(i, label)]
        for label in ("newsdex", "tantivy-cli")
    }
    series_search = {}
    for n, (_, s) in sizes.items():
        for c in (s or {}).get("classes", []):
            if c["whole_process"]:
                series_search.setdefault(c["class"], []).append((n, c["whole_process"]["median_ms"]))
    colors = ["#1f5f99", "#d9822b", "#2e8b57", "#8e44ad", "#c0392b", "#7f8c8d"]

    def panel(x0, title, ylabel, series, limits=()):
        """`limits`: (value, label) of issue 13's bars, drawn as dashed lines."""
        ys = [y for pts in series.values() for _, y in pts] + [v for v, _ in limits]
        lo_x, hi_x = math.log10(min(ns)), math.log10(max(ns))
        lo_y, hi_y = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
        if hi_x == lo_x:
            hi_x += 1
        if hi_y == lo_y:
            hi_y += 1
        px = lambda n: x0 + pad + (math.log10(n) - lo_x) / (hi_x - lo_x) * (w - 2 * pad)
        py = lambda y: h - pad - (math.log10(y) - lo_y) / (hi_y - lo_y) * (h - 2 * pad)
        out = [f'<text x="{x0 + w / 2}" y="20" text-anchor="middle" font-weight="bold">{title}</text>']
        out.append(f'<line x1="{x0 + pad}" y1="{h - pad}" x2="{x0 + w - pad}" y2="{h - pad}" stroke="#444"/>')
        out.append(f'<line x1="{x0 + pad}" y1="{pad}" x2="{x0 + pad}" y2="{h - pad}" stroke="#444"/>')
        for n in ns:
            out.append(f'<text x="{px(n)}" y="{h - pad + 16}" text-anchor="middle" font-size="11">{n:,}</text>')
            out.append(f'<line x1="{px(n)}" y1="{pad}" x2="{px(n)}" y2="{h - pad}" stroke="#ddd"/>')
        for e in range(lo_y, hi_y + 1):
            out.append(f'<text x="{x0 + pad - 6}" y="{py(10 ** e) + 4}" text-anchor="end" font-size="11">{10 ** e:g}</text>')
            out.append(f'<line x1="{x0 + pad}" y1="{py(10 ** e)}" x2="{x0 + w - pad}" y2="{py(10 ** e)}" stroke="#ddd"/>')
        out.append(f'<text x="{x0 + w / 2}" y="{h - 12}" text-anchor="middle" font-size="12">articles</text>')
        out.append(
            f'<text x="{x0 + 14}" y="{h / 2}" text-anchor="middle" font-size="12" '
            f'transform="rotate(-90 {x0 + 14} {h / 2})">{ylabel}</text>'
        )
        for value, label in limits:
            out.append(
                # From the right of the legend, so that it never crosses a label.
                f'<line x1="{x0 + pad + 120}" y1="{py(value):.1f}" x2="{x0 + w - pad}" y2="{py(value):.1f}" '
                f'stroke="#999" stroke-dasharray="5,4"/>'
            )
            out.append(
                f'<text x="{x0 + w - pad - 4}" y="{py(value) - 4:.1f}" text-anchor="end" font-size="11" '
                f'fill="#666">{label}</text>'
            )
        for k, (label, pts) in enumerate(series.items()):
            color = colors[k % len(colors)]
            path = " ".join(f"{px(n):.1f},{py(y):.1f}" for n, y in pts)
            out.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
            out += [f'<circle cx="{px(n):.1f}" cy="{py(y):.1f}" r="3" fill="{color}"/>' for n, y in pts]
            out.append(f'<text x="{x0 + pad + 8}" y="{pad + 14 * k + 4}" font-size="12" fill="{color}">{label}</text>')
        return out

    body = panel(0, "Ingest time (s)", "seconds", series_ingest)
    body += panel(w, "Ingest peak RSS (MiB)", "MiB", series_rss, [(500e6 / 2**20, "bar at 1M: 500 MB")])
    body += panel(
        2 * w,
        "Search, whole process, median (ms)",
        "ms",
        series_search,
        [(20, "bar at 1M: 20 ms (queries)"), (200, "200 ms (facets, entities)")],
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{3 * w}" height="{h}" font-family="sans-serif">'
        f'<rect width="100%" height="100%" fill="white"/>' + "".join(body) + "</svg>\n"
    )


def main():
    args = sys.argv[1:]
    out_svg = None
    if "--svg" in args:
        i = args.index("--svg")
        out_svg = args[i + 1]
        del args[i : i + 2]
    bench_dir = args[0] if args else "/tmp/newsdex-bench"
    sizes = load(bench_dir)
    if not sizes:
        print(f"no ingest-N.json in {bench_dir}: run scripts/bench.sh first", file=sys.stderr)
        return 2
    print(table(sizes))
    if out_svg:
        with open(out_svg, "w") as f:
            f.write(svg(sizes))
        print(f"wrote {out_svg}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
