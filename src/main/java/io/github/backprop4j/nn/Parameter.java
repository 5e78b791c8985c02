package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;

/**
 * One trainable tensor of a network with the gradient the last backward pass left for it: what an
 * optimizer updates. Both matrices are live views into the layer, not copies.
 *
 * @param name     where it lives, e.g. {@code layers.0.weights} (the name used in model files too)
 * @param value    the parameter itself (W or B)
 * @param gradient C′ of the parameter, same shape
 * @param isWeight {@code true} for weights, {@code false} for biases (weight decay applies to weights only)
 */
public record Parameter(String name, Matrix value, Matrix gradient, boolean isWeight) {
}
