"""Independent numbers for the optimizer tests in io.github.backprop4j.optim.

Run:  python3 optimizer_reference.py   (numpy only), and paste the output into the tests; each test names
this script beside the pasted values. The formulas follow PyTorch's torch.optim (SGD with dampening 0, Adam,
AdamW), the lr_scheduler classes and clip_grad_norm_, with two library conventions:
  * weight decay applies to weights only (W), never to biases (B);
  * clipping scales by max_norm / norm (PyTorch: max_norm / (norm + 1e-6)).

Two parameters: W (2x3, a weight) and B (1x3, a bias). Five steps t = 1..5 with gradients that change per
step; they use only +, -, *, / so Java computes the very same doubles:
  C'(W)[t][k] = ((3k + 5t) mod 7 - 3) / 4 + 0.1 t      k = 0..5, row-major
  C'(B)[t][k] = ((2k + 3t) mod 5 - 2) / 8 - 0.05 t     k = 0..2
"""
import math

import numpy as np

W0 = np.array([[0.5, -0.3, 0.8], [-1.2, 0.1, 0.4]])
B0 = np.array([[0.05, -0.1, 0.2]])
STEPS = 5


def grad_w(t):
    return np.array([((3 * k + 5 * t) % 7 - 3) / 4 + 0.1 * t for k in range(6)]).reshape(2, 3)


def grad_b(t):
    return np.array([((2 * k + 3 * t) % 5 - 2) / 8 - 0.05 * t for k in range(3)]).reshape(1, 3)


def sgd(lr, momentum=0.0, nesterov=False, weight_decay=0.0):
    params = {"W": (W0.copy(), True), "B": (B0.copy(), False)}
    velocity = {name: np.zeros_like(p) for name, (p, _) in params.items()}
    for t in range(1, STEPS + 1):
        grads = {"W": grad_w(t), "B": grad_b(t)}
        for name, (p, is_weight) in params.items():
            g = grads[name] + (weight_decay * p if is_weight else 0.0)   # g = C'(W) + lambda W
            if momentum != 0.0:
                velocity[name] = momentum * velocity[name] + g           # v <- mu v + g
                d = g + momentum * velocity[name] if nesterov else velocity[name]
            else:
                d = g
            p -= lr * d                                                  # W <- W - lr d
    return params["W"][0], params["B"][0], velocity


def adam(lr, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0, decoupled=False):
    params = {"W": (W0.copy(), True), "B": (B0.copy(), False)}
    m = {name: np.zeros_like(p) for name, (p, _) in params.items()}
    v = {name: np.zeros_like(p) for name, (p, _) in params.items()}
    for t in range(1, STEPS + 1):
        grads = {"W": grad_w(t), "B": grad_b(t)}
        for name, (p, is_weight) in params.items():
            lam = weight_decay if is_weight else 0.0
            g = grads[name]
            if decoupled:
                p -= lr * lam * p                                        # AdamW: W <- W - lr lambda W
            else:
                g = g + lam * p                                          # Adam: g = C'(W) + lambda W
            m[name] = beta1 * m[name] + (1 - beta1) * g
            v[name] = beta2 * v[name] + (1 - beta2) * g * g
            m_hat = m[name] / (1 - beta1 ** t)
            v_hat = v[name] / (1 - beta2 ** t)
            p -= lr * m_hat / (np.sqrt(v_hat) + eps)
    return params["W"][0], params["B"][0], m, v


def java(a):
    return ", ".join(repr(float(x)) for x in np.asarray(a).ravel())


def show(label, w, b, tensors=()):
    print(f"{label}")
    print(f"  W = {{{java(w)}}}")
    print(f"  B = {{{java(b)}}}")
    for name, value in tensors:
        print(f"  {name} = {{{java(value)}}}")


w, b, vel = sgd(0.1)
show("sgd lr=0.1", w, b)
w, b, vel = sgd(0.1, momentum=0.9)
show("sgd lr=0.1 momentum=0.9", w, b, [("W.velocity", vel["W"]), ("B.velocity", vel["B"])])
w, b, vel = sgd(0.1, momentum=0.9, nesterov=True)
show("sgd lr=0.1 momentum=0.9 nesterov", w, b, [("W.velocity", vel["W"]), ("B.velocity", vel["B"])])
w, b, vel = sgd(0.1, weight_decay=0.1)
show("sgd lr=0.1 weight_decay=0.1", w, b)
w, b, vel = sgd(0.1, momentum=0.9, nesterov=True, weight_decay=0.1)
show("sgd lr=0.1 momentum=0.9 nesterov weight_decay=0.1", w, b)
w, b, m, v = adam(0.01)
show("adam lr=0.01", w, b, [("W.m", m["W"]), ("W.v", v["W"]), ("B.m", m["B"]), ("B.v", v["B"])])
w, b, m, v = adam(0.01, weight_decay=0.1)
show("adam lr=0.01 weight_decay=0.1 (L2)", w, b)
w, b, m, v = adam(0.01, weight_decay=0.1, decoupled=True)
show("adamw lr=0.01 weight_decay=0.1", w, b)
w, b, m, v = adam(0.05, beta1=0.8, beta2=0.99, eps=1e-3, weight_decay=0.2, decoupled=True)
show("adamw lr=0.05 beta1=0.8 beta2=0.99 eps=1e-3 weight_decay=0.2", w, b)

# Schedules: rate(t) for t counted from 0.
ts = [0, 1, 2, 3, 4, 5, 9, 10, 11, 50, 99, 100, 150]
print("schedules at t = " + ", ".join(str(t) for t in ts))


def warm_up(rate, t, steps):
    return rate(t) * (t + 1) / steps if t < steps else rate(t)


def cosine(t, lr0=0.1, lr_min=0.001, T=100):
    return lr_min + 0.5 * (lr0 - lr_min) * (1 + math.cos(math.pi * t / T)) if t < T else lr_min


schedules = [
    ("constant(0.1)", lambda t: 0.1),
    ("stepDecay(0.1, 3, 0.5)", lambda t: 0.1 * 0.5 ** (t // 3)),
    ("exponential(0.1, 0.95)", lambda t: 0.1 * 0.95 ** t),
    ("cosineAnnealing(0.1, 0.001, 100)", cosine),
    ("cosineAnnealing(0.1, 0.001, 100).withWarmUp(10)", lambda t: warm_up(cosine, t, 10)),
    ("exponential(0.1, 0.95).withWarmUp(4)", lambda t: warm_up(lambda u: 0.1 * 0.95 ** u, t, 4)),
]
for label, rate in schedules:
    print(f"  {label} = {{{java([rate(t) for t in ts])}}}")

# Clipping the gradients of step 1 to a global L2 norm.
gw, gb = grad_w(1), grad_b(1)
norm = math.sqrt(np.sum(gw * gw) + np.sum(gb * gb))
print(f"clip step-1 gradients: norm = {norm!r}")
for max_norm in (0.5, 10.0):
    scale = max_norm / norm if norm > max_norm else 1.0
    print(f"  maxNorm={max_norm}: W = {{{java(gw * scale)}}}")
    print(f"  maxNorm={max_norm}: B = {{{java(gb * scale)}}}")
