package io.github.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.optim.SgdOptimizer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The forward pass, backpropagation and SGD together learn small problems from a fixed seed. */
class LearningTest {

    @Test
    void learnsXor() {
        Matrix x = Matrix.of(4, 2, 0, 0, 0, 1, 1, 0, 1, 1);
        Matrix y = Matrix.column(0, 1, 1, 0);
        Network net = Network.builder().input(2).dense(4, new Tanh()).dense(1, new Sigmoid())
                .loss(new BinaryCrossEntropy()).build(new SplittableRandom(42));
        SgdOptimizer sgd = new SgdOptimizer(0.5);
        double first = Double.NaN;
        double cost = Double.NaN;
        for (int epoch = 0; epoch < 2000; epoch++) {
            net.forward(x);
            cost = net.backward(y);
            if (epoch == 0) {
                first = cost;
            }
            sgd.step(net);
        }
        assertThat(cost).isLessThan(0.05).isLessThan(first / 10);
        Matrix p = net.predict(x);
        for (int i = 0; i < 4; i++) {
            assertThat(p.get(i, 0) > 0.5 ? 1.0 : 0.0).as("XOR row %d: %s", i, p).isEqualTo(y.get(i, 0));
        }
    }

    @Test
    void learnsXorWithTheSeedsReluAndHalfSquaredError() {
        Matrix x = Matrix.of(4, 2, 0, 0, 0, 1, 1, 0, 1, 1);
        Matrix y = Matrix.column(0, 1, 1, 0);
        Network net = Network.builder().input(2).dense(8, new ReLU()).dense(1, new Identity())
                .build(new SplittableRandom(3));
        SgdOptimizer sgd = new SgdOptimizer(0.1);
        for (int epoch = 0; epoch < 3000; epoch++) {
            net.forward(x);
            net.backward(y);
            sgd.step(net);
        }
        net.forward(x);
        assertThat(net.cost(y)).isLessThan(0.01);
        assertThat(net.predict(x).map(v -> v > 0.5 ? 1 : 0)).isEqualTo(y);
    }

    @Test
    void fitsASineWave() {
        // y = sin x on [−π, π], 64 points; a 1-16-16-1 tanh network with mini-batches of 16
        int n = 64;
        Matrix x = Matrix.zeros(n, 1);
        Matrix y = Matrix.zeros(n, 1);
        for (int i = 0; i < n; i++) {
            double v = -Math.PI + 2 * Math.PI * i / (n - 1);
            x.set(i, 0, v);
            y.set(i, 0, Math.sin(v));
        }
        Network net = Network.builder().input(1).dense(16, new Tanh()).dense(16, new Tanh())
                .dense(1, new Identity()).build(new SplittableRandom(11));
        SgdOptimizer sgd = new SgdOptimizer(0.3);
        for (int epoch = 0; epoch < 6000; epoch++) {
            for (int from = 0; from < n; from += 16) {
                net.forward(x.rowRange(from, from + 16));
                net.backward(y.rowRange(from, from + 16));
                sgd.step(net);
            }
        }
        net.forward(x);
        double halfMse = net.cost(y);
        // C = 1/(2n) Σ (ŷ − y)²: below 5e-4 means a root-mean-square error under about 0.03
        assertThat(halfMse).isLessThan(5e-4);
    }
}
