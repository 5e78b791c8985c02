package io.github.backprop4j.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.backprop4j.data.Dataset;
import io.github.backprop4j.data.IdxReader;
import io.github.backprop4j.io.ModelFile;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.Identity;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.ReLU;
import io.github.backprop4j.nn.Softmax;
import io.github.backprop4j.optim.AdamW;
import io.github.backprop4j.optim.SgdOptimizer;
import io.github.backprop4j.train.History;
import io.github.backprop4j.train.ProgressBar;
import io.github.backprop4j.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The README's code, compiled here so that it cannot fall behind the API: the README quotes these lines, in
 * this order, and {@link DocsTest} checks that it does. The parts that need no data also run.
 */
class ReadmeCodeTest {

    /** The Quickstart: compiled, not run (it trains on the full Fashion-MNIST set for ten epochs). */
    static int[] quickstart() throws IOException {
        Dataset train = IdxReader.mnist(Path.of("train-images-idx3-ubyte.gz"), Path.of("train-labels-idx1-ubyte.gz"), 10);

        Network net = Network.builder()
                .input(784)
                .dense(256, new ReLU()).dropout(0.2)
                .dense(10, new Softmax())
                .loss(new CrossEntropy())
                .build(new SplittableRandom(42));             // seeded: the same network every run

        History history = Trainer.builder()
                .optimizer(AdamW.builder().learningRate(1e-3).build())
                .epochs(10).batchSize(64).seed(7)
                .listener(ProgressBar.toStandardOutput())
                .build()
                .fit(net, train);

        int[] classes = net.predictClass(train.features());  // thread-safe inference
        ModelFile.save(net, Path.of("model.npz"));           // numpy.load("model.npz") opens it too
        assertThat(history.epochs()).hasSize(10);
        return classes;
    }

    static double[] theThreeEquations(Network net, Matrix x, Matrix y) {
        SgdOptimizer sgd = new SgdOptimizer(0.1);
        net.forward(x);                 // Z = Input·W + B, A = R(Z), layer by layer
        double cost = net.backward(y);  // Eo, then Eh = (E·Wᵀ) ⊙ R′(Zh), then C′(W) = (1/n)·Inputᵀ·E
        double[] g = net.flatGradient(); // every C′(W), C′(B) in one array, in the order of net.flatParameters()
        sgd.step(net);                  // W ← W − η·C′(W); a step needs a backward pass of its own
        assertThat(cost).isPositive();
        return g;
    }

    static Network knownWeights() {
        Network known = Network.builder().input(2).dense(2, new ReLU()).dense(1, new Identity())
                .build(new double[] {0.5, -0.3, 0.8, 0.1, 0, 0, 1.2, -0.7, 0});   // Wh (2×2), Bh, Wo (2×1), Bo
        return known;
    }

    @Test
    void theReadmesStepAndKnownWeightsRun() {
        Network known = knownWeights();
        assertThat(known.flatParameters()).containsExactly(0.5, -0.3, 0.8, 0.1, 0, 0, 1.2, -0.7, 0);
        assertThat(known.layers().get(0).weights()).isEqualTo(Matrix.of(2, 2, 0.5, -0.3, 0.8, 0.1));
        double[] before = known.flatParameters();
        double[] g = theThreeEquations(known, Matrix.of(2, 2, 1, 2, -1, 0.5), Matrix.column(1, -1));
        double[] after = known.flatParameters();
        for (int i = 0; i < g.length; i++) {
            assertThat(after[i]).isEqualTo(before[i] - 0.1 * g[i]);
        }
    }
}
