package io.github.backprop4j.optim;

import io.github.backprop4j.nn.Parameter;
import java.util.List;

/**
 * AdamW, from Loshchilov &amp; Hutter (2019), "Decoupled Weight Decay Regularization": {@link Adam} with the
 * weight decay taken out of the gradient and applied to the weights directly, as PyTorch's
 * {@code torch.optim.AdamW}. For each parameter it keeps m and v (zero at first); at step t = 1, 2, …:
 * <pre>
 *   g  = C′(W) + λ₁·sign(W)          (L1, optional: weights only, sign(0) = 0, W before this step)
 *   W ← W − η·λ·W                    (weights only: biases are not decayed; computed as W ← (1 − η·λ)·W)
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²           (g² element-wise)
 *   m̂ = m / (1 − β1ᵗ),  v̂ = v / (1 − β2ᵗ)
 *   W ← W − η·m̂ / (√v̂ + ε)           (element-wise)
 * </pre>
 * Following PyTorch, the decay is multiplied by the current η (the paper uses a separate schedule
 * multiplier), so a learning-rate schedule scales it too. L1 is not decoupled: it enters the gradient as it does
 * for Adam. Defaults: η = 0.001, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0.01, λ₁ = 0.
 * <pre>{@code AdamW adamw = AdamW.builder().learningRate(1e-3).weightDecay(0.05).build();}</pre>
 *
 * <p>Its {@link OptimizerState} is named {@code "adamw"}, with settings {@code beta1, beta2, epsilon,
 * learningRate, weightDecay} (and {@code l1} when λ₁ &gt; 0) and tensors {@code <parameter>.m}, {@code <parameter>.v} for each parameter.
 */
public final class AdamW extends AbstractAdam {

    static final String NAME = "adamw";

    private AdamW(Builder builder) {
        super(NAME, true, builder);
    }

    /**
     * A builder starting from the defaults η = 0.001, β1 = 0.9, β2 = 0.999, ε = 1e-8, λ = 0.01.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    static AdamW fromState(OptimizerState state, List<Parameter> parameters) {
        return fromState(builder(), state, parameters);
    }

    /**
     * Settings of an {@link AdamW} optimizer; each setter checks its value at once.
     */
    public static final class Builder extends AbstractAdam.Builder<Builder, AdamW> {

        private Builder() {
            super(0.01);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * The optimizer.
         *
         * @return a new {@link AdamW} with these settings
         */
        @Override
        public AdamW build() {
            return new AdamW(this);
        }
    }
}
