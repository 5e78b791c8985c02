package io.github.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.backprop4j.examples.SeedExample;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.optim.SgdOptimizer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed's two-layer ReLU network (X 3×1, Wh 1×2, Bh 1×2, Wo 2×2, Bo 1×2), one forward pass, one backward
 * pass and one SGD step. The numbers were chosen so that some units are active and some not, and some
 * outputs are above their targets and some below. Every expected value below is the output of
 * {@code src/test/resources/reference/seed_example.py} (numpy), pasted as printed; the output is committed
 * beside the script as {@code seed_example.out}.
 */
class SeedExampleTest {

    private static final double TOLERANCE = 1e-12;

    private final Matrix x = SeedExample.x();
    private final Matrix y = SeedExample.y();
    private Network network;
    private Layer hidden;
    private Layer output;

    @BeforeEach
    void buildTheSeedsNetwork() {
        // the network the runnable SeedExample prints the trace of: one definition for both
        network = SeedExample.network();
        hidden = network.layers().get(0);
        output = network.layers().get(1);
        assertThat(hidden.weights()).isEqualTo(Matrix.of(1, 2, 0.5, -0.8));
        assertThat(hidden.biases()).isEqualTo(Matrix.row(0.1, 0.2));
        assertThat(output.weights()).isEqualTo(Matrix.of(2, 2, 0.7, -0.3, 0.4, 0.9));
        assertThat(output.biases()).isEqualTo(Matrix.row(-0.1, 0.05));
        assertThat(network.loss()).isInstanceOf(MeanSquaredError.class);
        assertThat(hidden.activation()).isInstanceOf(ReLU.class);
        assertThat(output.activation()).isInstanceOf(ReLU.class);
    }

    private static void assertClose(Matrix actual, int rows, int cols, double... expected) {
        assertThat(actual.rows()).isEqualTo(rows);
        assertThat(actual.cols()).isEqualTo(cols);
        assertThat(actual.maxAbsDifference(Matrix.of(rows, cols, expected))).as("%s", actual).isLessThan(TOLERANCE);
    }

    @Test
    void forwardPassGivesZhHZoO() {
        Matrix o = network.forward(x);
        // Zh = X·Wh + Bh  (3×2: the seed's table prints (1, 2), a typo)
        assertClose(hidden.weightedInput(), 3, 2, 0.6, -0.6000000000000001, 1.1, -1.4000000000000001, -0.4, 1.0);
        // H = R(Zh)
        assertClose(hidden.activations(), 3, 2, 0.6, 0.0, 1.1, 0.0, 0.0, 1.0);
        // Zo = H·Wo + Bo
        assertClose(output.weightedInput(), 3, 2, 0.31999999999999995, -0.13, 0.67, -0.28, 0.30000000000000004,
                0.9500000000000001);
        // O = R(Zo)
        assertClose(o, 3, 2, 0.31999999999999995, 0.0, 0.67, 0.0, 0.30000000000000004, 0.9500000000000001);
    }

    @Test
    void backwardPassGivesCostErrorsAndGradients() {
        network.forward(x);
        double cost = network.backward(y);
        assertThat(cost).isCloseTo(0.05363333333333334, within(TOLERANCE));
        assertThat(network.cost(y)).isEqualTo(cost);
        // Eo = (ŷ − y) ⊙ R′(Zo)
        assertClose(output.error(), 3, 2, -0.18000000000000005, -0.0, 0.37000000000000005, 0.0,
                0.20000000000000004, -0.2499999999999999);
        // Eh = (Eo · Woᵀ) ⊙ R′(Zh)
        assertClose(hidden.error(), 3, 2, -0.12600000000000003, -0.0, 0.259, 0.0, 0.0, -0.14499999999999988);
        // C′(Wo) = (1/n)·Hᵀ·Eo, C′(Bo) = (1/n)·Σ Eo
        assertClose(output.weightGradient(), 2, 2, 0.09966666666666668, 0.0, 0.06666666666666668,
                -0.0833333333333333);
        assertClose(output.biasGradient(), 1, 2, 0.13, -0.0833333333333333);
        // C′(Wh) = (1/n)·Xᵀ·Eh, C′(Bh) = (1/n)·Σ Eh
        assertClose(hidden.weightGradient(), 1, 2, 0.13066666666666668, 0.04833333333333329);
        assertClose(hidden.biasGradient(), 1, 2, 0.04433333333333333, -0.04833333333333329);
    }

    @Test
    void oneSgdStepMovesEveryWeightAgainstItsGradient() {
        network.forward(x);
        network.backward(y);
        new SgdOptimizer(0.1).step(network);
        // W ← W − η·C′(W), η = 0.1
        assertClose(hidden.weights(), 1, 2, 0.48693333333333333, -0.8048333333333334);
        assertClose(hidden.biases(), 1, 2, 0.09556666666666667, 0.20483333333333334);
        assertClose(output.weights(), 2, 2, 0.6900333333333333, -0.3, 0.39333333333333337, 0.9083333333333333);
        assertClose(output.biases(), 1, 2, -0.113, 0.058333333333333334);
    }

    @Test
    void theStepLowersTheCost() {
        network.forward(x);
        double before = network.backward(y);
        new SgdOptimizer(0.1).step(network);
        network.forward(x);
        assertThat(network.cost(y)).isLessThan(before);
    }

    @Test
    void theReadableFormsOfTheEquationsGiveTheSameNumbersBitForBit() {
        // The equations written one line each with allocating Matrix operations: the reference the
        // layer code (which reuses buffers) is tested against.
        ReLU r = new ReLU();
        Matrix wh = hidden.weights().copy();
        Matrix bh = hidden.biases().copy();
        Matrix wo = output.weights().copy();
        Matrix bo = output.biases().copy();
        Matrix zh = x.times(wh).plusRow(bh);                               // Zh = X·Wh + Bh
        Matrix h = r.apply(zh);                                            // H = R(Zh)
        Matrix zo = h.times(wo).plusRow(bo);                               // Zo = H·Wo + Bo
        Matrix o = r.apply(zo);                                            // O = R(Zo)
        Matrix eo = o.minus(y).hadamard(r.derivative(zo));                 // Eo = (ŷ − y) ⊙ R′(Zo)
        Matrix eh = eo.timesTranspose(wo).hadamard(r.derivative(zh));      // Eh = (Eo · Woᵀ) ⊙ R′(Zh)
        double n = x.rows();
        Matrix dWo = h.transposeTimes(eo).scale(1 / n);                    // C′(Wo) = (1/n)·Hᵀ·Eo
        Matrix dWh = x.transposeTimes(eh).scale(1 / n);                    // C′(Wh) = (1/n)·Xᵀ·Eh

        assertThat(network.forward(x)).isEqualTo(o);
        network.backward(y);
        assertThat(output.error()).isEqualTo(eo);
        assertThat(hidden.error()).isEqualTo(eh);
        assertThat(output.weightGradient()).isEqualTo(dWo);
        assertThat(hidden.weightGradient()).isEqualTo(dWh);
        assertThat(output.biasGradient()).isEqualTo(eo.columnSums().scale(1 / n));
        assertThat(hidden.biasGradient()).isEqualTo(eh.columnSums().scale(1 / n));
    }
}
