"""Independent numbers for SeedExampleTest: the seed's two-layer ReLU network, one SGD step.

Shapes follow the seed: X (3,1), Wh (1,2), Bh (1,2), Wo (2,2), Bo (1,2); Zh, H, Zo, O are (3,2).
Cost C = 1/(2n) * sum((O - y)^2); Eo = (O - y) * R'(Zo); Eh = (Eo @ Wo.T) * R'(Zh);
C'(W) = (1/n) * Input.T @ E; C'(B) = (1/n) * column sums of E; W <- W - lr * C'(W).
R'(0) = 0. Run: python3 seed_example.py  (numpy only), and paste the output into the test.
"""
import numpy as np

np.set_printoptions(precision=17, floatmode="unique")
X = np.array([[1.0], [2.0], [-1.0]])
Wh = np.array([[0.5, -0.8]])
Bh = np.array([[0.1, 0.2]])
Wo = np.array([[0.7, -0.3], [0.4, 0.9]])
Bo = np.array([[-0.1, 0.05]])
y = np.array([[0.5, 0.2], [0.3, -0.1], [0.1, 1.2]])
lr = 0.1
n = X.shape[0]

relu = lambda z: np.maximum(z, 0.0)
drelu = lambda z: (z > 0).astype(float)

Zh = X @ Wh + Bh
H = relu(Zh)
Zo = H @ Wo + Bo
O = relu(Zo)
C = np.sum((O - y) ** 2) / (2 * n)
Eo = (O - y) * drelu(Zo)
Eh = (Eo @ Wo.T) * drelu(Zh)
dWo = H.T @ Eo / n
dBo = Eo.sum(axis=0, keepdims=True) / n
dWh = X.T @ Eh / n
dBh = Eh.sum(axis=0, keepdims=True) / n

for name, v in [("Zh", Zh), ("H", H), ("Zo", Zo), ("O", O), ("C", C), ("Eo", Eo), ("Eh", Eh),
                ("dWo", dWo), ("dBo", dBo), ("dWh", dWh), ("dBh", dBh),
                ("Wh_after", Wh - lr * dWh), ("Bh_after", Bh - lr * dBh),
                ("Wo_after", Wo - lr * dWo), ("Bo_after", Bo - lr * dBo)]:
    flat = np.atleast_1d(v).ravel()
    print(f"{name} = {', '.join(repr(float(x)) for x in flat)}")
