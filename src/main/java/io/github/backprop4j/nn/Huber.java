package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;

/**
 * The Huber loss, squared for small residuals and linear for large ones, so that outliers pull less than with
 * {@link MeanSquaredError}. With d = ŷ − y per output:
 * <pre>
 *   h(d) = ½ d²              for |d| ≤ δ
 *        = δ · (|d| − ½ δ)   otherwise
 *   C    = (1/n) · Σᵢ Σₖ h(ŷᵢₖ − yᵢₖ)
 *   Eo   = clamp(ŷ − y, −δ, δ) ⊙ R′(Zo)        (h′(d) = d inside, δ·sign(d) outside)
 * </pre>
 *
 * <p>The batch convention is that of {@link MeanSquaredError}: averaged over the n samples, summed over the k
 * outputs, and the same ½, so that for |d| ≤ δ everywhere the two losses are equal (and Huber tends to the
 * seed's cost as δ → ∞). PyTorch's {@code HuberLoss(delta=δ)} uses the same h but averages over all n·k
 * elements: C here is k times its {@code reduction="mean"} value, and its {@code reduction="sum"} value / n.
 * Huber, "Robust Estimation of a Location Parameter", Annals of Mathematical Statistics, 1964.
 *
 * @param delta δ, where the loss turns from quadratic to linear; finite and &gt; 0 (1 is the usual choice)
 */
public record Huber(double delta) implements Loss {

    /**
     * Checks δ.
     *
     * @param delta the threshold δ
     * @throws IllegalArgumentException if δ is not finite or not &gt; 0
     */
    public Huber {
        if (!(delta > 0.0 && delta < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("huber: delta must be finite and > 0, got " + delta);
        }
    }

    @Override
    public String name() {
        return "huber";
    }

    @Override
    public double cost(Matrix zo, Matrix o, Matrix y) {
        // C = (1/n) · Σᵢ Σₖ h(ŷ − y)
        return Residuals.meanCost("huber", o, y, this::h);
    }

    /** Cᵢ = Σₖ h(ŷᵢₖ − yᵢₖ). */
    @Override
    public void sampleCostsInto(Matrix zo, Matrix o, Matrix y, double[] costs) {
        Residuals.sampleCostsInto("huber", o, y, costs, this::h);
    }

    @Override
    public void outputErrorInto(Matrix zo, Matrix o, Matrix y, Activation activation, Matrix eo) {
        // Eo = clamp(ŷ − y, −δ, δ) ⊙ R′(Zo)
        Residuals.outputErrorInto("huber", zo, o, y, activation, eo, d -> Math.max(-delta, Math.min(delta, d)));
    }

    /** h(d) = ½ d² for |d| ≤ δ, else δ·(|d| − ½δ); NaN for NaN. */
    private double h(double d) {
        double a = Math.abs(d);
        return a <= delta ? 0.5 * d * d : delta * (a - 0.5 * delta);
    }

    @Override
    public String toString() {
        return "Huber(" + delta + ")";
    }
}
