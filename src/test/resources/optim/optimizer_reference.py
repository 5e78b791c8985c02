"""Independent numbers for the optimizer tests in io.github.backprop4j.optim.

Run:  python3 optimizer_reference.py > optimizer_reference.out   (numpy only), and paste the output into the
tests; each test names this script beside the pasted values, and optimizer_reference.out is the committed
output. The formulas follow PyTorch's torch.optim (SGD with dampening 0, Adam, AdamW, RMSprop with its
centered and momentum options), the lr_scheduler classes and clip_grad_norm_, with three library conventions:
  * weight decay applies to weights only (W), never to biases (B);
  * L1 regularization (PyTorch has none) adds l1 * sign(W) to the gradient of the weights only, sign(0) = 0,
    computed from W as the step finds it (for AdamW before the decoupled decay);
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


def regularized(g, p, is_weight, weight_decay, l1):
    if not is_weight:
        return g
    return g + weight_decay * p + l1 * np.sign(p)                        # g = C'(W) + lambda W + l1 sign(W)


def sgd(lr, momentum=0.0, nesterov=False, weight_decay=0.0, l1=0.0):
    params = {"W": (W0.copy(), True), "B": (B0.copy(), False)}
    velocity = {name: np.zeros_like(p) for name, (p, _) in params.items()}
    for t in range(1, STEPS + 1):
        grads = {"W": grad_w(t), "B": grad_b(t)}
        for name, (p, is_weight) in params.items():
            g = regularized(grads[name], p, is_weight, weight_decay, l1)
            if momentum != 0.0:
                velocity[name] = momentum * velocity[name] + g           # v <- mu v + g
                d = g + momentum * velocity[name] if nesterov else velocity[name]
            else:
                d = g
            p -= lr * d                                                  # W <- W - lr d
    return params["W"][0], params["B"][0], velocity


def adam(lr, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0, decoupled=False, l1=0.0):
    params = {"W": (W0.copy(), True), "B": (B0.copy(), False)}
    m = {name: np.zeros_like(p) for name, (p, _) in params.items()}
    v = {name: np.zeros_like(p) for name, (p, _) in params.items()}
    for t in range(1, STEPS + 1):
        grads = {"W": grad_w(t), "B": grad_b(t)}
        for name, (p, is_weight) in params.items():
            lam = weight_decay if is_weight else 0.0
            g = regularized(grads[name], p, is_weight, 0.0, l1)
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


def rmsprop(lr, rho=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False, l1=0.0):
    """torch.optim.RMSprop (its alpha is rho here), step by step."""
    params = {"W": (W0.copy(), True), "B": (B0.copy(), False)}
    v = {name: np.zeros_like(p) for name, (p, _) in params.items()}
    m = {name: np.zeros_like(p) for name, (p, _) in params.items()}
    buf = {name: np.zeros_like(p) for name, (p, _) in params.items()}
    for t in range(1, STEPS + 1):
        grads = {"W": grad_w(t), "B": grad_b(t)}
        for name, (p, is_weight) in params.items():
            g = regularized(grads[name], p, is_weight, weight_decay, l1)
            v[name] = rho * v[name] + (1 - rho) * g * g                  # v <- rho v + (1 - rho) g^2
            if centered:
                m[name] = rho * m[name] + (1 - rho) * g                  # m <- rho m + (1 - rho) g
                avg = np.sqrt(v[name] - m[name] * m[name]) + eps         # sqrt(v - m^2) + eps
            else:
                avg = np.sqrt(v[name]) + eps                             # sqrt(v) + eps
            if momentum > 0:
                buf[name] = momentum * buf[name] + g / avg               # b <- mu b + g / avg
                p -= lr * buf[name]
            else:
                p -= lr * g / avg                                        # W <- W - lr g / avg
    return params["W"][0], params["B"][0], v, m, buf


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

w, b, vel = sgd(0.1, l1=0.03)
show("sgd lr=0.1 l1=0.03", w, b)
w, b, vel = sgd(0.1, momentum=0.9, weight_decay=0.1, l1=0.05)
show("sgd lr=0.1 momentum=0.9 weight_decay=0.1 l1=0.05", w, b)
w, b, m, v = adam(0.01, weight_decay=0.1, l1=0.05)
show("adam lr=0.01 weight_decay=0.1 l1=0.05", w, b)
w, b, m, v = adam(0.01, weight_decay=0.1, decoupled=True, l1=0.05)
show("adamw lr=0.01 weight_decay=0.1 l1=0.05", w, b)
w, b, v, m, buf = rmsprop(0.01)
show("rmsprop lr=0.01", w, b, [("W.v", v["W"]), ("B.v", v["B"])])
w, b, v, m, buf = rmsprop(0.01, rho=0.9, eps=1e-3, weight_decay=0.1)
show("rmsprop lr=0.01 rho=0.9 eps=1e-3 weight_decay=0.1", w, b)
w, b, v, m, buf = rmsprop(0.01, momentum=0.9)
show("rmsprop lr=0.01 momentum=0.9", w, b, [("W.velocity", buf["W"])])
w, b, v, m, buf = rmsprop(0.01, centered=True)
show("rmsprop lr=0.01 centered", w, b, [("W.m", m["W"])])
w, b, v, m, buf = rmsprop(0.02, rho=0.8, eps=1e-6, weight_decay=0.05, momentum=0.5, centered=True, l1=0.01)
show("rmsprop lr=0.02 rho=0.8 eps=1e-6 weight_decay=0.05 momentum=0.5 centered l1=0.01", w, b,
     [("W.v", v["W"]), ("W.m", m["W"]), ("W.velocity", buf["W"])])

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
