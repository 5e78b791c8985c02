package io.github.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.backprop4j.matrix.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Inference, evaluation, the summary, and the seams for code that drives training itself. */
class InferenceAndSeamsTest {

    private static Network classifier() {
        return Network.builder().input(4).dense(16, new ReLU()).dense(8, new Tanh()).dense(3, new Softmax())
                .loss(new CrossEntropy()).build(new SplittableRandom(5));
    }

    /** Wide enough that its first product (32 × 128 × 128) is split across the network's two threads. */
    private static Network wideClassifier() {
        return Network.builder().input(128).dense(128, new ReLU()).dense(10, new Softmax())
                .loss(new CrossEntropy()).threads(2).build(new SplittableRandom(8));
    }

    /** A matrix of uniform values in [−1, 1). */
    static Matrix random(SplittableRandom r, int rows, int cols) {
        Matrix m = Matrix.zeros(rows, cols);
        double[] d = m.backingArray();
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextDouble(-1, 1);
        }
        return m;
    }

    @Test
    void predictEqualsTheTrainingPassWithoutDropoutBitForBit() {
        Network net = classifier();
        Matrix x = random(new SplittableRandom(1), 7, 4);
        assertThat(net.predict(x)).isEqualTo(net.forward(x));
        assertThat(net.predictClass(x)).isEqualTo(net.forward(x).rowArgMax());
    }

    @Test
    void manyThreadsMayPredictAtOnce() throws Exception {
        Network net = wideClassifier();
        SplittableRandom r = new SplittableRandom(2);
        List<Matrix> inputs = new ArrayList<>();
        List<Matrix> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Matrix x = random(r, 1 + 8 * i, 128);
            inputs.add(x);
            expected.add(net.predict(x));
        }
        assertEightThreadsAgree(10, i -> net.predict(inputs.get(i)).equals(expected.get(i)),
                inputs.size());
    }

    @Test
    void evaluateCountsAccuracyAndConfusionByHand() {
        // one softmax layer whose weights copy the input: ŷ's arg-max is the arg-max of x
        Layer layer = new Layer(Matrix.identity(3), Matrix.zeros(1, 3), new Softmax());
        Network net = new Network(List.of(layer), new CrossEntropy());
        Matrix x = Matrix.of(4, 3, 5, 0, 0, 0, 5, 0, 0, 5, 0, 0, 0, 5);
        Matrix y = Matrix.column(0, 1, 2, 2); // the third row is wrong: predicted 1, actual 2
        Evaluation e = net.evaluate(x, y);
        assertThat(e.accuracy()).isEqualTo(0.75);
        assertThat(e.samples()).isEqualTo(4);
        assertThat(e.confusion()).isDeepEqualTo(new long[][] {{1, 0, 0}, {0, 1, 0}, {0, 1, 1}});
        // cost by hand: −log softmax = log(e⁵ + 2) − 5 for the right rows, log(e⁵ + 2) for the wrong one
        double right = Math.log(Math.exp(5) + 2) - 5;
        double wrong = Math.log(Math.exp(5) + 2);
        assertThat(e.cost()).isCloseTo((3 * right + wrong) / 4, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(e.confusionTable("a", "b", "c")).isEqualTo(
                "actual\\pred      a      b      c\n"
                        + "a           1      0      0\n"
                        + "b           0      1      0\n"
                        + "c           0      1      1");
    }

    @Test
    void evaluateInChunksEqualsOneBigBatch() {
        Network net = classifier();
        SplittableRandom r = new SplittableRandom(3);
        Matrix x = random(r, 2500, 4);
        Matrix y = Matrix.zeros(2500, 1);
        for (int i = 0; i < 2500; i++) {
            y.set(i, 0, r.nextInt(3));
        }
        Evaluation e = net.evaluate(x, y);
        Matrix o = net.forward(x);
        assertThat(e.cost()).isCloseTo(net.cost(y), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(e.samples()).isEqualTo(2500);
        long[][] confusion = new long[3][3];
        int correct = 0;
        for (int i = 0; i < 2500; i++) {
            int predicted = o.argMaxOfRow(i);
            int actual = (int) y.get(i, 0);
            confusion[actual][predicted]++;
            correct += predicted == actual ? 1 : 0;
        }
        assertThat(e.confusion()).isDeepEqualTo(confusion);
        assertThat(e.accuracy()).isEqualTo(correct / 2500.0);
        assertThatThrownBy(() -> net.evaluate(x, Matrix.zeros(3, 1))).hasMessageContaining("same number of rows");
    }

    @Test
    void regressionHasNoAccuracy() {
        Network net = Network.builder().input(2).dense(1, new Identity()).build(new SplittableRandom(1));
        Evaluation e = net.evaluate(Matrix.of(1, 2, 1, 2), Matrix.row(0));
        assertThat(e.accuracy()).isNaN();
        assertThat(e.confusion()).isEmpty();
    }

    @Test
    void summaryListsLayersAndParameterCounts() {
        Network net = Network.builder().input(784).dense(256, new ReLU()).dropout(0.2).dense(10, new Softmax())
                .loss(new CrossEntropy()).build(new SplittableRandom(1));
        assertThat(net.summary()).isEqualTo(
                "layer  shape         activation   dropout    parameters\n"
                        + "0      784 → 256     relu         0.2           200,960\n"
                        + "1      256 → 10      softmax      -               2,570\n"
                        + "total                                           203,530\n"
                        + "loss: cross-entropy");
        assertThat(net.parameterCount()).isEqualTo(203_530);
        assertThat(net).hasToString("Network[784 → 256 relu → 10 softmax, loss cross-entropy]");
    }

    @Test
    void flatParametersFollowTheDocumentedOrder() {
        Layer a = new Layer(Matrix.of(2, 2, 1, 2, 3, 4), Matrix.row(5, 6), new ReLU());
        Layer b = new Layer(Matrix.of(2, 1, 7, 8), Matrix.row(9), new Identity());
        Network net = Network.of(a, b);
        assertThat(net.flatParameters()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        net.setFlatParameters(new double[] {9, 8, 7, 6, 5, 4, 3, 2, 1});
        assertThat(a.weights()).isEqualTo(Matrix.of(2, 2, 9, 8, 7, 6));
        assertThat(b.biases()).isEqualTo(Matrix.row(1));
        assertThat(net.parameters()).extracting(Parameter::name).containsExactly("layers.0.weights",
                "layers.0.biases", "layers.1.weights", "layers.1.biases");
        assertThatThrownBy(() -> net.setFlatParameters(new double[3])).hasMessageContaining("3 values given")
                .hasMessageContaining("has 9 parameters");
        assertThatThrownBy(() -> net.setFlatParameters(new double[] {0, 0, 0, 0, 0, Double.NaN, 0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setFlatParameters: layers.0.biases (0, 1) is NaN; values must be finite");
        assertThat(net.flatParameters()).containsExactly(9, 8, 7, 6, 5, 4, 3, 2, 1);
    }

    @Test
    void theFlatGradientIsTheLastBackwardPassesInTheOrderOfTheParameters() throws ReflectiveOperationException {
        Network net = classifier();
        SplittableRandom r = new SplittableRandom(4);
        Matrix x = random(r, 6, 4);
        Matrix y = Matrix.column(0, 1, 2, 2, 1, 0);
        assertThatThrownBy(net::flatGradient).isInstanceOf(IllegalStateException.class)
                .hasMessage("flatGradient: no backward pass has computed a gradient yet; call forward and backward"
                        + " first");
        Network.Gradient expected = net.computeGradient(x, y, null);
        net.forward(x);
        net.backward(y);
        double[] flat = net.flatGradient();
        assertThat(flat).isEqualTo(expected.gradient());
        int offset = 0;
        for (Parameter p : net.parameters()) {  // C′(W) row by row, then C′(B), layer by layer
            double[] g = p.gradient().backingArray();
            assertThat(java.util.Arrays.copyOfRange(flat, offset, offset + g.length)).as(p.name()).isEqualTo(g);
            offset += g.length;
        }
        double[] into = new double[flat.length];
        assertThat(net.flatGradientInto(into)).isSameAs(into).isEqualTo(flat);
        // one array per call would be ≥ 5,000 × 8 × 243 bytes
        assertThat(PredictorTest.bytesAllocatedBy(() -> net.flatGradientInto(into))).isLessThan(1_000);
        assertThatThrownBy(() -> net.flatGradientInto(new double[3])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("flatGradientInto: 3 values given, the network has %d parameters", flat.length);
    }

    @Test
    void aNetworkIsBuiltFromGivenParametersWithoutAGenerator() {
        double[] flat = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        Network net = Network.builder().input(2).dense(2, new ReLU()).dense(1, new Identity()).build(flat);
        assertThat(net.flatParameters()).isEqualTo(flat).isNotSameAs(flat);
        assertThat(net.layers().get(0).weights()).isEqualTo(Matrix.of(2, 2, 1, 2, 3, 4));
        assertThat(net.layers().get(1).biases()).isEqualTo(Matrix.row(9));
        flat[0] = 100;  // copied
        assertThat(net.layers().get(0).weights().get(0, 0)).isEqualTo(1.0);

        NetworkBuilder builder = Network.builder().input(2).dense(2, new ReLU()).dense(1, new Identity());
        assertThatThrownBy(() -> builder.build(new double[8])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("build: 8 values given, the network has 9 parameters");
        assertThatThrownBy(() -> builder.build(new double[] {0, 0, 0, 0, 0, 0, 0, Double.NaN, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("build: layers.1.weights (1, 0) is NaN; values must be finite");

        NetworkBuilder dropout = Network.builder().input(2).dense(2, new ReLU()).dropout(0.5).dense(1, new Identity());
        assertThatThrownBy(() -> dropout.build(new double[9])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("build: layer 0 has dropout 0.5, whose masks need a generator; use"
                        + " build(flatParameters, random)");
        Network withDropout = dropout.build(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, new SplittableRandom(3));
        assertThat(withDropout.flatParameters()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(withDropout.layers().get(0).dropout()).isEqualTo(0.5);
    }

    @Test
    void computeGradientMatchesBackwardAndLeavesTheNetworkAlone() {
        Network net = classifier();
        SplittableRandom r = new SplittableRandom(4);
        Matrix x = random(r, 6, 4);
        Matrix y = Matrix.column(0, 1, 2, 2, 1, 0);
        double[] before = net.flatParameters();
        Network.Gradient g = net.computeGradient(x, y, null);
        assertThat(net.flatParameters()).isEqualTo(before);
        net.forward(x);
        double cost = net.backward(y);
        assertThat(g.cost()).isEqualTo(cost);
        double[] expected = new double[before.length];
        int offset = 0;
        for (Parameter p : net.parameters()) {
            double[] v = p.gradient().backingArray();
            System.arraycopy(v, 0, expected, offset, v.length);
            offset += v.length;
        }
        assertThat(g.gradient()).isEqualTo(expected);
    }

    @Test
    void computeGradientIsSafeOnManyThreadsAtOnce() throws Exception {
        Network net = wideClassifier();
        SplittableRandom r = new SplittableRandom(6);
        List<Matrix> xs = new ArrayList<>();
        List<Matrix> ys = new ArrayList<>();
        List<Network.Gradient> expected = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            xs.add(random(r, 28 + i, 128));
            Matrix y = Matrix.zeros(28 + i, 1);
            for (int j = 0; j < y.rows(); j++) {
                y.set(j, 0, r.nextInt(10));
            }
            ys.add(y);
            expected.add(net.computeGradient(xs.get(i), y, null));
        }
        assertEightThreadsAgree(5, i -> net.computeGradient(xs.get(i), ys.get(i), null).equals(expected.get(i)),
                xs.size());
    }

    /**
     * Runs {@code check} for every case index, {@code repetitions} times over, on eight tasks sharing a pool
     * of four threads at once, and asserts that every check held.
     */
    static void assertEightThreadsAgree(int repetitions, java.util.function.IntPredicate check, int cases)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int rep = 0; rep < repetitions; rep++) {
                        for (int i = 0; i < cases; i++) {
                            if (!check.test(i)) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void computeGradientNeedsAGeneratorForDropout() {
        Network net = Network.builder().input(2).dense(4, new ReLU()).dropout(0.5).dense(1, new Identity())
                .build(new SplittableRandom(1));
        assertThatThrownBy(() -> net.computeGradient(Matrix.zeros(1, 2), Matrix.zeros(1, 1), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("random generator");
        assertThat(net.computeGradient(Matrix.of(1, 2, 1, 1), Matrix.zeros(1, 1), new SplittableRandom(2)).gradient())
                .hasSize(17);
    }
}
