package io.github.backprop4j.optim;

import io.github.backprop4j.nn.Parameter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The update {@link Adam} and {@link AdamW} share; they differ only in where the weight decay enters.
 */
final class AdamUpdate {

    static final List<String> SETTINGS = List.of("beta1", "beta2", "epsilon", "learningRate", "weightDecay");

    private final String name;
    private final boolean decoupled;
    private double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final ParameterSlots slots;

    /**
     * @param decoupled {@code true} for AdamW's W ← W − η·λ·W, {@code false} for Adam's g = C′(W) + λ·W
     */
    AdamUpdate(String name, boolean decoupled, double learningRate, double beta1, double beta2, double epsilon,
            double weightDecay) {
        this.name = name;
        this.decoupled = decoupled;
        this.learningRate = Optimizer.checkLearningRate(learningRate);
        this.beta1 = Checks.fraction("beta1", beta1);
        this.beta2 = Checks.fraction("beta2", beta2);
        this.epsilon = Checks.positive("epsilon", epsilon);
        this.weightDecay = Checks.nonNegative("weightDecay", weightDecay);
        this.slots = new ParameterSlots(name, "m", "v");
    }

    /** A new update with the settings, step count and tensors of {@code state}, all checked. */
    static AdamUpdate fromState(String name, boolean decoupled, OptimizerState state, List<Parameter> parameters) {
        Checks.settingKeys(state, SETTINGS);
        Map<String, Double> s = state.settings();
        AdamUpdate adam = new AdamUpdate(name, decoupled, s.get("learningRate"), s.get("beta1"), s.get("beta2"),
                s.get("epsilon"), s.get("weightDecay"));
        for (OptimizerState.Tensor t : state.tensors()) {
            if (t.name().endsWith(".v")) {
                double[] v = t.value().backingArray();
                for (int k = 0; k < v.length; k++) {
                    if (v[k] < 0.0) {
                        throw new IllegalArgumentException(String.format(Locale.ROOT,
                                "%s state: tensor %s holds %s at index %d (v must be ≥ 0)", name, t.name(), v[k], k));
                    }
                }
            }
        }
        adam.slots.restore(state, parameters);
        return adam;
    }

    void step(List<Parameter> parameters) {
        slots.bind(parameters);
        long t = slots.steps() + 1;
        double eta = learningRate;
        // bias corrections 1 − β1ᵗ and 1 − β2ᵗ
        double c1 = 1.0 - Power.of(beta1, t);
        double c2 = 1.0 - Power.of(beta2, t);
        double oneMinusBeta1 = 1.0 - beta1;
        double oneMinusBeta2 = 1.0 - beta2;
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            double[] w = p.value().backingArray();
            double[] dW = p.gradient().backingArray();
            double[] m = slots.slot(i, 0);
            double[] v = slots.slot(i, 1);
            double lambda = p.isWeight() ? weightDecay : 0.0;
            double l2 = decoupled ? 0.0 : lambda;
            // AdamW: W ← W − η·λ·W, computed as PyTorch does: W ← (1 − η·λ)·W
            double decay = decoupled ? 1.0 - eta * lambda : 1.0;
            for (int k = 0; k < w.length; k++) {
                if (decay != 1.0) {
                    w[k] *= decay;
                }
                // g = C′(W) + λ·W   (Adam's L2; AdamW: g = C′(W))
                double g = l2 == 0.0 ? dW[k] : dW[k] + l2 * w[k];
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
        slots.countStep();
    }

    double learningRate() {
        return learningRate;
    }

    void setLearningRate(double learningRate) {
        this.learningRate = Optimizer.checkLearningRate(learningRate);
    }

    long stepCount() {
        return slots.steps();
    }

    double beta1() {
        return beta1;
    }

    double beta2() {
        return beta2;
    }

    double epsilon() {
        return epsilon;
    }

    double weightDecay() {
        return weightDecay;
    }

    OptimizerState state() {
        return new OptimizerState(name, Map.of("beta1", beta1, "beta2", beta2, "epsilon", epsilon,
                "learningRate", learningRate, "weightDecay", weightDecay), slots.steps(), slots.export());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s(η=%s, β1=%s, β2=%s, ε=%s, λ=%s)", decoupled ? "AdamW" : "Adam",
                learningRate, beta1, beta2, epsilon, weightDecay);
    }
}
