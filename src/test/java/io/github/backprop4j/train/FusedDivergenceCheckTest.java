package io.github.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.backprop4j.data.Dataset;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.Identity;
import io.github.backprop4j.nn.ReLU;
import io.github.backprop4j.optim.Optimizer;
import io.github.backprop4j.optim.SgdOptimizer;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The trainer's non-finite check, made in the optimizer's own pass ({@link Optimizer#lastStepFinite()}), stops
 * training exactly where and as the two passes over every gradient and every value that it replaces did: an
 * optimizer that does not override {@code lastStepFinite} (a {@link DelegatingOptimizer} here) gets those two
 * passes, and both must give the same exception — epoch, batch, layer and the words naming the element.
 */
class FusedDivergenceCheckTest {

    /** 40 → 40 ReLU → 3: a weight of 1,600 elements, more than one block of the optimizer's pass. */
    private static Network network() {
        return Network.builder().input(40).dense(40, new ReLU()).dense(3, new Identity()).threads(1)
                .build(new SplittableRandom(4));
    }

    private static Dataset data() {
        SplittableRandom r = new SplittableRandom(5);
        return new Dataset(Matrix.zeros(32, 40).map(v -> r.nextDouble(-1, 1)),
                Matrix.zeros(32, 3).map(v -> r.nextDouble(-1, 1)));
    }

    private static Optimizer optimizer(boolean fused, double eta) {
        return fused ? SgdOptimizer.builder().learningRate(eta).momentum(0.9).build() : new DelegatingOptimizer(SgdOptimizer.builder().learningRate(eta).momentum(0.9).build());
    }

    private static TrainingDivergedException diverge(boolean fused, double eta, StepSource source) {
        Trainer trainer = Trainer.builder().optimizer(optimizer(fused, eta)).epochs(3).batchSize(8).seed(6).build();
        Network net = network();
        return catchThrowableOfType(TrainingDivergedException.class, () -> {
            if (source == null) {
                trainer.fit(net, data());
            } else {
                trainer.fit(net, source, null);
            }
        });
    }

    private static void assertSame(TrainingDivergedException fused, TrainingDivergedException unfused) {
        assertThat(fused).isNotNull();
        assertThat(unfused).isNotNull();
        assertThat(fused.getMessage()).isEqualTo(unfused.getMessage());
        assertThat(fused.epoch()).isEqualTo(unfused.epoch());
        assertThat(fused.batch()).isEqualTo(unfused.batch());
        assertThat(fused.layer()).isEqualTo(unfused.layer());
    }

    @ParameterizedTest(name = "flat index {0}")
    @ValueSource(ints = {0, 1023, 1024, 1500, 1639, 1640, 1759, 1762})
    void aNonFiniteGradientIsNamedAsTheTwoPassesNamedIt(int index) {
        StepSource source = new StepSource() {
            @Override
            public int samples() {
                return 8;
            }

            @Override
            public int steps() {
                return 2;
            }

            @Override
            public int batchSize() {
                return 8;
            }

            @Override
            public void step(int epoch, int batch, Network network, Report report) {
                double[] g = new double[(int) network.parameterCount()];
                java.util.Arrays.fill(g, 1e-3);
                if (epoch == 2 && batch == 2) {
                    g[index] = index % 2 == 0 ? Double.NaN : Double.NEGATIVE_INFINITY;
                }
                network.setFlatGradient(g);
                report.gradient(8, 0.5, 0, 0);
            }
        };
        TrainingDivergedException fused = diverge(true, 0.01, source);
        assertSame(fused, diverge(false, 0.01, source));
        assertThat(fused.epoch()).isEqualTo(2);
        assertThat(fused.batch()).isEqualTo(2);
        // weights 40×40 (0–1599), biases 40, weights 40×3 (1640–1759), biases 3
        String expected = index < 1600 ? String.format("the gradient of layers.0.weights (%d, %d) is", index / 40,
                index % 40) : index < 1640 ? "the gradient of layers.0.biases (0, " + (index - 1600) + ") is"
                : index < 1760 ? String.format("the gradient of layers.1.weights (%d, %d) is", (index - 1640) / 3,
                (index - 1640) % 3) : "the gradient of layers.1.biases (0, " + (index - 1760) + ") is";
        assertThat(fused.getMessage()).contains(expected + (index % 2 == 0 ? " NaN" : " -Infinity"));
        assertThat(fused.layer()).isEqualTo(index < 1640 ? 0 : 1);
    }

    @ParameterizedTest(name = "η = {0}")
    @ValueSource(doubles = {1e308, 1e200, 5.0})
    void aValueTheUpdateMakesNonFiniteIsNamedAsTheTwoPassesNamedIt(double eta) {
        TrainingDivergedException fused = diverge(true, eta, null);
        assertSame(fused, diverge(false, eta, null));
        if (eta == 1e308) {  // one step overflows a weight; smaller rates diverge later, through the cost
            assertThat(fused.getMessage()).startsWith("training diverged at epoch 1, batch 1: layers.")
                    .containsPattern("\\(\\d+, \\d+\\) is (-?Infinity|NaN) after the step");
        }
    }

    @ParameterizedTest(name = "η = {0}")
    @ValueSource(doubles = {0.01, 0.1})
    void finiteTrainingGivesTheSameBitsEitherWay(double eta) {
        Network fused = network();
        Network unfused = network();
        Trainer.builder().optimizer(optimizer(true, eta)).epochs(3).batchSize(8).seed(6).build().fit(fused, data());
        Trainer.builder().optimizer(optimizer(false, eta)).epochs(3).batchSize(8).seed(6).build()
                .fit(unfused, data());
        assertThat(fused.flatParameters()).isEqualTo(unfused.flatParameters());
    }
}
