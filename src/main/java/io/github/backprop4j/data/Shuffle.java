package io.github.backprop4j.data;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Orders of row indices, plain or shuffled: what {@link Dataset#gatherInto} reads its rows by. All
 * shuffling in this package happens here, by Fisher–Yates, so the same seed gives the same order.
 */
public final class Shuffle {

    private Shuffle() {
    }

    /**
     * The order {@code 0, 1, …, n − 1}.
     *
     * @param n the number of indices, ≥ 0
     * @return a new array of {@code n} indices
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public static int[] identity(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("identity: n must be ≥ 0, got " + n);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /**
     * A random permutation of {@code 0, 1, …, n − 1}: {@link #identity} shuffled by {@link #inPlace}.
     *
     * @param n      the number of indices, ≥ 0
     * @param random the source of randomness; advanced by n − 1 draws
     * @return a new array holding each of {@code 0 … n − 1} once
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public static int[] permutation(int n, RandomGenerator random) {
        int[] order = identity(n);
        inPlace(order, random);
        return order;
    }

    /**
     * Shuffles {@code values} by Fisher–Yates: for i from the last index down to 1, swap element i with an
     * element j drawn uniformly from 0 … i. Allocates nothing, so a trainer can reshuffle its order array
     * every epoch.
     *
     * @param values the array to shuffle; modified
     * @param random the source of randomness; advanced by {@code values.length − 1} draws
     */
    public static void inPlace(int[] values, RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }
}
