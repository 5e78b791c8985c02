package io.github.backprop4j.optim;

import io.github.backprop4j.nn.Parameter;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent, optionally with momentum, Nesterov momentum, L2 weight decay and L1
 * regularization.
 *
 * <p>Plain SGD ({@code new SgdOptimizer(η)}) is the seed's update, for every weight and bias:
 * <pre>
 *   W ← W − η·C′(W)
 * </pre>
 * With momentum μ and weight decay λ it follows PyTorch's {@code torch.optim.SGD} (with {@code dampening = 0}),
 * keeping a velocity v (zero at first) for each parameter; L1 regularization λ₁ adds λ₁·sign(W) to the gradient:
 * <pre>
 *   g = C′(W) + λ·W + λ₁·sign(W)   (λ, λ₁ for weights only: biases are not regularized; sign(0) = 0)
 *   v ← μ·v + g
 *   W ← W − η·v              (Nesterov: W ← W − η·(g + μ·v), with the new v)
 * </pre>
 * This is Sutskever et al.'s momentum (2013, "On the importance of initialization and momentum in deep
 * learning") with η moved out of the velocity, as PyTorch does; the two differ only when η changes during
 * training. Settings through {@link #builder()}:
 * <pre>{@code SgdOptimizer sgd = SgdOptimizer.builder()
 *         .learningRate(0.1).momentum(0.9).nesterov(true).weightDecay(1e-4)
 *         .build();}</pre>
 *
 * <p>Its {@link OptimizerState} is named {@code "sgd"}, with settings {@code learningRate, momentum, nesterov}
 * (1 or 0) {@code , weightDecay} (and {@code l1} when λ₁ &gt; 0), and one tensor {@code <parameter>.velocity}
 * per parameter when μ &gt; 0.
 *
 * <p>See <a href="https://github.com/backprop4j/backprop4j/blob/main/docs/math.md#backpropagation-the-three-equations">docs/math.md</a>:
 * the update W ← W − η·C′(W) after the three equations, with the seed network's numbers.
 */
public final class SgdOptimizer extends AbstractOptimizer {

    static final String NAME = "sgd";
    private static final List<String> SETTINGS = List.of("learningRate", "momentum", "nesterov", "weightDecay");

    private final double momentum;
    private final boolean nesterov;

    /**
     * Plain SGD with learning rate η: {@code W ← W − η·C′(W)}.
     *
     * @param learningRate η, finite and &gt; 0
     * @throws IllegalArgumentException if η is not finite or not positive
     */
    public SgdOptimizer(double learningRate) {
        this(builder().learningRate(learningRate));
    }

    private SgdOptimizer(Builder builder) {
        super(builder.momentum > 0.0 ? new ParameterSlots(NAME, "velocity") : new ParameterSlots(NAME),
                builder);
        this.momentum = builder.momentum;
        this.nesterov = builder.nesterov;
    }

    /**
     * A builder, starting from plain SGD with η = 0.01, μ = 0, no Nesterov, λ = 0, λ₁ = 0.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    static SgdOptimizer fromState(OptimizerState state, List<Parameter> parameters) {
        Map<String, Double> s = Checks.settings(state, SETTINGS);
        SgdOptimizer sgd = builder().learningRate(s.get("learningRate")).momentum(s.get("momentum"))
                .nesterov(Checks.flag(state, s, "nesterov")).weightDecay(s.get("weightDecay")).l1(s.get("l1"))
                .build();
        sgd.slots.restore(state, parameters);
        return sgd;
    }

    @Override
    void update(int i, Parameter p, double eta, int from, int to) {
        double[] w = p.value().backingArray();
        double[] dW = p.gradient().backingArray();
        double lambda = weightDecayFor(p);
        double l1 = l1For(p);
        if (momentum == 0.0) {
            for (int k = from; k < to; k++) {
                // g = C′(W) + λ·W + λ₁·sign(W)
                double g = regularized(dW[k], w[k], lambda, l1);
                // W ← W − η·g
                w[k] = Math.fma(-eta, g, w[k]);
            }
        } else {
            double[] v = slots.slot(i, 0);
            for (int k = from; k < to; k++) {
                // g = C′(W) + λ·W + λ₁·sign(W)
                double g = regularized(dW[k], w[k], lambda, l1);
                // v ← μ·v + g
                v[k] = momentum * v[k] + g;
                // W ← W − η·v   (Nesterov: W ← W − η·(g + μ·v))
                double d = nesterov ? g + momentum * v[k] : v[k];
                w[k] = Math.fma(-eta, d, w[k]);
            }
        }
    }

    /**
     * The momentum μ.
     *
     * @return μ, in [0, 1); 0 for plain SGD
     */
    public double momentum() {
        return momentum;
    }

    /**
     * Whether the momentum is Nesterov's.
     *
     * @return {@code true} for {@code W ← W − η·(g + μ·v)}
     */
    public boolean nesterov() {
        return nesterov;
    }

    @Override
    public OptimizerState state() {
        return state(NAME, Map.of("momentum", momentum, "nesterov", nesterov ? 1.0 : 0.0));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SGD(η=").append(learningRate());
        if (momentum > 0.0) {
            sb.append(nesterov ? ", Nesterov μ=" : ", μ=").append(momentum);
        }
        if (weightDecay() > 0.0) {
            sb.append(", λ=").append(weightDecay());
        }
        if (l1() > 0.0) {
            sb.append(", λ₁=").append(l1());
        }
        return sb.append(')').toString();
    }

    /**
     * Settings of an {@link SgdOptimizer}; each setter checks its value at once.
     */
    public static final class Builder extends AbstractOptimizer.Builder<Builder> {

        private double momentum;
        private boolean nesterov;

        private Builder() {
            super(0.01, 0.0);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the momentum μ (default 0: plain SGD).
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
         * Chooses Nesterov momentum, {@code W ← W − η·(g + μ·v)} (default {@code false}). Needs μ &gt; 0.
         *
         * @param nesterov whether to use Nesterov momentum
         * @return this builder
         */
        public Builder nesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        /**
         * The optimizer.
         *
         * @return a new {@link SgdOptimizer} with these settings
         * @throws IllegalArgumentException if Nesterov momentum is chosen with μ = 0
         */
        public SgdOptimizer build() {
            if (nesterov && momentum == 0.0) {
                throw new IllegalArgumentException("nesterov momentum needs momentum > 0, got momentum 0.0");
            }
            return new SgdOptimizer(this);
        }
    }
}
