package io.github.backprop4j.spark;

/**
 * The seeds of a shard's randomness, derived from the user's seed and the place in training only, never from
 * which executor runs the shard or when: so the same seed and shard count give the same bits on any cluster.
 * <pre>
 *   order(seed, epoch, shard)            the shard's row order in that epoch (a Fisher–Yates shuffle)
 *   dropout(seed, epoch, shard, step)    the dropout masks of that shard's step (synchronous mode) or round
 *                                        of local steps (averaging mode)
 * </pre>
 * Each is a 64-bit mix (the finalizer of MurmurHash3, as {@link java.util.SplittableRandom} mixes its seeds)
 * of the parts, for a {@link java.util.SplittableRandom}. A single-JVM {@link io.github.backprop4j.train.Trainer}
 * that shuffles epoch e from {@code new SplittableRandom(order(seed, e, 0))} sees the rows in the order of a
 * one-shard run.
 */
public final class ShardSeeds {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long ORDER = 1;
    private static final long DROPOUT = 2;

    private ShardSeeds() {
    }

    /**
     * The seed of shard {@code shard}'s row order in epoch {@code epoch}.
     *
     * @param seed  the user's seed
     * @param epoch the epoch, from 1
     * @param shard the shard, from 0
     * @return the seed for a {@link java.util.SplittableRandom}
     */
    public static long order(long seed, int epoch, int shard) {
        return mix(mix(mix(mix(seed) ^ ORDER) ^ epoch) ^ shard);
    }

    /**
     * The seed of the dropout masks of shard {@code shard} in step (or round) {@code step} of epoch {@code epoch}.
     *
     * @param seed  the user's seed
     * @param epoch the epoch, from 1
     * @param shard the shard, from 0
     * @param step  the step or round within the epoch, from 1
     * @return the seed for a {@link java.util.SplittableRandom}
     */
    public static long dropout(long seed, int epoch, int shard, int step) {
        return mix(mix(mix(mix(mix(seed) ^ DROPOUT) ^ epoch) ^ shard) ^ step);
    }

    /** MurmurHash3's 64-bit finalizer of z + φ·2⁶⁴: every bit of the input reaches every bit of the output. */
    private static long mix(long z) {
        z += GOLDEN;
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
