"""Reference values for EvaluationMetricsTest: what scikit-learn computes for the classification, top-k, ROC
AUC and regression metrics of Evaluation, on data that the test makes again bit for bit.

Run: /usr/bin/python3 src/test/resources/nn/metrics.py
It writes, beside itself, metrics.out (one line per result: a key, then the values, as Python's repr) and
report-*.txt (classification_report's text, exactly as scikit-learn returns it). scikit-learn 1.2.1, numpy
1.24.2 (Debian 12's python3-sklearn).

The data of the large cases come from a linear congruential generator on integers,
    state = (1103515245 * state + 12345) mod 2^31,  u = state / 2^31,
whose values are exact binary fractions; every number made from them (8u - 4, 10u - 5, ...) is one IEEE
operation or two, so Java computes the same doubles. The Java test feeds them to a network whose single
layer is the identity (W = I, B = 0), so that its Zo is exactly these numbers:
  - classification: softmax + cross-entropy; the scores are the logits Zo, the prediction their arg-max;
  - binary: one sigmoid output + binary cross-entropy; the score is Zo, the decision Zo >= 0 (sigmoid >= 0.5);
  - regression: identity output + mse; the predictions are the inputs.
"""
import pathlib
import warnings

import numpy as np
from sklearn.metrics import (classification_report, mean_absolute_error, mean_squared_error,
                             precision_recall_fscore_support, r2_score, roc_auc_score, top_k_accuracy_score)

warnings.simplefilter("ignore")  # "k >= n_classes gives a perfect score": that is the point of top-5
HERE = pathlib.Path(__file__).parent
lines = []


class Lcg:
    def __init__(self, seed):
        self.state = seed

    def next(self):
        self.state = (1103515245 * self.state + 12345) % 2 ** 31
        return self.state / 2 ** 31


def show(key, *values):
    lines.append(key + " " + " ".join(repr(float(v)) for v in values))


def classification(name, logits, labels, k, target_names=None, ks=()):
    """Per-class scores, averages, accuracy, top-k and the report of scores = logits."""
    assert all(len(set(row)) == k for row in logits.tolist()), "no ties within a row"
    predicted = np.argmax(logits, axis=1)
    p, r, f, s = precision_recall_fscore_support(labels, predicted, labels=list(range(k)), zero_division=0)
    for c in range(k):
        show("%s/class-%d" % (name, c), p[c], r[c], f[c], s[c])
    for average in ("macro", "weighted"):
        ap, ar, af, _ = precision_recall_fscore_support(labels, predicted, labels=list(range(k)),
                                                        average=average, zero_division=0)
        show("%s/%s" % (name, average), ap, ar, af)
    show("%s/accuracy" % name, np.mean(predicted == labels))
    for top in ks:
        show("%s/top-%d" % (name, top), top_k_accuracy_score(labels, logits, k=top, labels=list(range(k))))
    report = classification_report(labels, predicted, labels=list(range(k)), target_names=target_names,
                                   zero_division=0)
    (HERE / ("report-%s.txt" % name)).write_text(report)


# A small multiclass case by hand: class 3 is never predicted (precision 0/0 -> 0), class 4 has no samples
# but is predicted once (recall 0/0 -> 0). Each row's logits: -(j + 1)/8, plus 3 for the predicted class and
# 1.5 for the runner-up.
labels = np.array([0, 1, 2, 2, 2, 1, 0, 3, 3, 1])
first = [0, 1, 2, 1, 2, 1, 4, 2, 0, 1]
second = [1, 0, 1, 0, 0, 2, 0, 3, 3, 2]
small = np.array([[-(j + 1) / 8 + (3.0 if j == first[i] else 0) + (1.5 if j == second[i] else 0)
                   for j in range(5)] for i in range(10)])
lines.append("small/logits " + " ".join(repr(float(v)) for v in small.ravel()))
lines.append("small/labels " + " ".join(str(v) for v in labels))
classification("small", small, labels, 5, ["T-shirt", "trouser", "pullover", "dress", "a very long class name"],
               ks=(1, 2, 3, 5))

# A large multiclass case: 2,500 rows (three chunks of evaluate), 5 classes, logits 8u - 4, labels floor(5u).
g = Lcg(14)
n, k = 2500, 5
big = np.array([[8 * g.next() - 4 for _ in range(k)] for _ in range(n)])
big_labels = np.array([int(5 * g.next()) for _ in range(n)])
classification("large", big, big_labels, k, ks=(1, 2, 3, 4))

# Binary: 3,000 rows, scores on a grid of quarters in [-4, 4) (many ties), label 1 when u < (z + 4)/8.
g = Lcg(7)
z = np.array([np.floor((8 * g.next() - 4) * 4) / 4 for _ in range(3000)])
y = np.array([1 if g.next() < (v + 4) / 8 else 0 for v in z])
show("binary/auc", roc_auc_score(y, z))
show("binary/accuracy", np.mean((z >= 0).astype(int) == y))
p, r, f, s = precision_recall_fscore_support(y, (z >= 0).astype(int), labels=[0, 1], zero_division=0)
for c in range(2):
    show("binary/class-%d" % c, p[c], r[c], f[c], s[c])
(HERE / "report-binary.txt").write_text(classification_report(y, (z >= 0).astype(int), labels=[0, 1],
                                                               target_names=["no", "yes"], zero_division=0))

# Regression: 2,500 rows, 3 outputs, targets 10u - 5, predictions target + (2u - 1) * spread for spreads
# 0.5, 1 and 3 (one u per value, row by row, target first).
g = Lcg(3)
spread = [0.5, 1.0, 3.0]
targets = np.zeros((2500, 3))
predictions = np.zeros((2500, 3))
for i in range(2500):
    for j in range(3):
        targets[i, j] = 10 * g.next() - 5
        predictions[i, j] = targets[i, j] + (2 * g.next() - 1) * spread[j]
show("regression/mae", *mean_absolute_error(targets, predictions, multioutput="raw_values"))
show("regression/rmse", *np.sqrt(mean_squared_error(targets, predictions, multioutput="raw_values")))
show("regression/r2", *r2_score(targets, predictions, multioutput="raw_values"))
show("regression/mae-average", mean_absolute_error(targets, predictions))
show("regression/rmse-average", mean_squared_error(targets, predictions, squared=False))
show("regression/r2-average", r2_score(targets, predictions))

# Constant targets: R^2's denominator is 0; scikit-learn gives 1 for exact predictions, else 0.
show("constant/r2", *r2_score(np.array([[2.0, 2.0], [2.0, 2.0], [2.0, 2.0]]),
                               np.array([[2.0, 2.5], [2.0, 1.0], [2.0, 2.0]]), multioutput="raw_values"))

(HERE / "metrics.out").write_text("\n".join(lines) + "\n")
