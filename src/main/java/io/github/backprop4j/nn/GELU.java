package io.github.backprop4j.nn;

import io.github.backprop4j.matrix.Matrix;
import java.util.Objects;

/**
 * The Gaussian error linear unit, R(z) = z·Φ(z) with Φ the standard normal distribution function, in one of
 * two forms, named apart because their values differ (by up to about 4.7e-4, near z = −2.7):
 *
 * <ul>
 *   <li>{@link #exact()} ({@code "gelu"}): Φ(z) = ½·erfc(−z/√2), and R′(z) = Φ(z) + z·φ(z) with the normal
 *       density φ(z) = e^(−z²/2)/√(2π). PyTorch's {@code GELU()}, Keras's {@code gelu(approximate=False)}.
 *       erfc is Cody's rational approximation (accurate to a few units in the last place), so Φ keeps its
 *       relative precision far into the left tail, where 1 + erf(z/√2) would cancel to 0.</li>
 *   <li>{@link #tanh()} ({@code "gelu-tanh"}): the approximation Φ(z) ≈ ½·(1 + tanh u) with
 *       u = √(2/π)·(z + 0.044715·z³), i.e. R(z) = ½z·(1 + tanh u), and
 *       R′(z) = ½(1 + tanh u) + ½z·(1 − tanh² u)·u′ with u′ = √(2/π)·(1 + 3·0.044715·z²). PyTorch's
 *       {@code GELU(approximate="tanh")}, the form of BERT and GPT-2. Computed with ½(1 + tanh u) = σ(2u),
 *       which does not cancel for negative z.</li>
 * </ul>
 *
 * <p>Hendrycks &amp; Gimpel, "Gaussian Error Linear Units (GELUs)", 2016.
 *
 * @param form which of the two
 */
public record GELU(Form form) implements Activation {

    /** The two forms of GELU. */
    public enum Form {
        /** z·Φ(z) with Φ from erfc: {@code "gelu"}. */
        EXACT,
        /** ½z·(1 + tanh(√(2/π)·(z + 0.044715·z³))): {@code "gelu-tanh"}. */
        TANH
    }

    private static final double SQRT_2_OVER_PI = 0.7978845608028654;
    private static final double CUBIC = 0.044715;

    /**
     * Checks the form.
     *
     * @param form which of the two
     * @throws NullPointerException if {@code form} is null
     */
    public GELU {
        Objects.requireNonNull(form, "form");
    }

    /**
     * GELU with Φ from the error function, {@code "gelu"}.
     *
     * @return the exact form
     */
    public static GELU exact() {
        return new GELU(Form.EXACT);
    }

    /**
     * GELU with the tanh approximation of Φ, {@code "gelu-tanh"}.
     *
     * @return the tanh form
     */
    public static GELU tanh() {
        return new GELU(Form.TANH);
    }

    /**
     * {@code "gelu"} for the exact form, {@code "gelu-tanh"} for the tanh approximation.
     *
     * @return the name
     */
    @Override
    public String name() {
        return form == Form.EXACT ? "gelu" : "gelu-tanh";
    }

    @Override
    public void applyInto(Matrix z, Matrix a) {
        Elementwise.applyEach(name(), z, a, form == Form.EXACT ? GELU::exactValue : GELU::tanhValue);
    }

    @Override
    public void derivativeInto(Matrix z, Matrix a, Matrix out) {
        Elementwise.applyEach(name(), z, out, form == Form.EXACT ? GELU::exactSlope : GELU::tanhSlope);
    }

    @Override
    public void multiplyByDerivative(Matrix z, Matrix a, Matrix g) {
        Elementwise.multiplyEach(name(), z, g, form == Form.EXACT ? GELU::exactSlope : GELU::tanhSlope);
    }

    /** R(z) = z·Φ(z). */
    private static double exactValue(double z) {
        return z * Erf.normalCdf(z);
    }

    /** R′(z) = Φ(z) + z·φ(z). */
    private static double exactSlope(double z) {
        return Erf.normalCdf(z) + z * Erf.normalDensity(z);
    }

    /** 2u = 2·√(2/π)·(z + 0.044715·z³), so that ½(1 + tanh u) = σ(2u). */
    private static double twiceU(double z) {
        return 2.0 * SQRT_2_OVER_PI * (z + CUBIC * z * z * z);
    }

    /** R(z) = ½z·(1 + tanh u) = z·σ(2u). */
    private static double tanhValue(double z) {
        return z * Sigmoid.sigmoid(twiceU(z));
    }

    /**
     * R′(z) = ½(1 + tanh u) + ½z·(1 − tanh² u)·u′ = σ(2u) + 2z·σ(2u)·σ(−2u)·u′. Where σ(2u)·σ(−2u) is 0
     * (|u| &gt; 372) the second term is 0, also when z·u′ has overflowed.
     */
    private static double tanhSlope(double z) {
        double v = twiceU(z);
        double s = Sigmoid.sigmoid(v);
        double ds = s * Sigmoid.sigmoid(-v); // ¼(1 − tanh² u) = σ(2u)·(1 − σ(2u))
        return ds == 0.0 ? s : s + 2.0 * z * ds * SQRT_2_OVER_PI * (1.0 + 3.0 * CUBIC * z * z);
    }

    @Override
    public String toString() {
        return form == Form.EXACT ? "GELU" : "GELU(tanh)";
    }
}
