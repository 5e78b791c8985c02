package io.github.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.backprop4j.matrix.Matrix;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Inverted dropout: the mask on the way forward, the same mask on the way back, none at inference. */
class DropoutTest {

    /** A generator that starts its sequence again on {@link #reset}, so every forward pass draws the same mask. */
    private static final class Replay implements RandomGenerator {
        private final long seed;
        private SplittableRandom inner;

        Replay(long seed) {
            this.seed = seed;
            reset();
        }

        void reset() {
            inner = new SplittableRandom(seed);
        }

        @Override
        public long nextLong() {
            return inner.nextLong();
        }
    }

    @Test
    void theMaskDropsAboutPAndScalesTheRestByOneOverOneMinusP() {
        // weights 1 and bias 1 on an input of zeros: every R(Z) is exactly 1
        Layer layer = new Layer(Matrix.filled(3, 200, 1), Matrix.filled(1, 200, 1), new ReLU(), 0.25,
                new SplittableRandom(4));
        Matrix a = layer.forward(Matrix.zeros(50, 3));
        int dropped = 0;
        for (double v : a.backingArray()) {
            assertThat(v).isIn(0.0, 1 / 0.75);
            if (v == 0.0) {
                dropped++;
            }
        }
        // 10,000 units, p = 0.25: 2,500 expected, sd about 43
        assertThat(dropped).isBetween(2300, 2700);
        assertThat(layer.predict(Matrix.zeros(50, 3))).isEqualTo(Matrix.filled(50, 200, 1));
    }

    @Test
    void predictionIgnoresDropout() {
        Network withDropout = Network.builder().input(4).dense(8, new Tanh()).dropout(0.5).dense(2, new Sigmoid())
                .build(new SplittableRandom(2));
        Network without = Network.builder().input(4).dense(8, new Tanh()).dense(2, new Sigmoid())
                .build(new SplittableRandom(2));
        without.setFlatParameters(withDropout.flatParameters());
        Matrix x = Matrix.of(2, 4, 0.1, 0.2, 0.3, 0.4, -1, 0, 1, 2);
        assertThat(withDropout.predict(x)).isEqualTo(without.predict(x));
        assertThat(withDropout.forward(x)).isNotEqualTo(without.forward(x));
    }

    @Test
    void backpropagationThroughAFixedMaskMatchesFiniteDifferences() {
        Replay replay = new Replay(11);
        SplittableRandom init = new SplittableRandom(5);
        Layer hidden = Layer.dense(3, 6, new Tanh(), Initializer.xavierNormal(), 0.4, replay);
        Layer hidden2 = Layer.dense(6, 5, new Sigmoid(), Initializer.xavierNormal(), 0.3, replay);
        Layer output = Layer.dense(5, 2, new Identity(), Initializer.xavierNormal(), 0.0, init);
        Network net = new Network(List.of(hidden, hidden2, output), new MeanSquaredError());
        Matrix x = Matrix.of(4, 3, 0.5, -1, 0.2, 1.2, 0.3, -0.7, -0.4, 0.9, 0.1, 0.8, -0.2, 0.6);
        Matrix y = Matrix.of(4, 2, 0.1, -0.3, 0.5, 0.2, -0.6, 0.4, 0.3, 0.0);

        replay.reset();
        net.forward(x);
        net.backward(y);
        double[] analytic = new double[(int) net.parameterCount()];
        int offset = 0;
        for (Parameter p : net.parameters()) {
            double[] g = p.gradient().backingArray();
            System.arraycopy(g, 0, analytic, offset, g.length);
            offset += g.length;
        }
        double[] values = net.flatParameters();
        double worst = 0;
        double h = 1e-5;
        for (int i = 0; i < values.length; i++) {
            double saved = values[i];
            values[i] = saved + h;
            double plus = costAt(net, values, replay, x, y);
            values[i] = saved - h;
            double minus = costAt(net, values, replay, x, y);
            values[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            worst = Math.max(worst, Math.abs(numeric - analytic[i]) / Math.max(1e-5, Math.abs(numeric)));
        }
        assertThat(worst).isLessThan(1e-6);
        // and the mask really dropped something in both hidden layers
        replay.reset();
        net.setFlatParameters(values);
        net.forward(x);
        assertThat(hidden.activations().backingArray()).contains(0.0);
        assertThat(hidden2.activations().backingArray()).contains(0.0);
    }

    private static double costAt(Network net, double[] values, Replay replay, Matrix x, Matrix y) {
        net.setFlatParameters(values);
        replay.reset();
        net.forward(x);
        return net.cost(y);
    }
}
