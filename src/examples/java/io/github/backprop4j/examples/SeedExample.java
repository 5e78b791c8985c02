package io.github.backprop4j.examples;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.GradientCheck;
import io.github.backprop4j.nn.Layer;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.ReLU;
import io.github.backprop4j.optim.SgdOptimizer;
import io.github.backprop4j.trace.BackpropTrace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The seed article's network, step by step: two ReLU layers (X 3×1, Wh 1×2, Bh 1×2, Wo 2×2, Bo 1×2) with
 * chosen numbers — some units active and some not, some outputs above their targets and some below —
 * the same the tests check against numpy ({@code src/test/resources/reference/seed_example.py}).
 *
 * <p>It prints the trace of one SGD step (every equation of the article, then its matrix), then checks
 * every gradient against finite differences, side by side, and writes the step as a page to explore in a
 * browser, {@value #PAGE} ({@link BackpropTrace#toHtml()}).
 */
public final class SeedExample {

    /** The learning rate η of the step. */
    public static final double LEARNING_RATE = 0.1;

    /** Where the page of the step is written, relative to the working directory. */
    public static final String PAGE = "target/seed-trace.html";

    private SeedExample() {
    }

    /**
     * X, the seed's input: three samples of one feature.
     *
     * @return a new 3×1 matrix
     */
    public static Matrix x() {
        return Matrix.of(3, 1, 1.0, 2.0, -1.0);
    }

    /**
     * y, the targets of the three samples.
     *
     * @return a new 3×2 matrix
     */
    public static Matrix y() {
        return Matrix.of(3, 2, 0.5, 0.2, 0.3, -0.1, 0.1, 1.2);
    }

    /**
     * The seed's network with its chosen weights: hidden Wh = [0.5 −0.8], Bh = [0.1 0.2]; output
     * Wo = [[0.7 −0.3] [0.4 0.9]], Bo = [−0.1 0.05]; ReLU in both layers; the seed's half squared error.
     *
     * @return a new network
     */
    public static Network network() {
        Layer hidden = new Layer(Matrix.of(1, 2, 0.5, -0.8), Matrix.row(0.1, 0.2), new ReLU());
        Layer output = new Layer(Matrix.of(2, 2, 0.7, -0.3, 0.4, 0.9), Matrix.row(-0.1, 0.05), new ReLU());
        Network network = Network.of(hidden, output);
        network.setThreads(1);
        return network;
    }

    /**
     * Prints the trace of one SGD step and the gradient check, and writes the step's page.
     *
     * @param args ignored
     * @throws IOException if the page cannot be written
     */
    public static void main(String[] args) throws IOException {
        Network network = network();
        Matrix x = x();
        Matrix y = y();

        // Before the step: backprop's gradient of every weight beside the finite-difference one.
        String check = gradientCheck(network, x, y);

        BackpropTrace trace = BackpropTrace.step(network, x, y, new SgdOptimizer(LEARNING_RATE));
        System.out.print(trace.toText(6));
        System.out.println();
        System.out.print(check);

        Path page = Path.of(PAGE);
        Files.createDirectories(page.toAbsolutePath().getParent());
        Files.writeString(page, trace.toHtml(), StandardCharsets.UTF_8);
        System.out.println();
        System.out.println("The step as a page to explore in a browser: " + page.toAbsolutePath().toUri());
    }

    /**
     * Every parameter's C′ from backpropagation beside a five-point central difference of the cost, and
     * their relative error, one line each; then {@link GradientCheck}'s verdict. Leaves the network's
     * weights as they were.
     */
    static String gradientCheck(Network network, Matrix x, Matrix y) {
        String[] names = {"Wh", "Bh", "Wo", "Bo"};
        double[] p = network.flatParameters();
        network.forward(x);
        network.backward(y);
        StringBuilder sb = new StringBuilder("── gradient check: backprop against finite differences ──\n\n");
        sb.append(String.format(Locale.ROOT, "%-10s %22s %22s %12s%n", "parameter", "backprop C′",
                "finite difference", "rel. error"));
        double h = GradientCheck.DEFAULT_STEP;
        int offset = 0;
        for (int k = 0; k < network.parameters().size(); k++) {
            Matrix gradient = network.parameters().get(k).gradient();
            for (int i = 0; i < gradient.size(); i++) {
                int flat = offset + i;
                double analytic = gradient.backingArray()[i];
                // n = (C(w − 2h) − 8 C(w − h) + 8 C(w + h) − C(w + 2h)) / 12h
                double numeric = (costAt(network, p, flat, -2 * h, x, y) - 8 * costAt(network, p, flat, -h, x, y)
                        + 8 * costAt(network, p, flat, h, x, y) - costAt(network, p, flat, 2 * h, x, y)) / (12 * h);
                double error = Math.abs(analytic - numeric)
                        / Math.max(Math.max(Math.abs(analytic), Math.abs(numeric)), GradientCheck.DEFAULT_FLOOR);
                sb.append(String.format(Locale.ROOT, "%-10s %22.15f %22.15f %12.2e%n",
                        names[k] + "[" + i / gradient.cols() + "," + i % gradient.cols() + "]", analytic, numeric, error));
            }
            offset += gradient.size();
        }
        network.setFlatParameters(p);
        GradientCheck.Result result = GradientCheck.checkNetwork(network, x, y);
        sb.append(String.format(Locale.ROOT, "%nGradientCheck.checkNetwork: worst relative error %.2e (%s)%n",
                result.maxRelativeError(), result.passed(1e-7) ? "passed, ≤ 1e-7" : "FAILED"));
        return sb.toString();
    }

    private static double costAt(Network network, double[] p, int index, double delta, Matrix x, Matrix y) {
        double[] moved = p.clone();
        moved[index] += delta;
        network.setFlatParameters(moved);
        network.forward(x);
        return network.cost(y);
    }
}
