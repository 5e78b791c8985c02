package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;

/**
 * The sigmoid-weighted linear unit, also called Swish (with β = 1): R(z) = z·σ(z), with
 * R′(z) = σ(z)·(1 + z·(1 − σ(z))). Smooth, and not monotonic: it dips to about −0.278 near z ≈ −1.28 before
 * rising to 0 as z → −∞. 1 − σ(z) is computed as σ(−z), which keeps its precision where σ(z) is near 1.
 * Hendrycks &amp; Gimpel, "Gaussian Error Linear Units (GELUs)", 2016 (as the SiLU); Elfwing, Uchibe &amp;
 * Doya, "Sigmoid-Weighted Linear Units for Neural Network Function Approximation in Reinforcement
 * Learning", 2018; Ramachandran, Zoph &amp; Le, "Searching for Activation Functions", 2017 (as Swish).
 */
public record SiLU() implements Activation {

    @Override
    public String name() {
        return "silu";
    }

    @Override
    public void applyInto(Matrix z, Matrix a) {
        Elementwise.applyEach("silu", z, a, SiLU::value);
    }

    @Override
    public void derivativeInto(Matrix z, Matrix a, Matrix out) {
        Elementwise.applyEach("silu", z, out, SiLU::slope);
    }

    @Override
    public void multiplyByDerivative(Matrix z, Matrix a, Matrix g) {
        Elementwise.multiplyEach("silu", z, g, SiLU::slope);
    }

    /** R(z) = z·σ(z). */
    private static double value(double z) {
        return z * Sigmoid.sigmoid(z);
    }

    /** R′(z) = σ(z)·(1 + z·σ(−z)), as 1 − σ(z) = σ(−z). */
    private static double slope(double z) {
        return Sigmoid.sigmoid(z) * (1.0 + z * Sigmoid.sigmoid(-z));
    }

    @Override
    public String toString() {
        return "SiLU";
    }
}
