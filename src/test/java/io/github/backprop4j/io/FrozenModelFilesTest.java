package io.github.backprop4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.Activation;
import io.github.backprop4j.nn.BinaryCrossEntropy;
import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.Identity;
import io.github.backprop4j.nn.Layer;
import io.github.backprop4j.nn.LeakyReLU;
import io.github.backprop4j.nn.Loss;
import io.github.backprop4j.nn.MeanSquaredError;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.ReLU;
import io.github.backprop4j.nn.Sigmoid;
import io.github.backprop4j.nn.Softmax;
import io.github.backprop4j.nn.Tanh;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files saved by backprop4j 0.1.0-SNAPSHOT (formatVersion 1, before ELU, GELU, SiLU, Softplus, Huber, mean absolute
 * error and label smoothing were added), kept in {@code src/test/resources/io/frozen-*.npz}: every later
 * version must load them, bit for bit, for ever. They were written once with {@code ModelFile.save} from the
 * networks {@link #networks()} builds, and are never written again: if this test fails, the reader broke
 * backward compatibility — fix the reader, never the files.
 *
 * <p>Together they hold every activation and loss of that version and a dropout rate. The weights and biases are
 * {@link #value(int)}, a formula that Java computes the same everywhere (a square root and a division, both
 * correctly rounded), so the expected networks are built here without reading any file.
 */
class FrozenModelFilesTest {

    /** The file of each frozen network, with the network it holds. */
    static Stream<Arguments> networks() {
        return Stream.of(
                Arguments.of("frozen-cross-entropy.npz", network(3, new CrossEntropy(),
                        new Unit(4, new ReLU(), 0.25), new Unit(4, new LeakyReLU(0.01), 0.0),
                        new Unit(3, new Identity(), 0.0), new Unit(3, new Sigmoid(), 0.0),
                        new Unit(3, new Tanh(), 0.0), new Unit(3, new Softmax(), 0.0))),
                Arguments.of("frozen-mse.npz", network(2, new MeanSquaredError(),
                        new Unit(3, new Tanh(), 0.0), new Unit(2, new Identity(), 0.0))),
                Arguments.of("frozen-binary-cross-entropy.npz", network(2, new BinaryCrossEntropy(),
                        new Unit(3, new LeakyReLU(0.2), 0.5), new Unit(1, new Sigmoid(), 0.0))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void aFileSavedByTheFirstReleaseLoadsBitForBit(String file, Network expected) throws IOException {
        byte[] bytes;
        try (InputStream in = FrozenModelFilesTest.class.getResourceAsStream("/io/" + file)) {
            assertThat(in).as("test resource io/%s", file).isNotNull();
            bytes = in.readAllBytes();
        }
        Network loaded = ModelFile.load(bytes);
        Models.assertSame(expected, loaded);
        assertThat(loaded.flatParameters()).isEqualTo(expected.flatParameters());
    }

    /** One layer of a frozen network: units, activation, dropout. */
    record Unit(int units, Activation activation, double dropout) {
    }

    /** The network of the given layers, every weight and bias from {@link #value(int)} in flat order. */
    static Network network(int inputs, Loss loss, Unit... units) {
        List<Layer> layers = new ArrayList<>();
        int in = inputs;
        int k = 0;
        for (Unit u : units) {
            Matrix w = Matrix.zeros(in, u.units());
            for (int i = 0; i < w.size(); i++) {
                w.backingArray()[i] = value(k++);
            }
            Matrix b = Matrix.zeros(1, u.units());
            for (int i = 0; i < b.size(); i++) {
                b.backingArray()[i] = value(k++);
            }
            layers.add(new Layer(w, b, u.activation(), u.dropout(), u.dropout() > 0 ? new SplittableRandom(1) : null));
            in = u.units();
        }
        return new Network(layers, loss);
    }

    /** ±√(i + 2) / (3 + i mod 5): full 53-bit mantissas, and the same bits on every JVM. */
    static double value(int i) {
        return (i % 2 == 0 ? 1 : -1) * Math.sqrt(i + 2) / (3 + i % 5);
    }

    /** Writes the frozen files into a directory. Run once, at 0.1.0-SNAPSHOT; kept to show how they were made. */
    static void writeFrozenFiles(Path dir) throws IOException {
        for (Arguments a : networks().toList()) {
            ModelFile.save((Network) a.get()[1], dir.resolve((String) a.get()[0]));
        }
    }
}
