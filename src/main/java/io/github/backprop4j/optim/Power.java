package io.github.backprop4j.optim;

/**
 * xⁿ for a whole n ≥ 0, by repeated squaring: multiplications only, so the same bits on every JVM and
 * platform, and no allocation ({@link StrictMath#pow} allocates on Java 17). Within about log₂(n) ulps of
 * the exact power.
 */
final class Power {

    private Power() {
    }

    static double of(double x, long n) {
        double result = 1.0;
        double square = x;
        for (long e = n; e > 0; e >>>= 1) {
            if ((e & 1) != 0) {
                result *= square;
            }
            square *= square;
        }
        return result;
    }
}
