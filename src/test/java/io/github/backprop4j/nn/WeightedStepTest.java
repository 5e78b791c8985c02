package io.github.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The weighted backward pass: C = Σᵢ wᵢ Cᵢ / Σw, Eo carrying wᵢ, C′ = (1/Σw)·…, against
 * {@code src/test/resources/reference/weighted_step.py} (numpy, from the definitions; output committed as
 * {@code weighted_step.out}) to 1e-12; all-1 weights bitwise equal to the unweighted pass; integer weights equal
 * to repeating the rows; and the weights refused as an attacker would give them.
 */
class WeightedStepTest {

    private static final double TOLERANCE = 1e-12;

    /** The lines of weighted_step.out: name → matrix. */
    static Map<String, Matrix> reference() throws IOException {
        String text;
        try (InputStream in = WeightedStepTest.class.getResourceAsStream("/reference/weighted_step.out")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Matrix> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.split(" ");
            // "name rows cols v…": the name may hold a space, so find the two counts (values are written "1.0")
            int at = 1;
            for (int i = 1; i < f.length - 1; i++) {
                if (f[i].matches("[0-9]+") && f[i + 1].matches("[0-9]+")) {
                    at = i;
                    break;
                }
            }
            String name = String.join(" ", Arrays.copyOfRange(f, 0, at));
            int rows = Integer.parseInt(f[at]);
            int cols = Integer.parseInt(f[at + 1]);
            double[] v = Arrays.stream(f, at + 2, f.length).mapToDouble(Double::parseDouble).toArray();
            values.put(name, Matrix.of(rows, cols, v));
        }
        return values;
    }

    /** A case of weighted_step.py: its name, the output activation, the loss and which targets. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("mse/sigmoid", new Sigmoid(), new MeanSquaredError(), "Y"),
                Arguments.of("huber(0.5)/identity", new Identity(), new Huber(0.5), "Y"),
                Arguments.of("mae/tanh", new Tanh(), new MeanAbsoluteError(), "Y"),
                Arguments.of("binary-cross-entropy/sigmoid", new Sigmoid(), new BinaryCrossEntropy(), "binary"),
                Arguments.of("cross-entropy(0.0)/softmax", new Softmax(), new CrossEntropy(), "labels"),
                Arguments.of("cross-entropy(0.1)/softmax", new Softmax(), new CrossEntropy(0.1), "labels"));
    }

    private static Network network(Map<String, Matrix> ref, Activation output, Loss loss) {
        Layer hidden = new Layer(ref.get("Wh"), ref.get("Bh"), new Tanh());
        return new Network(List.of(hidden, new Layer(ref.get("Wo"), ref.get("Bo"), output)), loss);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aWeightedStepMatchesNumpy(String name, Activation activation, Loss loss, String targets) throws IOException {
        Map<String, Matrix> ref = reference();
        Network net = network(ref, activation, loss);
        Matrix y = ref.get(targets);
        double[] w = ref.get("w").toArray();
        net.forward(ref.get("X"));
        double cost = net.backward(y, w);
        Layer hidden = net.layers().get(0);
        Layer output = net.layers().get(1);
        assertThat(cost).as("C").isCloseTo(ref.get(name + " C").get(0, 0), within(TOLERANCE));
        assertThat(net.cost(y, w)).as("cost(y, w)").isEqualTo(cost);
        double[] costs = new double[4];
        Layer out = net.outputLayer();
        loss.sampleCostsInto(out.weightedInput(), out.activations(), y, costs);
        assertClose(Matrix.row(costs), ref.get(name + " costs"), "Cᵢ");
        assertClose(output.error(), ref.get(name + " Eo"), "Eo");
        assertClose(hidden.error(), ref.get(name + " Eh"), "Eh");
        assertClose(output.weightGradient(), ref.get(name + " dWo"), "C′(Wo)");
        assertClose(output.biasGradient(), ref.get(name + " dBo"), "C′(Bo)");
        assertClose(hidden.weightGradient(), ref.get(name + " dWh"), "C′(Wh)");
        assertClose(hidden.biasGradient(), ref.get(name + " dBh"), "C′(Bh)");
        // the sample of weight 0 passes no error back
        assertThat(output.error().rowRange(2, 3).maxAbsDifference(Matrix.zeros(1, 3))).isZero();
    }

    private static void assertClose(Matrix actual, Matrix expected, String what) {
        assertThat(actual.shape()).as(what).isEqualTo(expected.shape());
        assertThat(actual.maxAbsDifference(expected)).as("%s: %s vs %s", what, actual, expected).isLessThan(TOLERANCE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theWeightedGradientIsThatOfTheWeightedCost(String name, Activation activation, Loss loss, String targets)
            throws IOException {
        Map<String, Matrix> ref = reference();
        Network net = network(ref, activation, loss);
        GradientCheck.Result r = GradientCheck.checkNetwork(net, ref.get("X"), ref.get(targets), ref.get("w").toArray());
        assertThat(r.maxRelativeError()).as("%s", r).isLessThan(1e-7);
    }

    // ------------------------------------------------------------ properties

    /** An output activation with a loss it pairs with, and the targets' form. */
    private record Head(Activation activation, Loss loss, String targets) {
    }

    private static final Head[] HEADS = {
        new Head(new Identity(), new MeanSquaredError(), "real"),
        new Head(new Sigmoid(), new MeanSquaredError(), "real"),
        new Head(new Identity(), new Huber(0.3), "real"),
        new Head(new Tanh(), new MeanAbsoluteError(), "real"),
        new Head(new Sigmoid(), new BinaryCrossEntropy(), "probabilities"),
        new Head(new Softmax(), new CrossEntropy(), "one-hot"),
        new Head(new Softmax(), new CrossEntropy(0.2), "indices"),
    };

    private static final Activation[] HIDDEN = {new ReLU(), new Tanh(), new Sigmoid(), new ELU(1.0)};

    static Stream<Long> seeds() {
        return LongStream.range(0, 60).boxed();
    }

    /** A random network (1–3 layers, random widths, hidden activations and head) with a batch for it. */
    private record Problem(Network network, Matrix x, Matrix y, int n) {

        static Problem random(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            Head head = HEADS[(int) (seed % HEADS.length)];
            int n = r.nextInt(1, 40);
            int in = r.nextInt(1, 7);
            int out = r.nextInt(2, 6);
            NetworkBuilder b = Network.builder().input(in).threads(1 + r.nextInt(2));
            for (int l = r.nextInt(0, 3); l > 0; l--) {
                b.dense(r.nextInt(1, 9), HIDDEN[r.nextInt(HIDDEN.length)]);
            }
            Network net = b.dense(out, head.activation).loss(head.loss).build(r);
            Matrix x = Matrix.zeros(n, in).fill(() -> r.nextDouble(-2, 2));
            Matrix y = switch (head.targets) {
                case "real" -> Matrix.zeros(n, out).fill(() -> r.nextDouble(-1, 1));
                case "probabilities" -> Matrix.zeros(n, out).fill(r::nextDouble);
                case "indices" -> Matrix.zeros(n, 1).fill(() -> r.nextInt(out));
                default -> {
                    Matrix oneHot = Matrix.zeros(n, out);
                    for (int i = 0; i < n; i++) {
                        oneHot.set(i, r.nextInt(out), 1.0);
                    }
                    yield oneHot;
                }
            };
            return new Problem(net, x, y, n);
        }

        /** The gradients and every layer's error after a pass, copied. */
        List<double[]> backward(double[] weights) {
            network.forward(x);
            if (weights == null) {
                network.backward(y);
            } else {
                network.backward(y, weights);
            }
            List<double[]> state = new ArrayList<>();
            state.add(network.flatGradient());
            for (Layer layer : network.layers()) {
                state.add(layer.error().toArray());
            }
            return state;
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void allOneWeightsGiveTheUnweightedGradientsBitForBit(long seed) {
        Problem p = Problem.random(seed);
        List<double[]> unweighted = p.backward(null);
        double[] ones = new double[p.n];
        Arrays.fill(ones, 1.0);
        List<double[]> weighted = p.backward(ones);
        for (int i = 0; i < unweighted.size(); i++) {
            // Σw = n exactly and wᵢ·Eᵢ = Eᵢ exactly: the same bits, not merely close ones
            assertThat(weighted.get(i)).as("%s, part %d", p.network, i).isEqualTo(unweighted.get(i));
        }
        p.network.forward(p.x);
        assertThat(p.network.cost(p.y, ones)).isCloseTo(p.network.cost(p.y), within(1e-12 * p.network.cost(p.y)));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void integerWeightsEqualRepeatingTheRows(long seed) {
        Problem p = Problem.random(seed);
        SplittableRandom r = new SplittableRandom(~seed);
        double[] w = new double[p.n];
        List<Integer> repeated = new ArrayList<>();
        for (int i = 0; i < p.n; i++) {
            w[i] = i == 0 ? 1 + r.nextInt(3) : r.nextInt(4); // 0 to 3 copies; row 0 at least once
            for (int c = 0; c < w[i]; c++) {
                repeated.add(i);
            }
        }
        p.network.forward(p.x);
        double weightedCost = p.network.backward(p.y, w);
        double[] weighted = p.network.flatGradient();
        Matrix x = rows(p.x, repeated);
        Matrix y = rows(p.y, repeated);
        p.network.forward(x);
        double repeatedCost = p.network.backward(y);
        double[] expected = p.network.flatGradient();
        assertThat(weightedCost).isCloseTo(repeatedCost, within(1e-12 * Math.max(1, repeatedCost)));
        for (int i = 0; i < expected.length; i++) {
            assertThat(weighted[i]).as("%s, gradient %d", p.network, i)
                    .isCloseTo(expected[i], within(1e-12 * Math.max(1, Math.abs(expected[i]))));
        }
    }

    private static Matrix rows(Matrix m, List<Integer> indices) {
        Matrix out = Matrix.zeros(indices.size(), m.cols());
        for (int i = 0; i < indices.size(); i++) {
            for (int c = 0; c < m.cols(); c++) {
                out.set(i, c, m.get(indices.get(i), c));
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sampleCostsAddUpToTheCostAndMatchTheDefaultOfALossOfYourOwn(long seed) {
        Problem p = Problem.random(seed);
        p.network.forward(p.x);
        Layer out = p.network.outputLayer();
        Loss loss = p.network.loss();
        double[] costs = new double[p.n];
        loss.sampleCostsInto(out.weightedInput(), out.activations(), p.y, costs);
        double sum = Arrays.stream(costs).sum();
        double cost = loss.cost(out.weightedInput(), out.activations(), p.y);
        assertThat(sum / p.n).isCloseTo(cost, within(1e-12 * Math.max(1, cost)));
        // the interface's default: each row's cost as a batch of one
        Loss own = new Loss() {
            @Override
            public String name() {
                return "own";
            }

            @Override
            public double cost(Matrix zo, Matrix o, Matrix y) {
                return loss.cost(zo, o, y);
            }

            @Override
            public void outputErrorInto(Matrix zo, Matrix o, Matrix y, Activation activation, Matrix eo) {
                loss.outputErrorInto(zo, o, y, activation, eo);
            }
        };
        double[] byDefault = new double[p.n];
        own.sampleCostsInto(out.weightedInput(), out.activations(), p.y, byDefault);
        assertThat(byDefault).isEqualTo(costs);
    }

    @Test
    void aWeightedEvaluationWeighsTheCostAndCountsTheMetricsOnce() {
        Problem p = Problem.random(5); // cross-entropy, one-hot
        SplittableRandom r = new SplittableRandom(3);
        int n = 2500; // three chunks of the evaluation
        Matrix x = Matrix.zeros(n, p.x.cols()).fill(() -> r.nextDouble(-2, 2));
        Matrix y = Matrix.zeros(n, p.network.outputSize());
        for (int i = 0; i < n; i++) {
            y.set(i, r.nextInt(y.cols()), 1.0);
        }
        double[] w = r.doubles(n, 0, 2).toArray();
        Evaluation weighted = p.network.evaluate(x, y, w);
        Evaluation plain = p.network.evaluate(x, y);
        p.network.forward(x);
        assertThat(weighted.cost()).isCloseTo(p.network.cost(y, w), within(1e-12));
        assertThat(weighted.cost()).isNotEqualTo(plain.cost());
        assertThat(weighted.accuracy()).isEqualTo(plain.accuracy());
        assertThat(weighted.confusion()).isEqualTo(plain.confusion());
    }

    // ------------------------------------------------------------ bad weights

    @Test
    void badWeightsAreRefusedNamingTheRule() {
        Network net = Network.builder().input(2).dense(2, new Softmax()).loss(new CrossEntropy())
                .build(new SplittableRandom(1));
        Matrix x = Matrix.of(3, 2, 1, 2, 3, 4, 5, 6);
        Matrix y = Matrix.column(0, 1, 1);
        net.forward(x);
        assertThatThrownBy(() -> net.backward(y, new double[] {1, 1})).isInstanceOf(ShapeException.class)
                .hasMessage("backward: 2 weights for a batch of 3 rows (one weight per sample)");
        assertThatThrownBy(() -> net.cost(y, new double[] {1, -0.5, 1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cost: weight 1 is -0.5; weights must be finite and ≥ 0");
        assertThatThrownBy(() -> net.backward(y, new double[] {1, 1, Double.NaN}))
                .hasMessage("backward: weight 2 is NaN; weights must be finite and ≥ 0");
        assertThatThrownBy(() -> net.backward(y, new double[] {Double.POSITIVE_INFINITY, 1, 1}))
                .hasMessageContaining("weight 0 is Infinity");
        assertThatThrownBy(() -> net.backward(y, new double[3])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backward: the 3 weights sum to 0; at least one must be > 0");
        assertThatThrownBy(() -> net.backward(y, new double[] {Double.MAX_VALUE, Double.MAX_VALUE, 0}))
                .hasMessageContaining("sum to Infinity");
        assertThatThrownBy(() -> net.backward(y, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("weights");
        assertThatThrownBy(() -> net.evaluate(x, y, new double[2])).isInstanceOf(ShapeException.class)
                .hasMessageContaining("evaluate: 2 weights");
        assertThat(net.backwardCount()).isZero(); // nothing was computed
        Network fresh = Network.builder().input(2).dense(2, new Softmax()).loss(new CrossEntropy())
                .build(new SplittableRandom(1));
        assertThatThrownBy(() -> fresh.backward(y, new double[] {1, 1, 1})).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("backward");
        fresh.forward(Matrix.zeros(0, 2));
        assertThatThrownBy(() -> fresh.backward(Matrix.zeros(0, 1), new double[0]))
                .hasMessageContaining("empty batch");
    }
}
