"""Independent numbers for ReduceLROnPlateauTest (io.github.backprop4j.train): Keras's own ReduceLROnPlateau
callback, fed scripted values of the monitored quantity, one per epoch.

Run:  KERAS_BACKEND=numpy python3 reduce_lr_on_plateau.py > reduce_lr_on_plateau.out
(keras 3.15.1 with its numpy backend, which imports scipy and jax; no model is trained: the callback is given a
stand-in model that holds only an optimizer with a learning rate, which is all the callback reads and writes.)

Each case prints the learning rate after each epoch's on_epoch_end, that is the rate of the next epoch, as
Java's repr of a double. The monitored values are exact binary fractions, so `current - min_delta` and
`best - min_delta` round the same way (Keras 3.15 tests current + min_delta < best, the library
current < best - min_delta) and ties at exactly min_delta are no improvement in both.
"""
import os

os.environ.setdefault("KERAS_BACKEND", "numpy")

import keras  # noqa: E402


class Optimizer:
    def __init__(self, learning_rate):
        self.learning_rate = learning_rate


class Model:
    """What ReduceLROnPlateau touches: model.optimizer.learning_rate (and, with mode 'auto', model.metrics)."""

    def __init__(self, learning_rate):
        self.optimizer = Optimizer(learning_rate)
        self.metrics = []


def run(label, values, lr, monitor="val_loss", **settings):
    callback = keras.callbacks.ReduceLROnPlateau(monitor=monitor, **settings)
    model = Model(lr)
    callback.set_model(model)
    callback.on_train_begin()
    rates = []
    for epoch, value in enumerate(values):
        callback.on_epoch_end(epoch, {monitor: value})
        rates.append(float(model.optimizer.learning_rate))
    print(label)
    print("  values = {" + ", ".join(repr(float(v)) for v in values) + "}")
    print("  rates  = {" + ", ".join(repr(r) for r in rates) + "}")


print(f"keras {keras.__version__}, backend {keras.backend.backend()}")

# patience 2, no cooldown; epoch 4 improves by exactly min_delta (no improvement), epoch 8 by more.
run("min: factor=0.5 patience=2 min_delta=0.125 cooldown=0 min_lr=0 lr=0.1",
    [1.0, 0.75, 0.75, 0.75, 0.625, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.25],
    0.1, factor=0.5, patience=2, min_delta=0.125, cooldown=0, min_lr=0.0)

# cooldown 2: after a reduction, two epochs in which wait stays 0; the second of them already counts
# towards patience again (the counter reaches 0 before the test).
run("min: factor=0.5 patience=1 min_delta=0 cooldown=2 min_lr=0 lr=1.0",
    [4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 2.0, 2.0, 2.0, 2.0],
    1.0, factor=0.5, patience=1, min_delta=0.0, cooldown=2, min_lr=0.0)

# min_lr: the rate stops at min_lr, and once it is there no reduction happens (nor is wait reset).
run("min: factor=0.1 patience=1 min_delta=0 cooldown=0 min_lr=0.001 lr=0.5",
    [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.5],
    0.5, factor=0.1, patience=1, min_delta=0.0, cooldown=0, min_lr=0.001)

# max mode (an accuracy): improvements are increases by more than min_delta; an improvement during cooldown
# moves best.
run("max: factor=0.25 patience=2 min_delta=0.0625 cooldown=1 min_lr=0 lr=0.01",
    [0.5, 0.5, 0.5, 0.625, 0.6875, 0.75, 0.75, 0.75, 0.75, 0.9375, 0.9375, 0.9375, 0.9375],
    0.01, monitor="val_accuracy", mode="max", factor=0.25, patience=2, min_delta=0.0625, cooldown=1,
    min_lr=0.0)

# Keras's defaults: factor 0.1, patience 10, min_delta 1e-4, cooldown 0, min_lr 0.
run("defaults, lr=0.001",
    [1.0] * 25,
    0.001)
