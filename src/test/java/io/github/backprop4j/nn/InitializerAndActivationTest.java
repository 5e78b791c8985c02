package io.github.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.backprop4j.matrix.Matrix;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InitializerAndActivationTest {

    static Stream<Arguments> initializers() {
        // fan-in 400, fan-out 200: the variance each initializer promises
        return Stream.of(
                Arguments.of(Initializer.heNormal(), 2.0 / 400),
                Arguments.of(Initializer.heUniform(), 2.0 / 400),
                Arguments.of(Initializer.xavierNormal(), 2.0 / 600),
                Arguments.of(Initializer.xavierUniform(), 2.0 / 600),
                Arguments.of(Initializer.lecunNormal(), 1.0 / 400));
    }

    @ParameterizedTest
    @MethodSource("initializers")
    void randomInitializersHaveZeroMeanAndThePromisedVariance(Initializer init, double variance) {
        Matrix w = Matrix.zeros(400, 200);
        init.initialize(w, new SplittableRandom(1));
        double[] v = w.backingArray();
        double mean = w.sum() / v.length;
        double sq = 0;
        for (double x : v) {
            sq += (x - mean) * (x - mean);
        }
        // 80,000 draws: the sample variance is within about 1 % of the true one
        assertThat(mean).isCloseTo(0.0, within(4 * Math.sqrt(variance / v.length)));
        assertThat(sq / v.length).isCloseTo(variance, within(0.03 * variance));
        if (init.name().endsWith("uniform")) {
            double limit = Math.sqrt(3 * variance);
            for (double x : v) {
                assertThat(Math.abs(x)).isLessThanOrEqualTo(limit);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameWeightsAndNetworks() {
        Matrix a = Matrix.zeros(30, 20);
        Matrix b = Matrix.zeros(30, 20);
        Initializer.heNormal().initialize(a, new SplittableRandom(9));
        Initializer.heNormal().initialize(b, new SplittableRandom(9));
        assertThat(a).isEqualTo(b);
        Network n1 = Network.builder().input(5).dense(7, new ReLU()).dense(2, new Sigmoid()).build(new SplittableRandom(3));
        Network n2 = Network.builder().input(5).dense(7, new ReLU()).dense(2, new Sigmoid()).build(new SplittableRandom(3));
        assertThat(n1.flatParameters()).isEqualTo(n2.flatParameters());
        // biases start at zero
        assertThat(n1.layers().get(0).biases()).isEqualTo(Matrix.zeros(1, 7));
    }

    @Test
    void constantInitializersAndDefaults() {
        Matrix w = Matrix.filled(2, 2, 9);
        Initializer.zeros().initialize(w, new SplittableRandom(1));
        assertThat(w).isEqualTo(Matrix.zeros(2, 2));
        Initializer.constant(0.5).initialize(w, new SplittableRandom(1));
        assertThat(w).isEqualTo(Matrix.filled(2, 2, 0.5));
        assertThat(Initializer.constant(0.5).name()).isEqualTo("constant(0.5)");
        assertThatThrownBy(() -> Initializer.constant(Double.NaN)).hasMessageContaining("must be finite");
        assertThat(Initializer.defaultFor(new ReLU()).name()).isEqualTo("he-normal");
        assertThat(Initializer.defaultFor(new LeakyReLU(0.1)).name()).isEqualTo("he-normal");
        assertThat(Initializer.defaultFor(new Tanh()).name()).isEqualTo("xavier-uniform");
        assertThat(Initializer.defaultFor(new Softmax()).name()).isEqualTo("xavier-uniform");
    }

    @Test
    void activationValuesWorkedByHand() {
        Matrix z = Matrix.row(-2, -0.0, 0, 3);
        assertThat(new ReLU().apply(z)).isEqualTo(Matrix.row(0, 0, 0, 3));
        assertThat(new ReLU().derivative(z)).isEqualTo(Matrix.row(0, 0, 0, 1)); // R′(0) = 0
        assertThat(new LeakyReLU(0.1).apply(z)).isEqualTo(Matrix.row(-0.2, -0.0, 0, 3));
        assertThat(new LeakyReLU(0.1).derivative(z)).isEqualTo(Matrix.row(0.1, 0.1, 0.1, 1));
        assertThat(new Identity().apply(z)).isEqualTo(z);
        assertThat(new Identity().derivative(z)).isEqualTo(Matrix.row(1, 1, 1, 1));
        assertThat(new Sigmoid().apply(Matrix.row(0)).get(0, 0)).isEqualTo(0.5);
        assertThat(new Sigmoid().apply(Matrix.row(2)).get(0, 0)).isCloseTo(1 / (1 + Math.exp(-2)), within(1e-16));
        assertThat(new Sigmoid().apply(Matrix.row(-2)).get(0, 0)).isCloseTo(1 / (1 + Math.exp(2)), within(1e-16));
        assertThat(new Tanh().derivative(Matrix.row(0.5)).get(0, 0))
                .isCloseTo(1 - Math.tanh(0.5) * Math.tanh(0.5), within(1e-16));
        assertThat(new ReLU().apply(Matrix.row(Double.NaN)).get(0, 0)).isNaN();
    }

    @Test
    void rectifierDerivativesAreExactAtTheEdgesOfTheDoubles() {
        double tiny = Double.MIN_VALUE; // 2^−1074, the smallest positive double
        Matrix z = Matrix.row(tiny, -tiny, 0.0, -0.0, Double.MAX_VALUE, -Double.MAX_VALUE,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-310, -1e-310, Double.NaN);
        double nan = Double.NaN;
        assertThat(new ReLU().derivative(z).toArray())
                .containsExactly(1, 0, 0, 0, 1, 0, 1, 0, 1, 0, nan);
        assertThat(new LeakyReLU(0.25).derivative(z).toArray())
                .containsExactly(1, 0.25, 0.25, 0.25, 1, 0.25, 1, 0.25, 1, 0.25, nan);
        // the zeros are +0, so an error times R′ keeps the sign rules of plain multiplication
        assertThat(Double.doubleToRawLongBits(new ReLU().derivative(Matrix.row(-0.0)).get(0, 0))).isZero();
        // the fused g ⊙ R′(z) gives the same bits as the two steps
        for (Activation f : new Activation[] {new ReLU(), new LeakyReLU(0.01)}) {
            Matrix g = Matrix.row(-1.5, 2, 3, -4, 5, 6, 7, 8, -9, 10, 11);
            Matrix fused = g.copy();
            f.multiplyByDerivative(z, f.apply(z), fused);
            assertThat(fused.toArray()).as(f.name()).containsExactly(g.hadamard(f.derivative(z)).toArray());
        }
        assertThat(new LeakyReLU(0.25).apply(Matrix.row(-tiny, -8, 8, nan)).toArray())
                .containsExactly(-0.0, -2, 8, nan);
    }

    @Test
    void softmaxRowsAreProbabilitiesEvenForHugeScores() {
        Matrix p = new Softmax().apply(Matrix.of(3, 3, 1, 2, 3, 1000, 1001, 1002, -1000, 0, -1000));
        // e^(z − max) / Σ: the first two rows are the same distribution, shifted by 999
        assertThat(p.get(0, 2)).isCloseTo(Math.exp(0) / (Math.exp(-2) + Math.exp(-1) + 1), within(1e-15));
        assertThat(p.rowRange(1, 2).maxAbsDifference(p.rowRange(0, 1))).isLessThan(1e-15);
        assertThat(p.get(2, 1)).isEqualTo(1.0);
        for (int r = 0; r < 3; r++) {
            assertThat(p.rowRange(r, r + 1).sum()).isCloseTo(1.0, within(1e-15));
        }
        assertThat(new Softmax().isElementwise()).isFalse();
    }

    @Test
    void namesAndDescriptions() {
        assertThat(new ReLU().name()).isEqualTo("relu");
        assertThat(new LeakyReLU(0.01)).hasToString("LeakyReLU(0.01)");
        assertThat(new CrossEntropy().name()).isEqualTo("cross-entropy");
        assertThat(new BinaryCrossEntropy().name()).isEqualTo("binary-cross-entropy");
        assertThat(new MeanSquaredError().name()).isEqualTo("mse");
        assertThat(Activation.elementwise("cube", z -> z * z * z, z -> 3 * z * z)).hasToString("cube");
    }
}
