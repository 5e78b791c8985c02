package io.github.backprop4j.optim;

import io.github.backprop4j.nn.Parameter;
import java.util.List;

/**
 * Adam, from Kingma &amp; Ba (2015), "Adam: A Method for Stochastic Optimization", with bias correction and
 * optional L2 weight decay added to the gradient, as PyTorch's {@code torch.optim.Adam}. For each parameter it
 * keeps the moving averages m and v (zero at first); at step t = 1, 2, …:
 * <pre>
 *   g  = C′(W) + λ·W + λ₁·sign(W)    (λ, λ₁ for weights only: biases are not regularized; sign(0) = 0)
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²           (g² element-wise)
 *   m̂ = m / (1 − β1ᵗ),  v̂ = v / (1 − β2ᵗ)
 *   W ← W − η·m̂ / (√v̂ + ε)           (element-wise)
 * </pre>
 * With Adam the decay λ·W is scaled by 1/√v̂ like the gradient, so weights with large gradients are decayed
 * less; {@link AdamW} decouples it. λ₁ is the optional L1 regularization. Defaults: η = 0.001, β1 = 0.9,
 * β2 = 0.999, ε = 1e-8, λ = 0, λ₁ = 0.
 * <pre>{@code Adam adam = Adam.builder().learningRate(3e-4).weightDecay(1e-5).build();}</pre>
 *
 * <p>Its {@link OptimizerState} is named {@code "adam"}, with settings {@code beta1, beta2, epsilon,
 * learningRate, weightDecay} (and {@code l1} when λ₁ &gt; 0) and tensors {@code <parameter>.m}, {@code <parameter>.v} for each parameter.
 */
public final class Adam extends AbstractAdam {

    static final String NAME = "adam";

    private Adam(Builder builder) {
        super(NAME, false, builder);
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
        return fromState(builder(), state, parameters);
    }

    /**
     * Settings of an {@link Adam} optimizer; each setter checks its value at once.
     */
    public static final class Builder extends AbstractAdam.Builder<Builder, Adam> {

        private Builder() {
            super(0.0);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * The optimizer.
         *
         * @return a new {@link Adam} with these settings
         */
        @Override
        public Adam build() {
            return new Adam(this);
        }
    }
}
