"""Reference values for WeightedStepTest: one weighted backward pass of a 3-3-3 network (tanh hidden layer),
for each built-in loss, written with numpy from the definitions (not from the library's code):

  Zh = X Wh + Bh,  H = tanh(Zh),  Zo = H Wo + Bo,  O = R(Zo)
  C_i   = the cost of sample i alone                 (the loss's definition, summed over the k outputs)
  C     = sum_i w_i C_i / sum_i w_i
  Eo    = w_i * (dC_i/dO_i * R'(Zo_i)) row by row    (for softmax/sigmoid with their cross-entropy: w_i (O_i - Y'_i))
  Eh    = (Eo Wo^T) * (1 - H^2)
  dWo   = H^T Eo / sum(w),  dBo = sum_i Eo_i / sum(w),  dWh = X^T Eh / sum(w),  dBh = sum_i Eh_i / sum(w)

Run: /usr/bin/python3 src/test/resources/reference/weighted_step.py > src/test/resources/reference/weighted_step.out
Each line: a name, the number of rows and columns, then the values row by row, as Python's repr. The inputs
come first (X, Wh, Bh, Wo, Bo, w and the targets), then for each case "case name".
"""
import numpy as np

X = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5], [-0.75, 0.8, 0.3], [0.1, -0.2, -1.2]])
WH = np.array([[0.4, -0.6, 0.2], [0.3, 0.5, -0.7], [-0.2, 0.1, 0.6]])
BH = np.array([[0.05, -0.1, 0.15]])
WO = np.array([[0.7, -0.4, 0.25], [-0.3, 0.8, 0.5], [0.6, 0.2, -0.9]])
BO = np.array([[0.1, -0.05, 0.2]])
W = np.array([0.5, 2.0, 0.0, 1.25])  # one weight 0: its sample must not count at all
Y = np.array([[0.3, -0.2, 0.9], [-0.5, 0.4, 0.1], [1.2, 0.0, -0.6], [0.2, 0.7, 0.45]])
BINARY = np.array([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0], [1.0, 1.0, 0.0], [0.0, 1.0, 0.5]])
LABELS = np.array([2, 0, 1, 0])  # the Java test passes these as a 4 x 1 column of class indices


def show(name, m):
    m = np.atleast_2d(np.asarray(m, dtype=float))
    print(name, m.shape[0], m.shape[1], " ".join(repr(float(v)) for v in m.ravel()))


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def huber(d, delta):
    return np.where(np.abs(d) <= delta, 0.5 * d ** 2, delta * (np.abs(d) - 0.5 * delta))


def smoothed(eps):
    return (1 - eps) * np.eye(3)[LABELS] + eps / 3


# case: (output activation R, its derivative R'(Zo), C_i from O, dC_i/dO_i * R'(Zo) unweighted)
CASES = {
    "mse/sigmoid": (sigmoid,
                    lambda zo, o: 0.5 * ((o - Y) ** 2).sum(axis=1),
                    lambda zo, o: (o - Y) * o * (1 - o)),
    "huber(0.5)/identity": (lambda z: z,
                            lambda zo, o: huber(o - Y, 0.5).sum(axis=1),
                            lambda zo, o: np.clip(o - Y, -0.5, 0.5)),
    "mae/tanh": (np.tanh,
                 lambda zo, o: np.abs(o - Y).sum(axis=1),
                 lambda zo, o: np.sign(o - Y) * (1 - o ** 2)),
    "binary-cross-entropy/sigmoid": (sigmoid,
                                     lambda zo, o: -(BINARY * np.log(o) + (1 - BINARY) * np.log(1 - o)).sum(axis=1),
                                     lambda zo, o: o - BINARY),
    "cross-entropy(0.0)/softmax": (softmax,
                                   lambda zo, o: -(smoothed(0.0) * np.log(o)).sum(axis=1),
                                   lambda zo, o: o - smoothed(0.0)),
    "cross-entropy(0.1)/softmax": (softmax,
                                   lambda zo, o: -(smoothed(0.1) * np.log(o)).sum(axis=1),
                                   lambda zo, o: o - smoothed(0.1)),
}

show("X", X)
show("Wh", WH)
show("Bh", BH)
show("Wo", WO)
show("Bo", BO)
show("w", W)
show("Y", Y)
show("binary", BINARY)
show("labels", LABELS.reshape(-1, 1))

zh = X @ WH + BH
h = np.tanh(zh)
zo = h @ WO + BO
total = W.sum()
for case, (r, sample_costs, output_error) in CASES.items():
    o = r(zo)
    costs = sample_costs(zo, o)
    eo = W[:, None] * output_error(zo, o)
    eh = (eo @ WO.T) * (1 - h ** 2)
    show(case + " costs", costs)
    show(case + " C", (W * costs).sum() / total)
    show(case + " Eo", eo)
    show(case + " Eh", eh)
    show(case + " dWo", h.T @ eo / total)
    show(case + " dBo", eo.sum(axis=0) / total)
    show(case + " dWh", X.T @ eh / total)
    show(case + " dBh", eh.sum(axis=0) / total)
