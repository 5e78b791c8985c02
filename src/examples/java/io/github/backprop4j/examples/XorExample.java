package io.github.backprop4j.examples;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.BinaryCrossEntropy;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.Sigmoid;
import io.github.backprop4j.nn.Tanh;
import io.github.backprop4j.optim.SgdOptimizer;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The smallest network worth training: XOR with a 2-4-1 network, one forward pass, one backward pass and
 * one SGD step per epoch, printing the cost as it falls and the final predictions.
 */
public final class XorExample {

    private XorExample() {
    }

    /**
     * Trains and prints.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Matrix x = Matrix.of(4, 2,
                0, 0,
                0, 1,
                1, 0,
                1, 1);
        Matrix y = Matrix.column(0, 1, 1, 0);

        Network net = Network.builder()
                .input(2)
                .dense(4, new Tanh())
                .dense(1, new Sigmoid())
                .loss(new BinaryCrossEntropy())
                .build(new SplittableRandom(42));
        System.out.println(net.summary());
        System.out.println();

        SgdOptimizer sgd = new SgdOptimizer(0.5);
        for (int epoch = 1; epoch <= 2000; epoch++) {
            net.forward(x);                 // ŷ: Z = Input·W + B, A = R(Z), layer by layer
            double cost = net.backward(y);  // Eo, Eh, C′(W), C′(B)
            sgd.step(net);                  // W ← W − η·C′(W)
            if (epoch == 1 || epoch % 250 == 0) {
                System.out.printf(Locale.ROOT, "epoch %4d  cost %.6f%n", epoch, cost);
            }
        }

        Matrix p = net.predict(x);
        System.out.println();
        for (int i = 0; i < x.rows(); i++) {
            System.out.printf(Locale.ROOT, "%.0f XOR %.0f = %.0f   (predicted %.4f)%n", x.get(i, 0), x.get(i, 1),
                    y.get(i, 0), p.get(i, 0));
        }
    }
}
