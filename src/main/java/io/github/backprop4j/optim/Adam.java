package io.github.backprop4j.optim;

import io.github.backprop4j.nn.Parameter;
import java.util.List;

/**
 * Adam, from Kingma &amp; Ba (2015), "Adam: A Method for Stochastic Optimization", with bias correction and
 * optional L2 weight decay added to the gradient, as PyTorch's {@code torch.optim.Adam}. For each parameter it
 * keeps the moving averages m and v (zero at first); at step t = 1, 2, …:
 * <pre>
 *   g  = C′(W) + λ·W                 (λ for weights only: biases are not decayed)
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²           (g² element-wise)
 *   m̂ = m / (1 − β1ᵗ),  v̂ = v / (1 − β2ᵗ)
 *   W ← W − η·m̂ / (√v̂ + ε)           (element-wise)
 * </pre>
 * With Adam the decay λ·W is scaled by 1/√v̂ like the gradient, so weights with large gradients are decayed
 * less; {@link AdamW} decouples it. Defaults: η = 0.001, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0.
 * <pre>{@code Adam adam = Adam.builder().learningRate(3e-4).weightDecay(1e-5).build();}</pre>
 *
 * <p>Its {@link OptimizerState} is named {@code "adam"}, with settings {@code beta1, beta2, epsilon,
 * learningRate, weightDecay} and tensors {@code <parameter>.m}, {@code <parameter>.v} for each parameter.
 */
public final class Adam implements Optimizer {

    static final String NAME = "adam";

    private final AdamUpdate update;

    private Adam(AdamUpdate update) {
        this.update = update;
    }

    /**
     * A builder starting from the defaults η = 0.001, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    static Adam fromState(OptimizerState state, List<Parameter> parameters) {
        return new Adam(AdamUpdate.fromState(NAME, false, state, parameters));
    }

    @Override
    public void step(List<Parameter> parameters) {
        update.step(parameters);
    }

    @Override
    public double learningRate() {
        return update.learningRate();
    }

    @Override
    public void setLearningRate(double learningRate) {
        update.setLearningRate(learningRate);
    }

    @Override
    public long stepCount() {
        return update.stepCount();
    }

    @Override
    public OptimizerState state() {
        return update.state();
    }

    /**
     * The decay rate β1 of the first moment m.
     *
     * @return β1, in [0, 1)
     */
    public double beta1() {
        return update.beta1();
    }

    /**
     * The decay rate β2 of the second moment v.
     *
     * @return β2, in [0, 1)
     */
    public double beta2() {
        return update.beta2();
    }

    /**
     * The ε added to √v̂.
     *
     * @return ε &gt; 0
     */
    public double epsilon() {
        return update.epsilon();
    }

    /**
     * The L2 weight decay λ added to the weights' gradients.
     *
     * @return λ ≥ 0
     */
    public double weightDecay() {
        return update.weightDecay();
    }

    @Override
    public String toString() {
        return update.toString();
    }

    /**
     * Settings of an {@link Adam} optimizer; each setter checks its value at once.
     */
    public static final class Builder {

        private double learningRate = 1e-3;
        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;
        private double weightDecay;

        private Builder() {
        }

        /**
         * Sets the learning rate η (default 0.001).
         *
         * @param learningRate η, finite and &gt; 0
         * @return this builder
         * @throws IllegalArgumentException if η is not finite or not positive
         */
        public Builder learningRate(double learningRate) {
            this.learningRate = Optimizer.checkLearningRate(learningRate);
            return this;
        }

        /**
         * Sets the decay rate β1 of the first moment (default 0.9).
         *
         * @param beta1 β1, in [0, 1)
         * @return this builder
         * @throws IllegalArgumentException if β1 is outside [0, 1)
         */
        public Builder beta1(double beta1) {
            this.beta1 = Checks.fraction("beta1", beta1);
            return this;
        }

        /**
         * Sets the decay rate β2 of the second moment (default 0.999).
         *
         * @param beta2 β2, in [0, 1)
         * @return this builder
         * @throws IllegalArgumentException if β2 is outside [0, 1)
         */
        public Builder beta2(double beta2) {
            this.beta2 = Checks.fraction("beta2", beta2);
            return this;
        }

        /**
         * Sets ε, added to √v̂ to keep the division finite (default 1e-8).
         *
         * @param epsilon ε, finite and &gt; 0
         * @return this builder
         * @throws IllegalArgumentException if ε is not finite or not positive
         */
        public Builder epsilon(double epsilon) {
            this.epsilon = Checks.positive("epsilon", epsilon);
            return this;
        }

        /**
         * Sets the L2 weight decay λ, added to the weights' gradients as λ·W (default 0). Biases are not
         * decayed.
         *
         * @param weightDecay λ, finite and ≥ 0
         * @return this builder
         * @throws IllegalArgumentException if λ is not finite or is negative
         */
        public Builder weightDecay(double weightDecay) {
            this.weightDecay = Checks.nonNegative("weightDecay", weightDecay);
            return this;
        }

        /**
         * The optimizer.
         *
         * @return a new {@link Adam} with these settings
         */
        public Adam build() {
            return new Adam(new AdamUpdate(NAME, false, learningRate, beta1, beta2, epsilon, weightDecay));
        }
    }
}
