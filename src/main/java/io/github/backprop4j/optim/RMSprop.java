package io.github.backprop4j.optim;

import io.github.backprop4j.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * RMSprop, from Tieleman &amp; Hinton (2012), "Lecture 6e — rmsprop: Divide the gradient by a running average of
 * its recent magnitude" (Coursera, Neural Networks for Machine Learning), in the form of PyTorch's
 * {@code torch.optim.RMSprop}. For each parameter it keeps the running mean square v (zero at first) and
 * divides the gradient by its root:
 * <pre>
 *   g  = C′(W) + λ·W + λ₁·sign(W)    (λ, λ₁ for weights only: biases are not regularized; sign(0) = 0)
 *   v ← ρ·v + (1 − ρ)·g²             (g² element-wise)
 *   W ← W − η·g / (√v + ε)           (element-wise)
 * </pre>
 * ε is added to √v, outside the root, as PyTorch does (Keras adds it inside: √(v + ε)). Like PyTorch, and
 * unlike Adam, v has no bias correction, so the first steps are larger: the first is η·g/(√(1 − ρ)·|g| + ε).
 * Two options of PyTorch's, both off by default:
 * <ul>
 *   <li><b>centered</b> — also keep the running mean m of g, and divide by an estimate of the standard deviation
 *       instead: m ← ρ·m + (1 − ρ)·g, then √(v − m²) + ε. (Where rounding makes v − m² negative, 0 is used;
 *       PyTorch would give NaN.)</li>
 *   <li><b>momentum</b> μ — keep a velocity b: b ← μ·b + g / (√v + ε), then W ← W − η·b.</li>
 * </ul>
 * Defaults are PyTorch's: η = 0.01, ρ = 0.99, ε = 1e-8, μ = 0, λ = 0, λ₁ = 0, not centered. (Hinton's lecture and
 * Keras use ρ = 0.9.)
 * <pre>{@code RMSprop rmsprop = RMSprop.builder().learningRate(1e-3).rho(0.9).build();}</pre>
 *
 * <p>Its {@link OptimizerState} is named {@code "rmsprop"}, with settings {@code centered} (1 or 0)
 * {@code , epsilon, learningRate, momentum, rho, weightDecay} (and {@code l1} when λ₁ &gt; 0), and tensors
 * {@code <parameter>.v}, then {@code <parameter>.m} when centered, then {@code <parameter>.velocity} when
 * μ &gt; 0, for each parameter.
 */
public final class RMSprop extends AbstractOptimizer {

    static final String NAME = "rmsprop";
    private static final List<String> SETTINGS = List.of("centered", "epsilon", "learningRate", "momentum", "rho",
            "weightDecay");

    private final double rho;
    private final double epsilon;
    private final double momentum;
    private final boolean centered;

    private RMSprop(Builder builder) {
        super(new ParameterSlots(NAME, slotNames(builder.centered, builder.momentum)), builder);
        this.rho = builder.rho;
        this.epsilon = builder.epsilon;
        this.momentum = builder.momentum;
        this.centered = builder.centered;
    }

    /** v; then m if centered; then velocity if μ &gt; 0. */
    private static String[] slotNames(boolean centered, double momentum) {
        List<String> names = new ArrayList<>(List.of("v"));
        if (centered) {
            names.add("m");
        }
        if (momentum > 0.0) {
            names.add("velocity");
        }
        return names.toArray(String[]::new);
    }

    /**
     * A builder starting from PyTorch's defaults: η = 0.01, ρ = 0.99, ε = 1e-8, μ = 0, λ = 0, λ₁ = 0, not
     * centered.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    static RMSprop fromState(OptimizerState state, List<Parameter> parameters) {
        Map<String, Double> s = Checks.settings(state, SETTINGS);
        RMSprop rmsprop = builder().learningRate(s.get("learningRate")).rho(s.get("rho")).epsilon(s.get("epsilon"))
                .momentum(s.get("momentum")).centered(Checks.flag(state, s, "centered"))
                .weightDecay(s.get("weightDecay")).l1(s.get("l1")).build();
        Checks.nonNegativeSlot(state, "v");
        rmsprop.slots.restore(state, parameters);
        return rmsprop;
    }

    @Override
    void update(int i, Parameter p, double eta, int from, int to) {
        double oneMinusRho = 1.0 - rho;
        int velocitySlot = centered ? 2 : 1;
        double[] w = p.value().backingArray();
        double[] dW = p.gradient().backingArray();
        double[] v = slots.slot(i, 0);
        double[] m = centered ? slots.slot(i, 1) : null;
        double[] b = momentum > 0.0 ? slots.slot(i, velocitySlot) : null;
        double lambda = weightDecayFor(p);
        double l1 = l1For(p);
        for (int k = from; k < to; k++) {
            // g = C′(W) + λ·W + λ₁·sign(W)
            double g = regularized(dW[k], w[k], lambda, l1);
            // v ← ρ·v + (1 − ρ)·g²
            v[k] = rho * v[k] + oneMinusRho * g * g;
            double meanSquare = v[k];
            if (m != null) {
                // centered: m ← ρ·m + (1 − ρ)·g, and v − m² in place of v (never below 0)
                m[k] = rho * m[k] + oneMinusRho * g;
                meanSquare = Math.max(v[k] - m[k] * m[k], 0.0);
            }
            // d = √v + ε
            double d = Math.sqrt(meanSquare) + epsilon;
            if (b == null) {
                // W ← W − η·g / d
                w[k] -= eta * g / d;
            } else {
                // b ← μ·b + g / d,  W ← W − η·b
                b[k] = momentum * b[k] + g / d;
                w[k] -= eta * b[k];
            }
        }
    }

    /**
     * The decay rate ρ of the mean square v.
     *
     * @return ρ, in [0, 1)
     */
    public double rho() {
        return rho;
    }

    /**
     * The ε added to √v.
     *
     * @return ε &gt; 0
     */
    public double epsilon() {
        return epsilon;
    }

    /**
     * The momentum μ.
     *
     * @return μ, in [0, 1); 0 for none
     */
    public double momentum() {
        return momentum;
    }

    /**
     * Whether the update divides by √(v − m²) + ε, an estimate of the gradient's standard deviation.
     *
     * @return {@code true} if centered
     */
    public boolean centered() {
        return centered;
    }

    @Override
    public OptimizerState state() {
        return state(NAME, Map.of("centered", centered ? 1.0 : 0.0, "epsilon", epsilon, "momentum", momentum,
                "rho", rho));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "RMSprop(η=%s, ρ=%s, ε=%s%s%s%s%s)", learningRate(), rho, epsilon,
                momentum > 0.0 ? ", μ=" + momentum : "", centered ? ", centered" : "",
                weightDecay() > 0.0 ? ", λ=" + weightDecay() : "", l1() > 0.0 ? ", λ₁=" + l1() : "");
    }

    /**
     * Settings of an {@link RMSprop} optimizer; each setter checks its value at once.
     */
    public static final class Builder extends AbstractOptimizer.Builder<Builder> {

        private double rho = 0.99;
        private double epsilon = 1e-8;
        private double momentum;
        private boolean centered;

        private Builder() {
            super(0.01, 0.0);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the decay rate ρ of the mean square (default 0.99; PyTorch calls it {@code alpha}).
         *
         * @param rho ρ, in [0, 1)
         * @return this builder
         * @throws IllegalArgumentException if ρ is outside [0, 1)
         */
        public Builder rho(double rho) {
            this.rho = Checks.fraction("rho", rho);
            return this;
        }

        /**
         * Sets ε, added to √v to keep the division finite (default 1e-8).
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
         * Sets the momentum μ (default 0: none).
         *
         * @param momentum μ, in [0, 1)
         * @return this builder
         * @throws IllegalArgumentException if μ is outside [0, 1)
         */
        public Builder momentum(double momentum) {
            this.momentum = Checks.fraction("momentum", momentum);
            return this;
        }

        /**
         * Chooses the centered form, dividing by √(v − m²) + ε (default {@code false}).
         *
         * @param centered whether to center
         * @return this builder
         */
        public Builder centered(boolean centered) {
            this.centered = centered;
            return this;
        }

        /**
         * The optimizer.
         *
         * @return a new {@link RMSprop} with these settings
         */
        public RMSprop build() {
            return new RMSprop(this);
        }
    }
}
