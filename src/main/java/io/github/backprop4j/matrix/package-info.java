/**
 * The dense, row-major {@link io.github.backprop4j.matrix.Matrix} and the
 * {@link io.github.backprop4j.matrix.ShapeException} its operations throw.
 */
package io.github.backprop4j.matrix;
