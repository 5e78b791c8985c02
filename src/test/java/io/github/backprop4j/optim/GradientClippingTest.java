package io.github.backprop4j.optim;

import static io.github.backprop4j.optim.Fixtures.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Clipping the step-1 gradients of {@link Fixtures} against {@code src/test/resources/optim/optimizer_reference.py}
 * (its output "clip step-1 gradients", pasted below).
 */
class GradientClippingTest {

    private static List<Parameter> stepOneGradients() {
        List<Parameter> parameters = Fixtures.parameters();
        Fixtures.setGradients(parameters, 1);
        return parameters;
    }

    @Test
    void clipsToTheMaximumNorm() {
        List<Parameter> p = stepOneGradients();
        double norm = GradientClipping.clipGlobalNorm(p, 0.5);
        assertThat(norm).isCloseTo(1.3768169813014364, within(1e-15));
        assertClose(p.get(0).gradient(), 0.21789388428113732, -0.1452625895207582, 0.12710476583066344,
                -0.2360517079712321, 0.03631564738018955, 0.3086830027316112);
        assertClose(p.get(1).gradient(), 0.027236735535142165, -0.10894694214056866, -0.018157823690094776);
        assertThat(GradientClipping.globalNorm(p)).isCloseTo(0.5, within(1e-15));
        // the values are not touched
        assertThat(p.get(0).value()).isEqualTo(Fixtures.parameters().get(0).value());
    }

    @Test
    void leavesSmallGradientsExactlyAsTheyAre() {
        List<Parameter> p = stepOneGradients();
        Matrix before = p.get(0).gradient().copy();
        double norm = GradientClipping.clipGlobalNorm(p, 10.0);
        assertThat(norm).isCloseTo(1.3768169813014364, within(1e-15));
        assertThat(p.get(0).gradient()).isEqualTo(before);
        assertClose(p.get(1).gradient(), 0.075, -0.3, -0.05);
    }

    @Test
    void noParametersHaveNormZero() {
        assertThat(GradientClipping.clipGlobalNorm(List.of(), 1.0)).isZero();
    }

    @Test
    void hugeGradientsWhoseSquaresOverflowAreStillClipped() {
        Parameter p = new Parameter("W", Matrix.zeros(1, 2), Matrix.of(1, 2, 3e200, -4e200), true);
        double norm = GradientClipping.clipGlobalNorm(List.of(p), 1.0);
        assertThat(norm).isCloseTo(5e200, within(1e186));
        assertClose(p.gradient(), 0.6, -0.8);
    }

    @Test
    void nonFiniteGradientsAreRefusedNamingWhere() {
        Parameter w = new Parameter("layers.0.weights", Matrix.zeros(1, 2), Matrix.of(1, 2, 1.0, 2.0), true);
        Parameter b = new Parameter("layers.0.biases", Matrix.zeros(1, 2), Matrix.of(1, 2, 1.0, Double.NaN), false);
        assertThatIllegalArgumentException().isThrownBy(() -> GradientClipping.clipGlobalNorm(List.of(w, b), 1.0))
                .withMessage("gradient norm: the gradient of layers.0.biases (0, 1) is NaN; values must be finite");
        assertThat(w.gradient()).isEqualTo(Matrix.of(1, 2, 1.0, 2.0));
    }

    @Test
    void badMaxNormIsRefused() {
        List<Parameter> p = stepOneGradients();
        for (double bad : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatIllegalArgumentException().isThrownBy(() -> GradientClipping.clipGlobalNorm(p, bad))
                    .withMessageContainingAll("maxNorm", String.valueOf(bad));
        }
    }
}
