package io.github.backprop4j.optim;

import io.github.backprop4j.matrix.Matrix;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything an optimizer needs to continue training exactly where it stopped: what {@link Optimizer#state()}
 * exports and {@link Optimizer#fromState} restores. Restoring it and continuing gives bitwise the same weights
 * as never having stopped.
 *
 * <table>
 *   <caption>Names, settings and tensors of each optimizer</caption>
 *   <tr><th>name</th><th>settings (keys in sorted order)</th><th>tensors, for each parameter P in order</th></tr>
 *   <tr><td>{@code sgd}</td><td>{@code learningRate, momentum, nesterov} (1 or 0){@code , weightDecay}</td>
 *       <td>{@code P.velocity} (only when momentum &gt; 0)</td></tr>
 *   <tr><td>{@code adam}</td><td>{@code beta1, beta2, epsilon, learningRate, weightDecay}</td>
 *       <td>{@code P.m}, then {@code P.v}</td></tr>
 *   <tr><td>{@code adamw}</td><td>{@code beta1, beta2, epsilon, learningRate, weightDecay}</td>
 *       <td>{@code P.m}, then {@code P.v}</td></tr>
 *   <tr><td>{@code rmsprop}</td><td>{@code centered} (1 or 0){@code , epsilon, learningRate, momentum, rho,
 *       weightDecay}</td>
 *       <td>{@code P.v}, then {@code P.m} (only when centered), then {@code P.velocity} (only when
 *       momentum &gt; 0)</td></tr>
 * </table>
 * Each optimizer also has the setting {@code l1} (L1 regularization λ₁), present only when λ₁ &gt; 0: a state
 * without it means λ₁ = 0, so states and files from before L1 existed restore as they were.
 * P is the parameter's name, e.g. {@code layers.0.weights.velocity}. An optimizer that has not taken a step
 * yet exports no tensors.
 *
 * @param name     the optimizer: {@code "sgd"}, {@code "adam"}, {@code "adamw"} or {@code "rmsprop"}
 * @param settings the settings by key; copied into an unmodifiable map that iterates in key order. Values
 *                 must not be null.
 * @param step     the number of steps taken, ≥ 0 (Adam's bias correction uses it)
 * @param tensors  the per-parameter state, in the order above; the list is copied, the matrices are not
 *                 (an optimizer copies them on export and on restore)
 */
public record OptimizerState(String name, Map<String, Double> settings, long step, List<Tensor> tensors) {

    /**
     * Checks and copies the parts.
     *
     * @param name     the optimizer's name
     * @param settings the settings by key, copied
     * @param step     the number of steps taken, ≥ 0
     * @param tensors  the per-parameter tensors, in order; the list is copied
     * @throws NullPointerException     if a part, a setting's key or value, or a tensor is null
     * @throws IllegalArgumentException if {@code step} is negative
     */
    public OptimizerState {
        Objects.requireNonNull(name, "name");
        TreeMap<String, Double> sorted = new TreeMap<>(settings);
        sorted.forEach((key, value) -> Objects.requireNonNull(value, () -> "setting " + key + " is null"));
        settings = Collections.unmodifiableSortedMap(sorted);
        if (step < 0) {
            throw new IllegalArgumentException(name + " state: step must be ≥ 0, got " + step);
        }
        tensors = List.copyOf(tensors);
    }

    /**
     * One named tensor of an optimizer's state, such as the velocity of one parameter.
     *
     * @param name  the parameter's name and the slot, e.g. {@code layers.0.weights.m}
     * @param value the values, the shape of the parameter
     */
    public record Tensor(String name, Matrix value) {

        /**
         * Checks the parts.
         *
         * @param name  the tensor's name
         * @param value the values, kept (not copied)
         * @throws NullPointerException if a part is null
         */
        public Tensor {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }
}
