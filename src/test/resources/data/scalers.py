"""Reference values for StandardizerTest and MinMaxScalerTest.

Run: python3 src/test/resources/data/scalers.py
Fits on TRAIN, applies to TRAIN and TEST, and prints the numbers pasted into the tests (repr, 17 digits).
numpy's std() is the population standard deviation (ddof=0), as the Standardizer uses.
"""
import numpy as np

TRAIN = np.array([
    [1.0, 10.0, 5.0, -2.5],
    [2.0, 20.0, 5.0, 0.5],
    [4.0, 60.0, 5.0, 3.0],
    [7.0, 30.0, 5.0, 1.25],
])
TEST = np.array([
    [0.0, 100.0, 6.0, -1.0],
    [3.0, 15.0, 4.0, 2.0],
])

mean = TRAIN.mean(axis=0)
std = TRAIN.std(axis=0)
scale = np.where(std == 0, 1.0, std)
lo = TRAIN.min(axis=0)
hi = TRAIN.max(axis=0)
rng = np.where(hi == lo, 1.0, hi - lo)

def show(name, a):
    print(name, "=", np.array2string(np.asarray(a), separator=", ", precision=17, floatmode="unique",
                                     max_line_width=200))

show("mean", mean)
show("std", std)
show("standardized TRAIN", (TRAIN - mean) / scale)
show("standardized TEST", (TEST - mean) / scale)
show("min", lo)
show("max", hi)
show("min-max TRAIN", (TRAIN - lo) / rng)
show("min-max TEST", (TEST - lo) / rng)
