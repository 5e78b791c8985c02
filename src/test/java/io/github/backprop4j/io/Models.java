package io.github.backprop4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.BinaryCrossEntropy;
import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.Identity;
import io.github.backprop4j.nn.Layer;
import io.github.backprop4j.nn.LeakyReLU;
import io.github.backprop4j.nn.MeanSquaredError;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.ReLU;
import io.github.backprop4j.nn.Sigmoid;
import io.github.backprop4j.nn.Softmax;
import io.github.backprop4j.nn.Tanh;
import java.util.SplittableRandom;

/** Networks for the tests, and the check that two networks are the same bit for bit. */
final class Models {

    private Models() {
    }

    /** 2 → 3 leaky-relu (α 0.01, dropout 0.1) → 2 softmax, cross-entropy; every weight and bias non-zero. */
    static Network small(long seed) {
        return small(new SplittableRandom(seed));
    }

    /** {@link #small(long)} drawn from {@code random}, which its dropout layer keeps for its masks. */
    static Network small(SplittableRandom random) {
        Network net = Network.builder()
                .input(2)
                .dense(3, new LeakyReLU(0.01)).dropout(0.1)
                .dense(2, new Softmax())
                .loss(new CrossEntropy())
                .build(random);
        return randomizeBiases(net, random);
    }

    /** Every built-in activation: 5 → 4 relu → 4 tanh → 3 sigmoid → 3 leaky-relu → 2 identity, mse. */
    static Network everyActivation(long seed) {
        return everyActivation(new SplittableRandom(seed));
    }

    /** {@link #everyActivation(long)} drawn from {@code random}, which its dropout layers keep for their masks. */
    static Network everyActivation(SplittableRandom random) {
        Network net = Network.builder()
                .input(5)
                .dense(4, new ReLU()).dropout(0.5)
                .dense(4, new Tanh())
                .dense(3, new Sigmoid()).dropout(0.2)
                .dense(3, new LeakyReLU(0.3))
                .dense(2, new Identity())
                .loss(new MeanSquaredError())
                .build(random);
        return randomizeBiases(net, random);
    }

    /** 3 → 2 sigmoid, binary cross-entropy. */
    static Network binary(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Network net = Network.builder().input(3).dense(2, new Sigmoid()).loss(new BinaryCrossEntropy())
                .build(random);
        return randomizeBiases(net, random);
    }

    /** A network with the given weights, one layer, identity output, mse. */
    static Network linear(Matrix weights, Matrix biases) {
        return Network.of(new Layer(weights, biases, new Identity()));
    }

    private static Network randomizeBiases(Network net, SplittableRandom random) {
        for (Layer layer : net.layers()) {
            double[] b = layer.biases().backingArray();
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextDouble(-1, 1);
            }
        }
        return net;
    }

    /** Inputs for a network: n rows of uniform values in [-2, 2). */
    static Matrix inputs(int n, int features, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Matrix x = Matrix.zeros(n, features);
        double[] d = x.backingArray();
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextDouble(-2, 2);
        }
        return x;
    }

    /** Whether two networks are the same: structure, every weight and bias bitwise, predictions bitwise. */
    static boolean same(Network a, Network b) {
        if (a.layers().size() != b.layers().size() || !a.loss().equals(b.loss())) {
            return false;
        }
        for (int i = 0; i < a.layers().size(); i++) {
            Layer la = a.layers().get(i);
            Layer lb = b.layers().get(i);
            if (!la.weights().equals(lb.weights()) || !la.biases().equals(lb.biases())
                    || !la.activation().equals(lb.activation())
                    || Double.doubleToRawLongBits(la.dropout()) != Double.doubleToRawLongBits(lb.dropout())) {
                return false;
            }
        }
        Matrix x = inputs(7, a.inputSize(), 99);
        return a.predict(x).equals(b.predict(x));
    }

    /** Asserts {@link #same}, showing both networks on failure. */
    static void assertSame(Network expected, Network actual) {
        assertThat(same(expected, actual))
                .as("loaded %s%n%s%nexpected %s%n%s", actual, actual.summary(), expected, expected.summary())
                .isTrue();
    }
}
