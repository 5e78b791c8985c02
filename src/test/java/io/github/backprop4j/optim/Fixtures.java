package io.github.backprop4j.optim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.Parameter;
import java.util.List;

/**
 * The two parameters and five gradients of {@code src/test/resources/optim/optimizer_reference.py}: W (2×3, a
 * weight) and B (1×3, a bias); at step t = 1..5
 * <pre>
 *   C′(W)[t][k] = ((3k + 5t) mod 7 − 3)/4 + 0.1·t,   C′(B)[t][k] = ((2k + 3t) mod 5 − 2)/8 − 0.05·t
 * </pre>
 * computed with +, −, ·, / only, so Java and numpy start from the very same doubles.
 */
final class Fixtures {

    static final int STEPS = 5;

    private Fixtures() {
    }

    /** Fresh W and B with zero gradients. */
    static List<Parameter> parameters() {
        return List.of(
                new Parameter("W", Matrix.of(2, 3, 0.5, -0.3, 0.8, -1.2, 0.1, 0.4), Matrix.zeros(2, 3), true),
                new Parameter("B", Matrix.of(1, 3, 0.05, -0.1, 0.2), Matrix.zeros(1, 3), false));
    }

    /** Writes the gradients of step t (1-based) into the parameters. */
    static void setGradients(List<Parameter> parameters, int t) {
        double[] gw = parameters.get(0).gradient().backingArray();
        for (int k = 0; k < 6; k++) {
            gw[k] = ((3 * k + 5 * t) % 7 - 3) / 4.0 + 0.1 * t;
        }
        double[] gb = parameters.get(1).gradient().backingArray();
        for (int k = 0; k < 3; k++) {
            gb[k] = ((2 * k + 3 * t) % 5 - 2) / 8.0 - 0.05 * t;
        }
    }

    /** Runs the five reference steps and returns the parameters. */
    static List<Parameter> runFiveSteps(Optimizer optimizer) {
        List<Parameter> parameters = parameters();
        for (int t = 1; t <= STEPS; t++) {
            setGradients(parameters, t);
            optimizer.step(parameters);
        }
        return parameters;
    }

    /** Every element within 1e-12 relative of the reference (exactly equal where it is 0). */
    static void assertClose(double[] actual, double[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("element %d of %s", i, java.util.Arrays.toString(actual))
                    .isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-12 * Math.abs(expected[i])));
        }
    }

    static void assertClose(Matrix actual, double... expected) {
        assertClose(actual.backingArray(), expected);
    }
}
