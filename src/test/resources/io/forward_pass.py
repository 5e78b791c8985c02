"""Forward pass of a backprop4j model file in NumPy alone, for NumpyInteropTest (Java -> NumPy).

    python3 forward_pass.py MODEL.npz INPUTS.npy

Opens the model with numpy.load and json.loads only (no backprop4j), checks the shapes, computes
    Z = A @ W + B,  A = R(Z)    layer by layer (A = X first)
and prints the predictions, one row per line, repr() of each float64 (which round-trips exactly).
"""
import json
import sys

import numpy as np

ACTIVATIONS = {
    "relu": lambda z, p: np.maximum(z, 0.0),
    "leaky-relu": lambda z, p: np.where(z > 0, z, p["alpha"] * z),
    "identity": lambda z, p: z,
    "sigmoid": lambda z, p: 1.0 / (1.0 + np.exp(-z)),
    "tanh": lambda z, p: np.tanh(z),
    "softmax": lambda z, p: (lambda e: e / e.sum(axis=1, keepdims=True))(np.exp(z - z.max(axis=1, keepdims=True))),
}


def main(model_path, inputs_path):
    with np.load(model_path) as npz:
        description = json.loads(npz["model.json"])
        assert description["format"] == "backprop4j-model" and description["formatVersion"] == 1, description
        a = np.load(inputs_path)
        assert a.shape[1] == description["inputSize"], (a.shape, description["inputSize"])
        for i, layer in enumerate(description["layers"]):
            w = npz["layers.%d.weights" % i]
            b = npz["layers.%d.biases" % i]
            assert w.dtype == np.float64 and w.shape == (a.shape[1], layer["units"]), (i, w.dtype, w.shape)
            assert b.dtype == np.float64 and b.shape == (1, layer["units"]), (i, b.dtype, b.shape)
            activation = layer["activation"]
            a = ACTIVATIONS[activation["name"]](a @ w + b, activation)
    for row in a:
        print(" ".join(repr(float(v)) for v in row))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
