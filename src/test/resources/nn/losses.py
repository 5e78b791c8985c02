"""Reference values for LossReferenceTest: the cost C and output error Eo of Huber, mean absolute error and
label-smoothed cross-entropy, written with numpy from their PyTorch definitions, in the library's batch
convention (summed over the k outputs, averaged over the n samples):

  Huber(delta):   C = sum(h(O - Y)) / n, h as torch.nn.HuberLoss(delta) (= k * its reduction="mean")
                  Eo = dC/dO * n * R'(Zo) = clip(O - Y, -delta, delta) * R'(Zo)
  mae:            C = sum(|O - Y|) / n       (= k * torch.nn.L1Loss())
                  Eo = sign(O - Y) * R'(Zo)
  cross-entropy(eps), softmax output:
                  Y' = (1 - eps) * Y + eps / k   (torch.nn.CrossEntropyLoss(label_smoothing=eps))
                  C = -sum(Y' * log_softmax(Zo)) / n,  Eo = softmax(Zo) - Y'

Run: /usr/bin/python3 src/test/resources/nn/losses.py > src/test/resources/nn/losses.out
Each line: a case name, "cost" or "eo", then the values (Eo row by row), as Python's repr.
"""
import numpy as np

ZO = np.array([[2.0, -1.0, 0.5], [-0.3, 0.8, 0.1], [4.0, -2.0, -2.5]])
Y = np.array([[0.5, 1.5, 0.25], [-0.3, -0.9, 3.0], [0.0, -1.25, 0.4]])
LABELS = np.array([1, 2, 0])  # the Java test passes these as an n x 1 column of class indices
ONE_HOT = np.eye(3)[LABELS]
SOFT = np.array([[0.2, 0.3, 0.5], [0.9, 0.1, 0.0], [0.0, 0.0, 1.0]])

ACTIVATIONS = {
    "identity": (lambda z: z, lambda z: np.ones_like(z)),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
}


def show(case, what, values):
    print(case, what, " ".join(repr(float(v)) for v in np.ravel(values)))


n = ZO.shape[0]
for activation in ("identity", "tanh", "sigmoid"):
    r, dr = ACTIVATIONS[activation]
    o = r(ZO)
    d = o - Y
    for delta in (1.0, 0.5):
        h = np.where(np.abs(d) <= delta, 0.5 * d ** 2, delta * (np.abs(d) - 0.5 * delta))
        case = "huber(%r)/%s" % (delta, activation)
        show(case, "cost", [h.sum() / n])
        show(case, "eo", np.clip(d, -delta, delta) * dr(ZO))
    case = "mae/%s" % activation
    show(case, "cost", [np.abs(d).sum() / n])
    show(case, "eo", np.sign(d) * dr(ZO))

k = ZO.shape[1]
shifted = ZO - ZO.max(axis=1, keepdims=True)
log_softmax = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
softmax = np.exp(log_softmax)
for eps in (0.0, 0.1, 0.35):
    for targets, y in (("one-hot", ONE_HOT), ("indices", ONE_HOT), ("soft", SOFT)):
        smoothed = (1 - eps) * y + eps / k
        case = "cross-entropy(%r)/%s" % (eps, targets)
        show(case, "cost", [-(smoothed * log_softmax).sum() / n])
        show(case, "eo", softmax - smoothed)
