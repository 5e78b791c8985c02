package io.github.backprop4j.nn;

/**
 * The error function erf(x) = (2/√π) ∫₀ˣ e^(−t²) dt, its complement erfc(x) = 1 − erf(x), and the standard
 * normal distribution Φ(z) = ½·erfc(−z/√2) and density φ(z) = e^(−z²/2)/√(2π) built on them, which Java's
 * {@link Math} lacks; {@link GELU} needs Φ and φ.
 *
 * <p>W. J. Cody's rational Chebyshev approximations, "Rational Chebyshev approximations for the error
 * function", Math. Comp. 23 (1969), pp. 631–638, with the coefficients and the scheme of his SPECFUN routine
 * CALERF (Netlib, 1990): three intervals of |x|, each a ratio of polynomials that approximates to at least 18
 * significant digits, so the result is within a few units in the last place of the exact value. erfc is
 * computed directly for |x| &gt; 0.46875, never as 1 − erf, so its small values keep their relative
 * precision (erfc(10) ≈ 2.1e-45); e^(−x²) is split as e^(−s²)·e^(−(x − s)(x + s)) with s = x rounded down to
 * a sixteenth, so that x² is never rounded (an error ε in x² would become a relative error ε in e^(−x²)). Φ
 * computes its e^(−z²/2) from z in the same way, not from the rounded z/√2, whose rounding error would be
 * amplified 2x² times in the far tail (to 1e-13 at z = −30).
 */
final class Erf {

    /** |x| up to here: erf(x) = x·R(x²), R a ratio of degree-4 polynomials. */
    private static final double SMALL = 0.46875;
    /** |x| up to here: erfc(x) = e^(−x²)·R(x), degree 8 over degree 8. */
    private static final double MEDIUM = 4.0;
    /** Beyond this, c·x² &gt; 746 and e^(−c·x²) &lt; 2^−1075: it rounds to 0. */
    private static final double EXP_UNDERFLOW = 746.0;
    /** 1/√π. */
    private static final double INV_SQRT_PI = 5.6418958354775628695e-1;
    /** 1/√2. */
    private static final double INV_SQRT_2 = 0.7071067811865476;
    /** 1/√(2π). */
    private static final double INV_SQRT_2PI = 0.3989422804014327;

    // Cody's A and B: erf(x) = x · (A₄x⁸ + A₀x⁶ + A₁x⁴ + A₂x² + A₃) / (x⁸ + B₀x⁶ + B₁x⁴ + B₂x² + B₃)
    private static final double[] A = {3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
        3.20937758913846947e03, 1.85777706184603153e-1};
    private static final double[] B = {2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
        2.84423683343917062e03};
    // C and D: erfc(x) = e^(−x²) · (C₈x⁸ + C₀x⁷ + … + C₆x + C₇) / (x⁸ + D₀x⁷ + … + D₆x + D₇)
    private static final double[] C = {5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
        2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03,
        1.23033935479799725e03, 2.15311535474403846e-8};
    private static final double[] D = {1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
        1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03,
        1.23033935480374942e03};
    // P and Q, in u = 1/x²: erfc(x) = e^(−x²)/x · (1/√π − u·(P₅u⁴ + P₀u³ + … + P₄)/(u⁴ + Q₀u³ + … + Q₄))
    private static final double[] P = {3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
        1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2};
    private static final double[] Q = {2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1,
        6.05183413124413191e-2, 2.33520497626869185e-3};

    private Erf() {
    }

    /**
     * erf(x).
     *
     * @param x any double
     * @return erf(x) in [−1, 1]; ±1 for ±∞, NaN for NaN
     */
    static double erf(double x) {
        double y = Math.abs(x);
        if (y <= SMALL) {
            return x * small(y * y);
        }
        double r = (0.5 - erfcAbove(y)) + 0.5; // erf = 1 − erfc, for |x| > 0.46875 where erfc < 0.51
        return x < 0 ? -r : r;
    }

    /**
     * erfc(x) = 1 − erf(x), to full relative precision also where it is tiny (down to the subnormals).
     *
     * @param x any double
     * @return erfc(x) in [0, 2]; 0 for +∞, 2 for −∞, NaN for NaN
     */
    static double erfc(double x) {
        double y = Math.abs(x);
        if (y <= SMALL) {
            return 1.0 - x * small(y * y);
        }
        double c = erfcAbove(y);
        return x < 0 ? 2.0 - c : c; // erfc(−x) = 2 − erfc(x)
    }

    /**
     * Φ(z) = ½·erfc(−z/√2), the standard normal distribution function, to full relative precision also in
     * the left tail.
     *
     * @param z any double
     * @return Φ(z) in [0, 1]; 0 for −∞, 1 for +∞, NaN for NaN
     */
    static double normalCdf(double z) {
        double x = z * INV_SQRT_2;
        double y = Math.abs(x);
        if (y <= SMALL) {
            return 0.5 + 0.5 * (x * small(y * y)); // ½(1 + erf(x))
        }
        double tail = 0.5 * expOfMinusSquare(Math.abs(z), 0.5) * ratio(y); // Φ(−|z|) = ½·e^(−z²/2)·R(|x|)
        return z < 0 ? tail : 1.0 - tail;
    }

    /**
     * φ(z) = e^(−z²/2)/√(2π), the standard normal density.
     *
     * @param z any double
     * @return φ(z); 0 for ±∞, NaN for NaN
     */
    static double normalDensity(double z) {
        return INV_SQRT_2PI * expOfMinusSquare(Math.abs(z), 0.5);
    }

    /** erf(x)/x as a function of x², for |x| ≤ 0.46875. */
    private static double small(double xx) {
        return rational(A, B, xx);
    }

    /** erfc(y) = e^(−y²)·R(y) for y &gt; 0.46875 (or NaN). */
    private static double erfcAbove(double y) {
        return expOfMinusSquare(y, 1.0) * ratio(y);
    }

    /** R(y) = erfc(y)·e^(y²) for y &gt; 0.46875: Cody's second and third intervals. */
    private static double ratio(double y) {
        if (y <= MEDIUM) {
            return rational(C, D, y);
        }
        double u = 1.0 / (y * y);
        return (INV_SQRT_PI - u * rational(P, Q, u)) / y;
    }

    /**
     * Cody's ratio of polynomials in x, evaluated as CALERF does: with m = den.length − 1,
     * (num[m+1]·x^(m+1) + num[0]·x^m + … + num[m]) / (x^(m+1) + den[0]·x^m + … + den[m]).
     */
    private static double rational(double[] num, double[] den, double x) {
        int m = den.length - 1;
        double n = num[m + 1] * x;
        double d = x;
        for (int i = 0; i < m; i++) {
            n = (n + num[i]) * x;
            d = (d + den[i]) * x;
        }
        return (n + num[m]) / (d + den[m]);
    }

    /**
     * e^(−c·y²) for y ≥ 0 and c = 1 or ½, as e^(−c·s²)·e^(−c·(y − s)(y + s)) with s = y rounded down to a
     * sixteenth, so that c·s² is exact; 0 where it underflows (also for y = ∞).
     */
    private static double expOfMinusSquare(double y, double c) {
        if (c * y * y > EXP_UNDERFLOW) {
            return 0.0;
        }
        double s = Math.floor(y * 16.0) / 16.0;
        return Math.exp(-c * s * s) * Math.exp(-c * (y - s) * (y + s));
    }
}
