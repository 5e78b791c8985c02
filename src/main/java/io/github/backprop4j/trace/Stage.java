package io.github.backprop4j.trace;

/** The part of a training step an entry of a {@link BackpropTrace} belongs to, in the order they happen. */
public enum Stage {
    /** The input X, each layer's W and B before the step, and its Z, dropout mask M and activations A. */
    FORWARD,
    /** The targets y and the cost C. */
    COST,
    /** Each layer's error E and its gradients C′(W) and C′(B), from the output layer back to the first. */
    BACKWARD,
    /** Each layer's W and B after the optimizer's step. */
    UPDATE
}
