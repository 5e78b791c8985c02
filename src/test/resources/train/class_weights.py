"""Reference values for ClassWeightsTest: scikit-learn's "balanced" class weights,
compute_class_weight('balanced', classes=np.unique(y), y=y) = n_samples / (n_classes * np.bincount(y)), over the
classes that occur in y (as scikit-learn's estimators call it with class_weight='balanced').

Run: /usr/bin/python3 src/test/resources/train/class_weights.py > src/test/resources/train/class_weights.out
Each line: a case name; the labels, comma-separated; then "class:weight" for each class that occurs, the weight
as Python's repr.
"""
import numpy as np
from sklearn.utils.class_weight import compute_class_weight

rng = np.random.default_rng(14)
CASES = {
    "imbalanced": [0, 0, 1, 0, 0, 2, 0, 0, 1, 0],
    "binary": [0, 0, 0, 1, 0, 0, 0],
    "absent-class": [3, 0, 3, 1, 3, 3, 0, 3],  # a network with 4 classes; class 2 does not occur
    "balanced-already": [1, 0, 2, 2, 0, 1],
    "random": list(rng.choice(5, size=37, p=[0.5, 0.2, 0.15, 0.1, 0.05])),
}

for name, labels in CASES.items():
    y = np.array(labels)
    classes = np.unique(y)
    weights = compute_class_weight("balanced", classes=classes, y=y)
    print(name, ",".join(str(int(v)) for v in y),
          " ".join("%d:%r" % (c, float(w)) for c, w in zip(classes, weights)))
