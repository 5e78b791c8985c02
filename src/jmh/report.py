"""Turns JMH JSON results (-rf json) into the tables of docs/performance.md: GFLOP/s for the products,
samples/s for training and inference, with the spread over forks.
Usage: python3 src/jmh/report.py target/jmh-scalar.json [target/jmh-vector.json ...]"""
import json, sys

MLP_STEP = [(64, 784, 256), (64, 256, 128), (64, 128, 10), (784, 64, 256), (256, 64, 128), (128, 64, 10),
            (64, 10, 128), (64, 128, 256)]


def flops(product):
    if product == "step":
        return sum(2.0 * m * k * n for m, k, n in MLP_STEP)
    if product == "step256":
        return 4 * sum(2.0 * m * k * n for m, k, n in MLP_STEP)  # every product has one dimension of 64
    _, _, m, k, n = product.replace("_", " ").split()
    return 2.0 * int(m) * int(k) * int(n)


for path in sys.argv[1:]:
    print(f"## {path}")
    for r in json.load(open(path)):
        name, method = r["benchmark"].rsplit(".", 2)[-2:]
        p = r.get("params", {})
        score, err = r["primaryMetric"]["score"], r["primaryMetric"]["scoreError"]
        raw = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
        lo, hi = min(raw), max(raw)
        if name == "ProductBenchmark":
            f = flops(p["product"]) / 1e9
            print(f"| {p['product']} | {p['threads']} | {score * f:.1f} | {lo * f:.1f}–{hi * f:.1f} |")
        else:
            b = int(p["batch"])
            print(f"| {name}.{method} | batch {b} | {p['threads']} | {score * b:,.0f} | {lo * b:,.0f}–{hi * b:,.0f} |")
        for key, sec in r.get("secondaryMetrics", {}).items():
            if key.endswith("alloc.rate.norm"):
                print(f"|   ↳ {key} | {sec['score']:.2f} B/op |")
