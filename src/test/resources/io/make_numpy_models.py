"""Writes the NumPy-made model files that NumpyInteropTest loads (run once; the outputs are committed).

    python3 make_numpy_models.py        # numpy only; writes into this folder
    python3 -c "import make_numpy_models as m; m.write_checkpoint()"    # the checkpoint alone

The network: 3 inputs -> 4 leaky-relu (alpha 0.1, dropout 0.25) -> 3 softmax, loss cross-entropy.
Every value is a simple expression that the Java test repeats with the same IEEE 754 operations:
    layers.0.weights[r, c] = (4 r + c) / 7 - 0.8           shape (3, 4)
    layers.0.biases[c]     = 0.1 * c - 0.15                shape (4,)   (1-D, as NumPy users write biases)
    layers.1.weights[r, c] = (3 r + c) / 13 - 0.5          shape (4, 3)
    layers.1.biases[0, c]  = -0.2 + 0.3 * c                shape (1, 3)
Files written:
    numpy_savez.npz             np.savez (STORED) of the four tensors, then model.json added with zipfile
    numpy_savez_compressed.npz  np.savez_compressed (DEFLATED), then model.json added DEFLATED
    numpy_predictions.txt       the forward pass on the inputs X below, one row per line, repr() of each value
    numpy_checkpoint.npz        np.savez of the four tensors plus an SGD optimizer's velocity for each (below),
                                then model.json with an "optimizer" object (docs/file-format.md section 8)
The checkpoint's optimizer: SGD, learning rate 0.05, momentum 0.9, no Nesterov, no weight decay, 7 steps taken,
    optimizer.layers.0.weights.velocity[r, c] = (r - c) / 16       shape (3, 4)
    optimizer.layers.0.biases.velocity[c]     = c / 32 - 0.0625    shape (4,)   (1-D, like its bias)
    optimizer.layers.1.weights.velocity[r, c] = (3 r + c) / 64     shape (4, 3)
    optimizer.layers.1.biases.velocity[0, c]  = -c / 8             shape (1, 3)
"""
import json
import os
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))

W0 = np.array([[(4 * r + c) / 7 - 0.8 for c in range(4)] for r in range(3)])
B0 = np.array([0.1 * c - 0.15 for c in range(4)])
W1 = np.array([[(3 * r + c) / 13 - 0.5 for c in range(3)] for r in range(4)])
B1 = np.array([[-0.2 + 0.3 * c for c in range(3)]])
X = np.array([[1.0, -2.0, 0.5], [0.0, 0.25, -1.5], [3.0, 1.0, 2.0]])

DESCRIPTION = {
    "format": "backprop4j-model",
    "formatVersion": 1,
    "writtenBy": "make_numpy_models.py (numpy %s)" % np.__version__,
    "inputSize": 3,
    "layers": [
        {"type": "dense", "units": 4, "activation": {"name": "leaky-relu", "alpha": 0.1}, "dropout": 0.25},
        {"type": "dense", "units": 3, "activation": {"name": "softmax"}},
    ],
    "loss": {"name": "cross-entropy"},
}


def write(name, save, compression):
    path = os.path.join(HERE, name)
    save(path, **{"layers.0.weights": W0, "layers.0.biases": B0, "layers.1.weights": W1, "layers.1.biases": B1})
    with zipfile.ZipFile(path, "a", compression=compression) as z:
        z.writestr(zipfile.ZipInfo("model.json", date_time=(1980, 1, 1, 0, 0, 0)),
                   json.dumps(DESCRIPTION, indent=2), compress_type=compression)


def forward(x):
    z = x @ W0 + B0
    h = np.where(z > 0, z, 0.1 * z)
    z = h @ W1 + B1
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def write_checkpoint():
    path = os.path.join(HERE, "numpy_checkpoint.npz")
    velocity = {
        "optimizer.layers.0.weights.velocity": np.array([[(r - c) / 16 for c in range(4)] for r in range(3)]),
        "optimizer.layers.0.biases.velocity": np.array([c / 32 - 0.0625 for c in range(4)]),
        "optimizer.layers.1.weights.velocity": np.array([[(3 * r + c) / 64 for c in range(3)] for r in range(4)]),
        "optimizer.layers.1.biases.velocity": np.array([[-c / 8 for c in range(3)]]),
    }
    np.savez(path, **{"layers.0.weights": W0, "layers.0.biases": B0, "layers.1.weights": W1, "layers.1.biases": B1},
             **velocity)
    description = dict(DESCRIPTION)
    description["optimizer"] = {
        "name": "sgd",
        "settings": {"learningRate": 0.05, "momentum": 0.9, "nesterov": 0, "weightDecay": 0},
        "step": 7,
    }
    with zipfile.ZipFile(path, "a") as z:
        z.writestr(zipfile.ZipInfo("model.json", date_time=(1980, 1, 1, 0, 0, 0)), json.dumps(description, indent=2))


if __name__ == "__main__":
    write("numpy_savez.npz", np.savez, zipfile.ZIP_STORED)
    write("numpy_savez_compressed.npz", np.savez_compressed, zipfile.ZIP_DEFLATED)
    with open(os.path.join(HERE, "numpy_predictions.txt"), "w") as f:
        for row in forward(X):
            f.write(" ".join(repr(float(v)) for v in row) + "\n")
    write_checkpoint()
