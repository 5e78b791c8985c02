package io.github.backprop4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.Softmax;
import io.github.backprop4j.nn.Tanh;
import io.github.backprop4j.optim.Adam;
import io.github.backprop4j.optim.AdamW;
import io.github.backprop4j.optim.Optimizer;
import io.github.backprop4j.optim.SgdOptimizer;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checkpoints written by the release before RMSprop and L1 (0.1.0-SNAPSHOT at commit 130c17f), committed in
 * {@code src/test/resources/io/release_checkpoint_*.npz} with the program that wrote them
 * ({@code make_release_checkpoints.java}): they still load, bit for bit the network and optimizer that the same
 * steps give today, and continue alike.
 */
class ReleaseCheckpointTest {

    private static final Matrix X = Matrix.of(4, 3, 0.5, -1.0, 0.25, 1.5, 0.75, -0.5, -0.25, 0.125, 1.0, 2.0, -1.5,
            0.0);
    private static final Matrix Y = Matrix.of(4, 2, 1, 0, 0, 1, 1, 0, 0, 1);

    /** What make_release_checkpoints.java builds: the network, and the optimizer named {@code name}. */
    private static Network network() {
        return Network.builder().input(3).dense(4, new Tanh()).dense(2, new Softmax()).loss(new CrossEntropy())
                .build(new SplittableRandom(14));
    }

    private static Optimizer optimizer(String name) {
        return switch (name) {
            case "sgd" -> SgdOptimizer.builder().learningRate(0.1).momentum(0.9).nesterov(true).weightDecay(1e-3)
                    .build();
            case "adam" -> Adam.builder().learningRate(0.01).weightDecay(1e-4).build();
            default -> AdamW.builder().learningRate(0.01).beta1(0.8).build();
        };
    }

    private static void steps(Network net, Optimizer optimizer, int count) {
        for (int t = 0; t < count; t++) {
            net.forward(X);
            net.backward(Y);
            optimizer.step(net);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sgd", "adam", "adamw"})
    void aCheckpointOfTheReleaseLoadsAndResumesBitForBit(String name) throws IOException {
        byte[] file = CorruptionTest.resource("release_checkpoint_" + name + ".npz");
        Checkpoint loaded = ModelFile.loadCheckpoint(file, null);
        Network net = network();
        Optimizer optimizer = optimizer(name);
        steps(net, optimizer, 3);
        Models.assertSame(net, loaded.network());
        CheckpointTest.assertSameOptimizer(name, optimizer, loaded.optimizer().orElseThrow());
        assertThat(new String(file, java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains("\"formatVersion\": 1").contains("\"name\": \"" + name + "\"");

        steps(net, optimizer, 2);
        steps(loaded.network(), loaded.optimizer().orElseThrow(), 2);
        Models.assertSame(net, loaded.network());
        CheckpointTest.assertSameOptimizer(name, optimizer, loaded.optimizer().orElseThrow());
    }
}
