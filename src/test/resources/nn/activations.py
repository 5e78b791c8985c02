"""Reference values for ActivationReferenceTest: erf and erfc, and ELU, GELU (both forms), SiLU and Softplus
with their derivatives, at points chosen to cover each branch and the far tails.

Run: /usr/bin/python3 src/test/resources/nn/activations.py > src/test/resources/nn/activations.out

erf and erfc come from Python's math.erf and math.erfc (the C library's, accurate to about one unit in the
last place). The activations are their definitions evaluated with mpmath at 700 significant digits, and the
derivatives are mpmath's numerical derivatives of those definitions (mpmath.diff, at the same precision) —
never the library's own formulas for R'. ELU's derivative at z <= 0 is alpha*e^z, the slope from the left.
Each line: name, the point, the value, as Python's repr (which reads back as the same double).
"""
import math

import mpmath
import numpy as np

mpmath.mp.dps = 700  # enough for 1 + tanh(u) to keep its digits where it is 1e-300

# erf and erfc: the edges of Cody's intervals (0.46875, 4, 26.543), a sweep, and random points.
rng = np.random.default_rng(14)
erf_points = sorted(set(
    [0.0, 1e-300, 1e-20, 1e-8, 0.1, 0.46875, math.nextafter(0.46875, 1), 0.5, 1.0, 2.0, 3.999, 4.0,
     math.nextafter(4.0, 5), 4.5, 6.0, 10.0, 20.0, 26.0, 26.5, 26.6, 27.0, 40.0]
    + [k / 8 for k in range(1, 240)]
    + [float(v) for v in rng.uniform(0, 8, 60)]))
erf_points = sorted(set(erf_points + [-x for x in erf_points]))
for x in erf_points:
    print("erf", repr(x), repr(math.erf(x)))
for x in erf_points:
    print("erfc", repr(x), repr(math.erfc(x)))

z_points = [-40.0, -30.0, -26.5, -20.0, -10.0, -5.5, -3.0, -2.7, -1.5, -1.0, -0.5, -0.1, -1e-3, -1e-8,
            1e-8, 1e-3, 0.1, 0.46875, 0.5, 1.0, 1.5, 2.0, 3.0, 4.5, 6.0, 10.0, 20.0, 27.0, 40.0]
z_points += [float(v) for v in rng.uniform(-8, 8, 20)]

mp = mpmath.mpf
sqrt2 = mpmath.sqrt(2)


def gelu(z):
    return z * mpmath.ncdf(z)  # z * Phi(z), Phi = 1/2 erfc(-z/sqrt 2)


def gelu_tanh(z):
    return z / 2 * (1 + mpmath.tanh(mpmath.sqrt(2 / mpmath.pi) * (z + mp("0.044715") * z ** 3)))


def silu(z):
    return z / (1 + mpmath.exp(-z))


def softplus(z):
    return mpmath.log(1 + mpmath.exp(z))


def elu(alpha):
    return lambda z: z if z > 0 else alpha * (mpmath.exp(z) - 1)


def elu_slope(alpha):
    return lambda z: mp(1) if z > 0 else alpha * mpmath.exp(z)


functions = {"gelu": gelu, "gelu-tanh": gelu_tanh, "silu": silu, "softplus": softplus}
for name, f in functions.items():
    for z in z_points:
        print(name, repr(z), repr(float(f(mp(z)))))
        print(name + "'", repr(z), repr(float(mpmath.diff(f, mp(z)))))
for alpha in (1.0, 0.5):
    for z in z_points + [0.0]:
        print("elu(%r)" % alpha, repr(z), repr(float(elu(mp(alpha))(mp(z)))))
        print("elu(%r)'" % alpha, repr(z), repr(float(elu_slope(mp(alpha))(mp(z)))))
