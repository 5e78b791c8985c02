"""Checks a backprop4j trace (BackpropTrace.toJson()) with numpy, independently of the library.

From the trace's X, W, B, dropout masks M, y and learning rate alone, it recomputes every other entry
with the seed's equations, and compares:
  Z = Input @ W + B,  A = R(Z) * M,  C (mse, cross-entropy, binary-cross-entropy),
  Eo (fused or (O - y) * R'(Zo)),  E = (E_next @ W_next.T) * M * R'(Z),
  C'(W) = Input.T @ E / n,  C'(B) = E.sum(0) / n,  and, for plain SGD, W - lr * C'(W).
Run: python3 check_trace.py trace.json   (numpy only); it prints the worst relative difference per entry
and exits 1 if any is above 1e-12.
"""
import json
import sys

import numpy as np

ACTIVATIONS = {
    "relu": (lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(float)),
    "identity": (lambda z: z, lambda z: np.ones_like(z)),
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: (1 / (1 + np.exp(-z))) * (1 - 1 / (1 + np.exp(-z)))),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "softmax": (lambda z: np.exp(z - z.max(1, keepdims=True)) / np.exp(z - z.max(1, keepdims=True)).sum(1, keepdims=True),
                None),
}


def main(path):
    trace = json.load(open(path, encoding="utf-8"))
    assert trace["format"] == "backprop4j-trace" and trace["version"] == 1
    v = {e["key"]: np.array(e["values"], dtype=float).reshape(e["rows"], e["cols"]) for e in trace["entries"]}
    layers = trace["layers"]
    loss = trace["loss"]
    n = trace["samples"]
    expected = {}
    inp = v["X"]
    names = []
    for layer in layers:
        s = layer["name"]
        act = s.upper() if s != "o" else "O"
        f, _ = ACTIVATIONS[layer["activation"]]
        z = inp @ v["W" + s] + v["B" + s]
        a = f(z)
        if "M" + s in v:
            a = a * v["M" + s]
        expected["Z" + s], expected[act] = z, a
        names.append((s, act, inp))
        inp = v[act]
    o, y = v["O"], v["y"]
    if y.shape[1] != o.shape[1]:  # class indices
        y = np.eye(o.shape[1])[y[:, 0].astype(int)]
    if loss == "mse":
        expected["C"] = np.array([[np.sum((o - y) ** 2) / (2 * n)]])
        e = (o - y) * ACTIVATIONS[layers[-1]["activation"]][1](v["Zo"])
    elif loss == "cross-entropy":
        expected["C"] = np.array([[-np.sum(y * np.log(o)) / n]])
        e = o - y
    elif loss == "binary-cross-entropy":
        expected["C"] = np.array([[-np.sum(y * np.log(o) + (1 - y) * np.log(1 - o)) / n]])
        e = o - y
    else:
        sys.exit("unknown loss " + loss)
    for i in range(len(layers) - 1, -1, -1):
        s, act, layer_input = names[i]
        if i < len(layers) - 1:
            e = (v["E" + names[i + 1][0]] @ v["W" + names[i + 1][0]].T)
            if "M" + s in v:
                e = e * v["M" + s]
            e = e * ACTIVATIONS[layers[i]["activation"]][1](v["Z" + s])
        expected["E" + s] = e
        expected["dW" + s] = layer_input.T @ v["E" + s] / n
        expected["dB" + s] = v["E" + s].sum(0, keepdims=True) / n
        if "W%s_after" % s in v and trace["optimizer"].startswith("SGD(η=") and "," not in trace["optimizer"]:
            expected["W%s_after" % s] = v["W" + s] - trace["learningRate"] * v["dW" + s]
            expected["B%s_after" % s] = v["B" + s] - trace["learningRate"] * v["dB" + s]
    worst = 0.0
    for key, want in expected.items():
        got = v[key]
        diff = np.max(np.abs(got - want) / np.maximum(np.abs(want), 1.0)) if want.size else 0.0
        worst = max(worst, diff)
        print(f"{key:10s} {str(got.shape):10s} max relative difference {diff:.3g}")
    unchecked = sorted(set(v) - set(expected) - {"X", "y"} - {k for k in v if k[0] in "WBM" and not k.endswith("_after")})
    if unchecked:
        print("not recomputed:", ", ".join(unchecked))
    print(f"worst {worst:.3g}")
    sys.exit(0 if worst <= 1e-12 else 1)


if __name__ == "__main__":
    main(sys.argv[1])
