#!/usr/bin/env python3
"""Tables of criterion medians for RESULTS.md.

    python3 benches/tools/results.py collect run1.json   # after a bench run
    python3 benches/tools/results.py report run1.json run2.json > table.md

`collect` snapshots the median of every benchmark in target/criterion (the
last run of each) into a JSON file; `report` keeps, for each benchmark, the
best (lowest) median over the given snapshots and prints markdown tables:
one per workload, the targets with their ratios, and the scaling groups.

A benchmark that a run skipped keeps its estimates from an earlier run in
target/criterion (criterion never deletes them): remove target/criterion
before the first run for a table of these runs only.
"""
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
CRITERION = os.path.join(ROOT, "target", "criterion")


def collect(out):
    medians = {}
    for dirpath, _, files in os.walk(CRITERION):
        if os.path.basename(dirpath) != "new" or "estimates.json" not in files:
            continue
        with open(os.path.join(dirpath, "benchmark.json")) as f:
            full_id = json.load(f)["full_id"]
        with open(os.path.join(dirpath, "estimates.json")) as f:
            medians[full_id] = json.load(f)["median"]["point_estimate"]
    with open(out, "w") as f:
        json.dump(medians, f, indent=1, sort_keys=True)
    print(f"{len(medians)} benchmarks -> {out}")


def fmt(ns):
    if ns is None:
        return "—"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}" if ns / scale < 100 else f"{ns / scale:.0f} {unit}"
    return f"{ns:.0f} ns"


ROWS = [
    ("amf-serde AMF3, typed", "amf3/typed", "amf3/typed"),
    ("amf-serde AMF3, typed, reader", "amf3/typed_reader", None),
    ("amf-serde AMF3, `Value`", "amf3/value", "amf3/value"),
    ("amf-serde AMF3, `Value`, reader", "amf3/value_reader", None),
    ("amf-serde AMF0, typed", "amf0/typed", "amf0/typed"),
    ("amf-serde AMF0, typed, reader", "amf0/typed_reader", None),
    ("amf-serde AMF0, `Value`", "amf0/value", "amf0/value"),
    ("amf-serde AMF0, `Value`, reader", "amf0/value_reader", None),
    ("serde_json, typed", "serde_json/typed", "serde_json/typed"),
    ("serde_json, `serde_json::Value`", "serde_json/value", "serde_json/value"),
    ("rmp-serde, typed (`to_vec_named`)", "rmp_serde/typed", "rmp_serde/typed_named"),
    ("`amf` 1.0 AMF3, `amf3::Value`", "amf_crate/amf3", "amf_crate/amf3"),
    ("`amf` 1.0 AMF0, `amf0::Value`", "amf_crate/amf0", "amf_crate/amf0"),
    ("flash-lso 0.7 AMF3, its `Value`", "flash_lso/amf3", "flash_lso/amf3"),
    ("flash-lso 0.7 AMF0, its `Value`", "flash_lso/amf0", "flash_lso/amf0"),
]

WORKLOADS = ["records", "twitter", "citm", "canada"]


def report(paths):
    best = {}
    for p in paths:
        with open(p) as f:
            for k, v in json.load(f).items():
                best[k] = min(v, best.get(k, v))
    get = best.get
    out = []
    for w in WORKLOADS:
        out.append(f"### {w}\n")
        out.append("| implementation | decode | ÷ serde_json | encode | ÷ serde_json |")
        out.append("|---|---:|---:|---:|---:|")
        jd, je = get(f"{w}/decode/serde_json/typed"), get(f"{w}/encode/serde_json/typed")
        for label, d, e in ROWS:
            dv = get(f"{w}/decode/{d}") if d else None
            ev = get(f"{w}/encode/{e}") if e else None
            if dv is None and ev is None:
                continue
            rd = f"{dv / jd:.2f}" if dv and jd else "—"
            re_ = f"{ev / je:.2f}" if ev and je else "—"
            out.append(f"| {label} | {fmt(dv)} | {rd} | {fmt(ev)} | {re_} |")
        if w == "records":
            for fmt_ in ("amf3", "amf0"):
                v = get(f"records/decode_borrowed/{fmt_}/typed")
                if v:
                    out.append(f"| amf-serde {fmt_.upper()}, borrowed `RecordRef<'_>` | {fmt(v)} | "
                               f"{v / jd:.2f} | | |")
        out.append("")

    out.append("### Targets\n")
    out.append("| target | workload | amf-serde | reference | ratio | limit | met |")
    out.append("|---|---|---:|---:|---:|---:|---|")

    def target(name, w, a, b, limit):
        av, bv = get(a), get(b)
        if av is None or bv is None:
            out.append(f"| {name} | {w} | {fmt(av)} | {fmt(bv)} | — | {limit} | ? |")
            return
        r = av / bv
        out.append(f"| {name} | {w} | {fmt(av)} | {fmt(bv)} | {r:.2f} | ≤ {limit} | "
                   f"{'yes' if r <= limit else '**no**'} |")

    for w in ("records", "canada"):
        target("AMF3 typed decode ÷ rmp-serde decode", w,
               f"{w}/decode/amf3/typed", f"{w}/decode/rmp_serde/typed", 1.0)
        target("AMF3 typed encode ÷ rmp-serde `to_vec_named`", w,
               f"{w}/encode/amf3/typed", f"{w}/encode/rmp_serde/typed_named", 1.0)
    for w in ("twitter", "citm", "canada"):
        target("AMF3 `Value` decode ÷ `serde_json::Value` decode", w,
               f"{w}/decode/amf3/value", f"{w}/decode/serde_json/value", 0.7)
    for w in WORKLOADS:
        target("AMF3 typed encode ÷ serde_json typed encode", w,
               f"{w}/encode/amf3/typed", f"{w}/encode/serde_json/typed", 1.0)
    out.append("")

    out.append("### Scaling (decode time against input size)\n")
    out.append("| group | n | median | ns per element | ÷ ns per element at 1× |")
    out.append("|---|---:|---:|---:|---:|")
    groups = sorted({k.rsplit("/", 1)[0] for k in best if k.startswith("scaling/")})
    for g in groups:
        sizes = sorted((int(k.rsplit("/", 1)[1]), v) for k, v in best.items()
                       if k.rsplit("/", 1)[0] == g)
        base = sizes[0][1] / sizes[0][0]
        for n, v in sizes:
            out.append(f"| {g} | {n} | {fmt(v)} | {v / n:.1f} | {v / n / base:.2f} |")
    print("\n".join(out))


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "collect":
        collect(sys.argv[2])
    elif len(sys.argv) >= 3 and sys.argv[1] == "report":
        report(sys.argv[2:])
    else:
        sys.exit(__doc__)
