package io.github.backprop4j.optim;

/**
 * xⁿ for a whole n ≥ 0 and 0 ≤ x ≤ 1, as Adam's bias correction (β1ᵗ, β2ᵗ) and the decaying schedules (γᵗ)
 * need it.
 *
 * <p>Why not {@link StrictMath#pow}: on Java 17 it allocates on every call, and a step must not allocate.
 * {@link Math#pow} may differ by an ulp between platforms, so a run resumed elsewhere would not be bitwise the
 * same. Plain repeated squaring is deterministic but loses about one ulp per multiplication, n ulps in all.
 * So this squares in double-double arithmetic (each value carried as hi + lo, the rounding error of every
 * product recovered exactly with {@link Math#fma}): the same bits on every JVM, no allocation, and within an
 * ulp or so of the exact power for every n.
 */
final class Power {

    private Power() {
    }

    static double of(double x, long n) {
        double resultHi = 1.0;
        double resultLo = 0.0;
        double squareHi = x;  // x^(2^k) = squareHi + squareLo
        double squareLo = 0.0;
        for (long e = n; e > 0; e >>>= 1) {
            if ((e & 1) != 0) {
                // result ← result · square
                double p = resultHi * squareHi;
                double error = Math.fma(resultHi, squareHi, -p) + (resultHi * squareLo + resultLo * squareHi);
                resultHi = p + error;
                resultLo = error - (resultHi - p);
            }
            if (e > 1) {
                // square ← square²
                double q = squareHi * squareHi;
                double error = Math.fma(squareHi, squareHi, -q) + 2.0 * squareHi * squareLo;
                squareHi = q + error;
                squareLo = error - (squareHi - q);
            }
        }
        return resultHi;
    }
}
