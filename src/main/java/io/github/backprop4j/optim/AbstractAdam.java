package io.github.backprop4j.optim;

import io.github.backprop4j.nn.Parameter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link Adam} and {@link AdamW} share: the whole update, the settings, the state and the builder. The
 * two differ only in their name, their default λ and where the weight decay enters (Adam's L2 term in the
 * gradient, AdamW's decoupled W ← (1 − η·λ)·W).
 */
abstract sealed class AbstractAdam extends AbstractOptimizer permits Adam, AdamW {

    static final List<String> SETTINGS = List.of("beta1", "beta2", "epsilon", "learningRate", "weightDecay");

    private final String name;
    private final boolean decoupled;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    /** The bias corrections 1 − β1ᵗ and 1 − β2ᵗ of the step being taken. */
    private double c1;
    private double c2;

    /**
     * @param decoupled {@code true} for AdamW's W ← W − η·λ·W, {@code false} for Adam's g = C′(W) + λ·W
     */
    AbstractAdam(String name, boolean decoupled, Builder<?, ?> settings) {
        super(new ParameterSlots(name, "m", "v"), settings);
        this.name = name;
        this.decoupled = decoupled;
        this.beta1 = settings.beta1;
        this.beta2 = settings.beta2;
        this.epsilon = settings.epsilon;
    }

    /** A new optimizer from {@code builder} with the settings, step count and tensors of {@code state}, all checked. */
    static <O extends AbstractAdam> O fromState(Builder<?, O> builder, OptimizerState state,
            List<Parameter> parameters) {
        Map<String, Double> s = Checks.settings(state, SETTINGS);
        O built = builder.learningRate(s.get("learningRate")).beta1(s.get("beta1")).beta2(s.get("beta2"))
                .epsilon(s.get("epsilon")).weightDecay(s.get("weightDecay")).l1(s.get("l1")).build();
        Checks.nonNegativeSlot(state, "v");
        AbstractAdam adam = built;  // a type variable does not give access to the private fields
        adam.slots.restore(state, parameters);
        return built;
    }

    @Override
    void prepare() {
        long t = slots.steps() + 1;
        // bias corrections 1 − β1ᵗ and 1 − β2ᵗ
        c1 = 1.0 - Power.of(beta1, t);
        c2 = 1.0 - Power.of(beta2, t);
    }

    @Override
    void update(int i, Parameter p, double eta, int from, int to) {
        double oneMinusBeta1 = 1.0 - beta1;
        double oneMinusBeta2 = 1.0 - beta2;
        double[] w = p.value().backingArray();
        double[] dW = p.gradient().backingArray();
        double[] m = slots.slot(i, 0);
        double[] v = slots.slot(i, 1);
        double lambda = weightDecayFor(p);
        double l2 = decoupled ? 0.0 : lambda;
        double l1 = l1For(p);
        // AdamW: W ← W − η·λ·W, computed as PyTorch does: W ← (1 − η·λ)·W
        double decay = decoupled ? 1.0 - eta * lambda : 1.0;
        for (int k = from; k < to; k++) {
            // g = C′(W) + λ·W + λ₁·sign(W)   (Adam's L2; AdamW: g = C′(W) + λ₁·sign(W)), W before this step
            double g = regularized(dW[k], w[k], l2, l1);
            if (decay != 1.0) {
                w[k] *= decay;
            }
            // m ← β1·m + (1 − β1)·g
            m[k] = beta1 * m[k] + oneMinusBeta1 * g;
            // v ← β2·v + (1 − β2)·g²
            v[k] = beta2 * v[k] + oneMinusBeta2 * g * g;
            // m̂ = m / (1 − β1ᵗ),  v̂ = v / (1 − β2ᵗ)
            double mHat = m[k] / c1;
            double vHat = v[k] / c2;
            // W ← W − η·m̂ / (√v̂ + ε)
            w[k] -= eta * mHat / (Math.sqrt(vHat) + epsilon);
        }
    }

    @Override
    public OptimizerState state() {
        return state(name, Map.of("beta1", beta1, "beta2", beta2, "epsilon", epsilon));
    }

    /**
     * The decay rate β1 of the first moment m.
     *
     * @return β1, in [0, 1)
     */
    public double beta1() {
        return beta1;
    }

    /**
     * The decay rate β2 of the second moment v.
     *
     * @return β2, in [0, 1)
     */
    public double beta2() {
        return beta2;
    }

    /**
     * The ε added to √v̂.
     *
     * @return ε &gt; 0
     */
    public double epsilon() {
        return epsilon;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s(η=%s, β1=%s, β2=%s, ε=%s, λ=%s%s)", decoupled ? "AdamW" : "Adam",
                learningRate(), beta1, beta2, epsilon, weightDecay(), l1() > 0.0 ? ", λ₁=" + l1() : "");
    }

    /**
     * The settings of {@link Adam.Builder} and {@link AdamW.Builder}; each setter checks its value at once.
     *
     * @param <B> the builder itself, which the setters return
     * @param <O> the optimizer it builds
     */
    abstract static sealed class Builder<B extends Builder<B, O>, O extends AbstractAdam>
            extends AbstractOptimizer.Builder<B> permits Adam.Builder, AdamW.Builder {

        private double beta1 = 0.9;
        private double beta2 = 0.999;
        private double epsilon = 1e-8;

        Builder(double weightDecay) {
            super(1e-3, weightDecay);
        }

        /**
         * Sets the decay rate β1 of the first moment (default 0.9).
         *
         * @param beta1 β1, in [0, 1)
         * @return this builder
         * @throws IllegalArgumentException if β1 is outside [0, 1)
         */
        public B beta1(double beta1) {
            this.beta1 = Checks.fraction("beta1", beta1);
            return self();
        }

        /**
         * Sets the decay rate β2 of the second moment (default 0.999).
         *
         * @param beta2 β2, in [0, 1)
         * @return this builder
         * @throws IllegalArgumentException if β2 is outside [0, 1)
         */
        public B beta2(double beta2) {
            this.beta2 = Checks.fraction("beta2", beta2);
            return self();
        }

        /**
         * Sets ε, added to √v̂ to keep the division finite (default 1e-8).
         *
         * @param epsilon ε, finite and &gt; 0
         * @return this builder
         * @throws IllegalArgumentException if ε is not finite or not positive
         */
        public B epsilon(double epsilon) {
            this.epsilon = Checks.positive("epsilon", epsilon);
            return self();
        }

        /**
         * The optimizer.
         *
         * @return a new optimizer with these settings
         */
        public abstract O build();
    }
}
