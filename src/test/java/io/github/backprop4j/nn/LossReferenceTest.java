package io.github.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Huber, mean absolute error and label-smoothed cross-entropy: cost and output error against
 * {@code src/test/resources/nn/losses.py} (numpy, from the PyTorch definitions in the library's batch
 * convention; output committed as {@code losses.out}), and the output error against finite differences of the
 * cost ({@link GradientCheck#checkLoss}).
 */
class LossReferenceTest {

    private static final Matrix ZO = Matrix.of(3, 3, 2.0, -1.0, 0.5, -0.3, 0.8, 0.1, 4.0, -2.0, -2.5);
    private static final Matrix Y = Matrix.of(3, 3, 0.5, 1.5, 0.25, -0.3, -0.9, 3.0, 0.0, -1.25, 0.4);
    private static final Matrix ONE_HOT = Matrix.of(3, 3, 0, 1, 0, 0, 0, 1, 1, 0, 0);
    private static final Matrix LABELS = Matrix.column(1, 2, 0);
    private static final Matrix SOFT = Matrix.of(3, 3, 0.2, 0.3, 0.5, 0.9, 0.1, 0, 0, 0, 1);

    /** The lines of losses.out: "case what" → values. */
    static Map<String, double[]> reference() throws IOException {
        String text;
        try (InputStream in = LossReferenceTest.class.getResourceAsStream("/nn/losses.out")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, double[]> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.split(" ");
            values.put(f[0] + " " + f[1], Arrays.stream(f, 2, f.length).mapToDouble(Double::parseDouble).toArray());
        }
        return values;
    }

    /** A case of losses.py: its name, the loss, the output activation and the targets. */
    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (Activation a : new Activation[] {new Identity(), new Tanh(), new Sigmoid()}) {
            for (double delta : new double[] {1.0, 0.5}) {
                cases.add(Arguments.of("huber(" + delta + ")/" + a.name(), new Huber(delta), a, Y));
            }
            cases.add(Arguments.of("mae/" + a.name(), new MeanAbsoluteError(), a, Y));
        }
        for (double eps : new double[] {0.0, 0.1, 0.35}) {
            CrossEntropy ce = new CrossEntropy(eps);
            cases.add(Arguments.of("cross-entropy(" + eps + ")/one-hot", ce, new Softmax(), ONE_HOT));
            cases.add(Arguments.of("cross-entropy(" + eps + ")/indices", ce, new Softmax(), LABELS));
            cases.add(Arguments.of("cross-entropy(" + eps + ")/soft", ce, new Softmax(), SOFT));
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void costAndOutputErrorMatchNumpy(String name, Loss loss, Activation activation, Matrix y) throws IOException {
        Map<String, double[]> ref = reference();
        assertThat(ref).containsKey(name + " cost");
        Matrix o = activation.apply(ZO);
        assertClose(new double[] {loss.cost(ZO, o, y)}, ref.get(name + " cost"), name + " cost");
        Matrix eo = Matrix.zeros(3, 3);
        loss.outputErrorInto(ZO, o, y, activation, eo);
        assertClose(eo.toArray(), ref.get(name + " eo"), name + " Eo");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outputErrorIsTheGradientOfTheCost(String name, Loss loss, Activation activation, Matrix y) {
        // Y's (1, 0) equals the identity's output there: a kink of |d|, which finite differences straddle
        Matrix target = y == Y ? Y.plus(Matrix.of(3, 3, 0, 0, 0, 0.125, 0, 0, 0, 0, 0)) : y;
        GradientCheck.Result r = GradientCheck.checkLoss(loss, activation, ZO, target);
        assertThat(r.checked()).isEqualTo(9);
        assertThat(r.maxRelativeError()).as("%s: %s", name, r).isLessThan(1e-7);
    }

    @Test
    void everyReferenceLineIsTested() throws IOException {
        assertThat(reference()).hasSize(2 * (int) cases().count());
    }

    private static void assertClose(double[] actual, double[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i])).as("%s[%d]: %s, expected %s", what, i, actual[i],
                    expected[i]).isLessThanOrEqualTo(1e-15 * Math.max(1, Math.abs(expected[i])));
        }
    }

    /** Huber equals the seed's half squared error while every residual is within δ, at any δ above them. */
    @Test
    void huberIsTheSquaredErrorInsideDelta() {
        Matrix o = new Identity().apply(ZO);
        double mse = new MeanSquaredError().cost(ZO, o, Y);
        assertThat(new Huber(10).cost(ZO, o, Y)).isEqualTo(mse);
        Matrix huberEo = Matrix.zeros(3, 3);
        Matrix mseEo = Matrix.zeros(3, 3);
        new Huber(10).outputErrorInto(ZO, o, Y, new Identity(), huberEo);
        new MeanSquaredError().outputErrorInto(ZO, o, Y, new Identity(), mseEo);
        assertThat(huberEo).isEqualTo(mseEo);
    }

    /** With ε = 0, label smoothing changes no bit, also for the huge scores whose cost is ∞. */
    @Test
    void noSmoothingIsPlainCrossEntropyBitForBit() {
        SplittableRandom random = new SplittableRandom(5);
        Matrix zo = Matrix.zeros(6, 4);
        for (int i = 0; i < zo.size(); i++) {
            zo.backingArray()[i] = random.nextDouble(-30, 30);
        }
        zo.set(5, 2, Double.NEGATIVE_INFINITY);
        Matrix labels = Matrix.column(0, 1, 2, 3, 1, 2);
        Matrix o = new Softmax().apply(zo);
        CrossEntropy plain = new CrossEntropy();
        assertThat(plain).isEqualTo(new CrossEntropy(0.0));
        assertThat(plain.cost(zo, o, labels)).isInfinite();
        Matrix eo = Matrix.zeros(6, 4);
        plain.outputErrorInto(zo, o, labels, new Softmax(), eo);
        Matrix expected = o.copy();
        for (int i = 0; i < 6; i++) {
            expected.set(i, (int) labels.get(i, 0), expected.get(i, (int) labels.get(i, 0)) - 1);
        }
        assertThat(eo).isEqualTo(expected);
    }

    @Test
    void badParametersAndShapesAreRefused() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new Huber(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("huber: delta must be finite and > 0, got " + bad);
        }
        for (double bad : new double[] {-0.1, 1.0, Double.NaN}) {
            assertThatThrownBy(() -> new CrossEntropy(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cross-entropy: labelSmoothing must be in [0, 1), got " + bad);
        }
        Matrix o = new Identity().apply(ZO);
        for (Loss loss : new Loss[] {new Huber(1), new MeanAbsoluteError()}) {
            assertThatThrownBy(() -> loss.cost(ZO, o, Matrix.zeros(3, 2))).isInstanceOf(ShapeException.class)
                    .hasMessageContaining(loss.name() + ": targets are 3×2 but the network's output is 3×3");
            assertThatThrownBy(() -> loss.outputErrorInto(ZO, o, Matrix.zeros(2, 3), new Identity(),
                    Matrix.zeros(3, 3))).isInstanceOf(ShapeException.class).hasMessageContaining(loss.name());
        }
        assertThatThrownBy(() -> new CrossEntropy(0.1).outputErrorInto(ZO, new Softmax().apply(ZO), LABELS,
                new Softmax(), Matrix.zeros(3, 2))).isInstanceOf(ShapeException.class);
    }

    @Test
    void namesAndDescriptions() {
        assertThat(new Huber(1.5).name()).isEqualTo("huber");
        assertThat(new Huber(1.5)).hasToString("Huber(1.5)");
        assertThat(new MeanAbsoluteError().name()).isEqualTo("mae");
        assertThat(new CrossEntropy(0.1).name()).isEqualTo("cross-entropy");
        assertThat(new CrossEntropy(0.1)).hasToString("CrossEntropy(labelSmoothing=0.1)");
        assertThat(new CrossEntropy()).hasToString("CrossEntropy");
    }

    /** Regression with either loss trains a network; a smoothed classifier still learns the classes. */
    @Test
    void theNewLossesTrain() {
        Matrix x = Matrix.of(4, 2, 0, 0, 0, 1, 1, 0, 1, 1);
        for (Loss loss : new Loss[] {new Huber(0.5), new MeanAbsoluteError()}) {
            Network net = Network.builder().input(2).dense(8, new Tanh()).dense(1, new Identity()).loss(loss)
                    .build(new SplittableRandom(3));
            double first = net.evaluate(x, Matrix.column(0, 1, 1, 0)).cost();
            train(net, x, Matrix.column(0, 1, 1, 0), 0.1, 400);
            assertThat(net.evaluate(x, Matrix.column(0, 1, 1, 0)).cost()).as("%s", loss).isLessThan(first / 2);
        }
        Network net = Network.builder().input(2).dense(8, new Tanh()).dense(2, new Softmax())
                .loss(new CrossEntropy(0.1)).build(new SplittableRandom(3));
        train(net, x, Matrix.column(0, 1, 1, 0), 0.5, 400);
        assertThat(net.evaluate(x, Matrix.column(0, 1, 1, 0)).accuracy()).isEqualTo(1.0);
        // the smoothed targets keep the probabilities away from 1: at best 1 − ε + ε/k = 0.95
        assertThat(Arrays.stream(net.predict(x).toArray()).max().orElseThrow()).isLessThan(0.97);
    }

    private static void train(Network net, Matrix x, Matrix y, double rate, int steps) {
        for (int step = 0; step < steps; step++) {
            net.forward(x);
            net.backward(y);
            for (Parameter p : net.parameters()) {
                p.value().minusInPlace(p.gradient().scale(rate));
            }
        }
    }
}
