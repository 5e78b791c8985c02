package io.github.backprop4j.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Finite#all}'s test on the Vector API, for {@link VectorGemm}: x·0 is 0 for a finite x and NaN for NaN
 * or ±∞, summed a whole vector at a time into two accumulators. C2 keeps the scalar form's sums scalar (a
 * sum of doubles is not reordered), one element per add; here a vector (8 or 4 values) per add. Measured in
 * the training step of the protocol network, which checks every gradient and new parameter (470,292 values)
 * once a step: see docs/performance.md.
 */
final class VectorFinite {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();

    private VectorFinite() {
    }

    /** Whether every value of {@code values[from, to)} is finite. */
    static boolean all(double[] values, int from, int to) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        DoubleVector s0 = zero;
        DoubleVector s1 = zero;
        int i = from;
        for (; i + 2 * L <= to; i += 2 * L) {
            s0 = DoubleVector.fromArray(SPECIES, values, i).fma(zero, s0);
            s1 = DoubleVector.fromArray(SPECIES, values, i + L).fma(zero, s1);
        }
        double s = s0.add(s1).reduceLanes(VectorOperators.ADD);
        for (; i < to; i++) {
            s += values[i] * 0.0;
        }
        return s == 0.0;
    }
}
