package io.github.backprop4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.backprop4j.nn.Network;
import io.github.backprop4j.optim.Adam;
import io.github.backprop4j.optim.Optimizer;
import io.github.backprop4j.optim.SgdOptimizer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The promise of the format: a damaged file is refused with {@link ModelFileException}, or — where the damage
 * touches nothing that carries meaning, such as a zip timestamp — loads to the identical network (and, for a
 * checkpoint, the identical optimizer state). It never loads as a different network or optimizer, and nothing
 * else is ever thrown (no IllegalArgumentException, ArrayIndexOutOfBoundsException, NegativeArraySizeException,
 * OutOfMemoryError, StackOverflowError…).
 *
 * <p>For each file: every truncation, every byte with each of its 8 bits flipped and with all 8 flipped,
 * every byte deleted, a byte inserted at every position, and a seeded sample of multi-byte damage. The files:
 * a network saved by the library, the two NumPy-written files, and two checkpoints (a network with Adam's m and
 * v, and with SGD's Nesterov velocity), each read by
 * {@link ModelFile#loadCheckpoint(byte[], java.util.random.RandomGenerator)} and compared in network and optimizer
 * state.
 */
class CorruptionTest {

    private static final int RANDOM_VARIANTS = 3_000;

    /** Counts of what happened to the variants of one file. */
    private static final class Tally {
        int refused;
        int loadedIdentical;

        int total() {
            return refused + loadedIdentical;
        }
    }

    /** Loads a variant and says whether it is the original; or refuses it. */
    @FunctionalInterface
    private interface Load {
        boolean isOriginal(byte[] variant) throws ModelFileException;
    }

    @Test
    void damagedLibraryFileIsRefusedOrLoadsIdentical() {
        Network original = Models.small(42);
        byte[] file = ModelFile.toBytes(original);
        Tally t = tortureAll(file, sameNetwork(original));
        assertThat(t.total()).isEqualTo(variants(file));
        assertThat(t.loadedIdentical).as("variants that loaded (harmless damage)").isLessThan(t.total() / 20);
    }

    @Test
    void damagedNumpyCompressedFileIsRefusedOrLoadsIdentical() throws IOException {
        byte[] file = resource("numpy_savez_compressed.npz");
        Tally t = tortureAll(file, sameNetwork(ModelFile.load(file)));
        assertThat(t.total()).isEqualTo(variants(file));
    }

    @Test
    void damagedNumpyStoredFileIsRefusedOrLoadsIdentical() throws IOException {
        byte[] file = resource("numpy_savez.npz");
        Tally t = tortureAll(file, sameNetwork(ModelFile.load(file)));
        assertThat(t.total()).isEqualTo(variants(file));
    }

    @Test
    void damagedAdamCheckpointIsRefusedOrLoadsIdentical() {
        Network network = Models.small(43);
        Optimizer adam = Adam.builder().learningRate(0.01).build();
        CheckpointTest.steps(network, adam, 2, new SplittableRandom(44));
        byte[] file = ModelFile.toBytes(network, adam);
        Tally t = tortureAll(file, sameCheckpoint(network, adam));
        assertThat(t.total()).isEqualTo(variants(file));
        assertThat(t.loadedIdentical).as("variants that loaded (harmless damage)").isLessThan(t.total() / 20);
    }

    @Test
    void damagedSgdCheckpointIsRefusedOrLoadsIdentical() {
        Network network = Models.binary(45);
        Optimizer sgd = SgdOptimizer.builder().learningRate(0.1).momentum(0.9).nesterov(true).weightDecay(1e-4)
                .build();
        CheckpointTest.steps(network, sgd, 2, new SplittableRandom(46));
        byte[] file = ModelFile.toBytes(network, sgd);
        Tally t = tortureAll(file, sameCheckpoint(network, sgd));
        assertThat(t.total()).isEqualTo(variants(file));
    }

    private static Load sameNetwork(Network original) {
        return variant -> Models.same(original, ModelFile.load(variant));
    }

    /** The network and the optimizer's class and state (name, settings, step, tensors), all bitwise. */
    private static Load sameCheckpoint(Network network, Optimizer optimizer) {
        return variant -> {
            Checkpoint c = ModelFile.loadCheckpoint(variant, null);
            return Models.same(network, c.network()) && c.optimizer().isPresent()
                    && c.optimizer().get().getClass() == optimizer.getClass()
                    && c.optimizer().get().state().equals(optimizer.state());
        };
    }

    /** The undamaged file, its truncations, 9 flips, a deletion and an insertion per byte, the random sample. */
    private static int variants(byte[] file) {
        return 1 + file.length * (1 + 9 + 2) + RANDOM_VARIANTS;
    }

    private static Tally tortureAll(byte[] file, Load original) {
        Tally t = new Tally();
        check(file, original, t, "the undamaged file");
        assertThat(t.loadedIdentical).isEqualTo(1);
        for (int length = 0; length < file.length; length++) {
            check(Arrays.copyOf(file, length), original, t, "truncated to " + length + " bytes");
        }
        for (int i = 0; i < file.length; i++) {
            for (int bit = 0; bit <= 8; bit++) {
                int mask = bit == 8 ? 0xFF : 1 << bit;
                byte[] damaged = file.clone();
                damaged[i] ^= (byte) mask;
                check(damaged, original, t, String.format("byte %d xor 0x%02X", i, mask));
            }
            byte[] deleted = new byte[file.length - 1];
            System.arraycopy(file, 0, deleted, 0, i);
            System.arraycopy(file, i + 1, deleted, i, file.length - i - 1);
            check(deleted, original, t, "byte " + i + " deleted");
            byte[] inserted = new byte[file.length + 1];
            System.arraycopy(file, 0, inserted, 0, i);
            inserted[i] = file[i];
            System.arraycopy(file, i, inserted, i + 1, file.length - i);
            check(inserted, original, t, "byte " + i + " doubled");
        }
        SplittableRandom random = new SplittableRandom(20261128L);
        for (int v = 0; v < RANDOM_VARIANTS; v++) {
            byte[] damaged = file.clone();
            int changes = 1 + random.nextInt(4);
            StringBuilder what = new StringBuilder("random damage:");
            for (int c = 0; c < changes; c++) {
                int at = random.nextInt(file.length);
                damaged[at] = (byte) random.nextInt(256);
                what.append(' ').append(at);
            }
            check(damaged, original, t, what.toString());
        }
        return t;
    }

    private static void check(byte[] variant, Load original, Tally t, String what) {
        boolean same;
        try {
            same = original.isOriginal(variant);
        } catch (ModelFileException expected) {
            t.refused++;
            return;
        } catch (Throwable wrong) {
            throw new AssertionError(what + ": threw " + wrong + " instead of ModelFileException", wrong);
        }
        if (!same) {
            throw new AssertionError(what + ": loaded as a different network or optimizer");
        }
        t.loadedIdentical++;
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = CorruptionTest.class.getResourceAsStream("/io/" + name)) {
            assertThat(in).as("test resource /io/%s", name).isNotNull();
            return in.readAllBytes();
        }
    }
}
