package io.github.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.backprop4j.matrix.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backpropagation against central finite differences: every weight and every bias of random networks
 * (1–4 layers, random widths, every activation in the hidden layers, every output/loss pairing).
 */
class GradientCheckTest {

    private static final double TOLERANCE = 1e-6;

    private static final Activation[] HIDDEN = {new ReLU(), new LeakyReLU(0.1), new Identity(), new Sigmoid(),
        new Tanh(), new ELU(0.7), GELU.exact(), GELU.tanh(), new SiLU(), new Softplus()};

    /** An output activation with a loss it pairs with. */
    private record Head(Activation activation, Loss loss, boolean classIndices) {
    }

    private static final Head[] HEADS = {
        new Head(new Identity(), new MeanSquaredError(), false),
        new Head(new Sigmoid(), new MeanSquaredError(), false),
        new Head(new Tanh(), new MeanSquaredError(), false),
        new Head(new ReLU(), new MeanSquaredError(), false),
        new Head(new LeakyReLU(0.2), new MeanSquaredError(), false),
        new Head(new Softmax(), new CrossEntropy(), false),
        new Head(new Softmax(), new CrossEntropy(), true),
        new Head(new Sigmoid(), new BinaryCrossEntropy(), false),
        new Head(new Identity(), new Huber(0.5), false),
        new Head(new Tanh(), new MeanAbsoluteError(), false),
        new Head(new Softmax(), new CrossEntropy(0.1), false),
        new Head(new Softmax(), new CrossEntropy(0.1), true),
    };

    static Stream<Arguments> networks() {
        // every hidden activation with every head, and random depths and widths
        List<Arguments> cases = new ArrayList<>();
        long seed = 7;
        for (int round = 0; round < 3; round++) {
        for (Activation hidden : HIDDEN) {
            for (Head head : HEADS) {
                cases.add(Arguments.of(hidden, head, seed++));
            }
        }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} hidden, {1}")
    @MethodSource("networks")
    void everyWeightAndBiasMatchesFiniteDifferences(Activation hidden, Head head, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int attempt = 0; ; attempt++) {
            int depth = random.nextInt(1, 5);
            int n = random.nextInt(1, 6);
            int in = random.nextInt(1, 6);
            int out = head.activation instanceof Softmax ? random.nextInt(2, 5) : random.nextInt(1, 5);
            NetworkBuilder builder = Network.builder().input(in);
            for (int l = 0; l < depth - 1; l++) {
                builder.dense(random.nextInt(1, 7), hidden, Initializer.xavierNormal());
            }
            Network net = builder.dense(out, head.activation, Initializer.xavierNormal()).loss(head.loss)
                    .build(random);
            randomizeBiases(net, random);
            Matrix x = uniform(random, n, in, -1.5, 1.5);
            Matrix y = targets(random, head, n, out);
            if (nearAKink(net, x) && attempt < 50) {
                continue; // a ReLU or ELU input within 1e-3 of 0: finite differences would straddle the kink
            }
            GradientCheck.Result result = GradientCheck.checkNetwork(net, x, y);
            assertThat(result.checked()).isEqualTo((int) net.parameterCount());
            assertThat(result.maxRelativeError()).as("%s: %s", net, result).isLessThan(TOLERANCE);
            // and weighted: Eo carrying wᵢ and the divisor Σw give the gradient of Σᵢ wᵢ Cᵢ / Σw
            double[] weights = random.doubles(n, 0, 3).toArray();
            weights[random.nextInt(n)] = n > 1 ? 0.0 : 0.5; // a sample that does not count
            GradientCheck.Result weighted = GradientCheck.checkNetwork(net, x, y, weights);
            assertThat(weighted.checked()).isEqualTo((int) net.parameterCount());
            assertThat(weighted.maxRelativeError()).as("weighted %s: %s", net, weighted).isLessThan(TOLERANCE);
            return;
        }
    }

    private static void randomizeBiases(Network net, SplittableRandom random) {
        for (Layer layer : net.layers()) {
            double[] b = layer.biases().backingArray();
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextDouble(-0.5, 0.5);
            }
        }
    }

    private static Matrix uniform(SplittableRandom random, int rows, int cols, double lo, double hi) {
        Matrix m = Matrix.zeros(rows, cols);
        double[] d = m.backingArray();
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextDouble(lo, hi);
        }
        return m;
    }

    private static Matrix targets(SplittableRandom random, Head head, int n, int out) {
        if (head.loss instanceof CrossEntropy) {
            Matrix y = head.classIndices ? Matrix.zeros(n, 1) : Matrix.zeros(n, out);
            for (int i = 0; i < n; i++) {
                int label = random.nextInt(out);
                if (head.classIndices) {
                    y.set(i, 0, label);
                } else {
                    y.set(i, label, 1.0);
                }
            }
            return y;
        }
        if (head.loss instanceof BinaryCrossEntropy) {
            return uniform(random, n, out, 0, 1);
        }
        return uniform(random, n, out, -1, 1);
    }

    private static boolean nearAKink(Network net, Matrix x) {
        net.forward(x);
        for (Layer layer : net.layers()) {
            if (layer.activation() instanceof ReLU || layer.activation() instanceof LeakyReLU
                    || layer.activation() instanceof ELU) {
                for (double z : layer.weightedInput().backingArray()) {
                    if (Math.abs(z) < 1e-3) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    // ------------------------------------------------------------ activations and losses alone

    static Stream<Activation> elementwiseActivations() {
        return Stream.of(new ReLU(), new LeakyReLU(0.01), new Identity(), new Sigmoid(), new Tanh(),
                Activation.elementwise("softplus", z -> Math.log1p(Math.exp(z)), z -> Sigmoid.sigmoid(z)));
    }

    @ParameterizedTest
    @MethodSource("elementwiseActivations")
    void activationDerivativesMatchFiniteDifferences(Activation activation) {
        // points away from 0, where ReLU has its kink
        Matrix z = Matrix.of(2, 4, -3.0, -1.2, -0.4, -0.05, 0.05, 0.4, 1.2, 3.0);
        GradientCheck.Result result = GradientCheck.checkActivation(activation, z);
        assertThat(result.checked()).isEqualTo(8);
        assertThat(result.maxRelativeError()).as("%s", result).isLessThan(1e-7);
    }

    @Test
    void lossGradientsMatchFiniteDifferences() {
        Matrix zo = Matrix.of(3, 3, 2.0, -1.0, 0.5, -0.3, 0.8, 0.1, 4.0, -2.0, -2.5);
        Matrix oneHot = Matrix.of(3, 3, 0, 1, 0, 0, 0, 1, 1, 0, 0);
        Matrix soft = Matrix.of(3, 3, 0.2, 0.3, 0.5, 0.9, 0.1, 0, 0, 0, 1);
        assertThat(GradientCheck.checkLoss(new CrossEntropy(), new Softmax(), zo, oneHot).maxRelativeError())
                .isLessThan(1e-7);
        assertThat(GradientCheck.checkLoss(new CrossEntropy(), new Softmax(), zo, Matrix.column(1, 2, 0))
                .maxRelativeError()).isLessThan(1e-7);
        assertThat(GradientCheck.checkLoss(new BinaryCrossEntropy(), new Sigmoid(), zo, soft).maxRelativeError())
                .isLessThan(1e-7);
        assertThat(GradientCheck.checkLoss(new MeanSquaredError(), new Tanh(), zo, soft).maxRelativeError())
                .isLessThan(1e-7);
    }

    @Test
    void aWrongDerivativeIsCaught() {
        // The sigmoid derivative with 0.1 added, as one Java library does by default: not the gradient.
        Activation wrong = Activation.elementwise("sigmoid+0.1", Sigmoid::sigmoid,
                z -> Sigmoid.sigmoid(z) * (1 - Sigmoid.sigmoid(z)) + 0.1);
        GradientCheck.Result result = GradientCheck.checkActivation(wrong, Matrix.row(-1, 0.5, 2));
        assertThat(result.passed(1e-3)).isFalse();
        assertThat(result.toString()).contains("sigmoid+0.1");

        Network net = Network.builder().input(2).dense(3, wrong).dense(1, new Identity()).build(new SplittableRandom(1));
        GradientCheck.Result netResult = GradientCheck.checkNetwork(net, Matrix.of(2, 2, 0.3, -0.7, 1.1, 0.2),
                Matrix.column(0.5, -0.5));
        assertThat(netResult.maxRelativeError()).isGreaterThan(1e-3);
        assertThat(netResult.where()).startsWith("layers.0.");
    }

    @Test
    void theCheckRestoresTheParametersExactly() {
        Network net = Network.builder().input(3).dense(4, new Tanh()).dense(2, new Sigmoid())
                .build(new SplittableRandom(3));
        List<Matrix> before = net.parameters().stream().map(p -> p.value().copy()).toList();
        GradientCheck.checkNetwork(net, Matrix.of(1, 3, 0.1, 0.2, 0.3), Matrix.row(0, 1));
        assertThat(net.parameters().stream().map(Parameter::value).toList()).isEqualTo(before);
    }

    @Test
    void refusesWhatItCannotCheck() {
        Network withDropout = Network.builder().input(2).dense(3, new Tanh()).dropout(0.5).dense(1, new Identity())
                .build(new SplittableRandom(1));
        assertThatThrownBy(() -> GradientCheck.checkNetwork(withDropout, Matrix.zeros(1, 2), Matrix.zeros(1, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dropout");
        assertThatThrownBy(() -> GradientCheck.checkActivation(new Softmax(), Matrix.zeros(1, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not element-wise");
    }

}
