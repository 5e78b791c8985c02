package io.github.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * erf, erfc and the activations ELU, GELU (both forms), SiLU and Softplus against
 * {@code src/test/resources/nn/activations.py} (Python's math.erf and math.erfc; the activations and their
 * derivatives from mpmath at 60 digits; output committed as {@code activations.out}), and each derivative
 * against finite differences of its function.
 */
class ActivationReferenceTest {

    /** A line of activations.out: the function, the point, the expected value. */
    record Reference(String function, double x, double expected) {
    }

    static List<Reference> references() throws IOException {
        String text;
        try (InputStream in = ActivationReferenceTest.class.getResourceAsStream("/nn/activations.out")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Reference> refs = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.split(" ");
            refs.add(new Reference(f[0], Double.parseDouble(f[1]), Double.parseDouble(f[2])));
        }
        return refs;
    }

    private static final Map<String, DoubleUnaryOperator> FUNCTIONS = Map.ofEntries(
            Map.entry("erf", Erf::erf),
            Map.entry("erfc", Erf::erfc),
            Map.entry("gelu", value(GELU.exact())), Map.entry("gelu'", slope(GELU.exact())),
            Map.entry("gelu-tanh", value(GELU.tanh())), Map.entry("gelu-tanh'", slope(GELU.tanh())),
            Map.entry("silu", value(new SiLU())), Map.entry("silu'", slope(new SiLU())),
            Map.entry("softplus", value(new Softplus())), Map.entry("softplus'", slope(new Softplus())),
            Map.entry("elu(1.0)", value(new ELU(1.0))), Map.entry("elu(1.0)'", slope(new ELU(1.0))),
            Map.entry("elu(0.5)", value(new ELU(0.5))), Map.entry("elu(0.5)'", slope(new ELU(0.5))));

    private static DoubleUnaryOperator value(Activation a) {
        return z -> a.apply(Matrix.row(z)).get(0, 0);
    }

    private static DoubleUnaryOperator slope(Activation a) {
        return z -> a.derivative(Matrix.row(z)).get(0, 0);
    }

    /**
     * Every reference value, within 4 units in the last place of the expected value e; or, for a small e,
     * within a relative error of t·2⁻⁵⁰ with t = −ln e: such a value is about e^(−t), computed from a t rounded a
     * few times, and each rounding of t (2⁻⁵³ relative) becomes a relative error of t·2⁻⁵³ in e^(−t). A
     * derivative is also accepted within 2⁻⁵² absolute, the rounding of its terms of order 1 where they cancel
     * (GELU′ crosses 0 near z = −0.75, SiLU′ near −1.28).
     */
    @Test
    void everyValueMatchesThePythonReference() throws IOException {
        List<Reference> refs = references();
        assertThat(refs).hasSizeGreaterThan(1500);
        assertThat(refs.stream().map(Reference::function).distinct()).containsExactlyInAnyOrderElementsOf(
                FUNCTIONS.keySet());
        for (Reference r : refs) {
            double actual = FUNCTIONS.get(r.function()).applyAsDouble(r.x());
            double e = Math.abs(r.expected());
            double tolerance = Math.max(Math.max(4 * Math.ulp(e), e == 0 ? 0 : e * -Math.log(e) * 0x1p-50),
                    r.function().endsWith("'") ? 0x1p-52 : 0);
            assertThat(Math.abs(actual - r.expected()))
                    .as("%s(%s) = %s, expected %s", r.function(), r.x(), actual, r.expected())
                    .isLessThanOrEqualTo(tolerance);
        }
    }

    @Test
    void erfAtItsEdges() {
        assertThat(Erf.erf(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(Erf.erf(Double.NEGATIVE_INFINITY)).isEqualTo(-1.0);
        assertThat(Erf.erfc(Double.POSITIVE_INFINITY)).isEqualTo(0.0);
        assertThat(Erf.erfc(Double.NEGATIVE_INFINITY)).isEqualTo(2.0);
        assertThat(Erf.erf(Double.NaN)).isNaN();
        assertThat(Erf.erfc(Double.NaN)).isNaN();
        assertThat(Double.doubleToRawLongBits(Erf.erf(-0.0))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(Erf.erf(1e-300) / 1e-300).isCloseTo(2 / Math.sqrt(Math.PI), within(1e-15)); // erf(x) ≈ 2x/√π
        assertThat(Erf.normalCdf(Double.NEGATIVE_INFINITY)).isEqualTo(0.0);
        assertThat(Erf.normalCdf(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(Erf.normalDensity(Double.POSITIVE_INFINITY)).isEqualTo(0.0);
    }

    static Stream<Arguments> activations() {
        return Stream.of(Arguments.of(new ELU(1.0)), Arguments.of(new ELU(0.3)), Arguments.of(GELU.exact()),
                Arguments.of(GELU.tanh()), Arguments.of(new SiLU()), Arguments.of(new Softplus()));
    }

    /** R′ against the five-point difference of R, at 200 seeded points in [−6, 6] (off ELU's kink at 0). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void derivativeMatchesFiniteDifferences(Activation a) {
        SplittableRandom random = new SplittableRandom(14);
        Matrix z = Matrix.zeros(20, 10);
        double[] d = z.backingArray();
        for (int i = 0; i < d.length; i++) {
            double v = random.nextDouble(-6, 6);
            d[i] = Math.abs(v) < 1e-3 ? v + 0.01 : v;
        }
        GradientCheck.Result r = GradientCheck.checkActivation(a, z);
        assertThat(r.checked()).isEqualTo(200);
        assertThat(r.maxRelativeError()).as("%s", r).isLessThan(1e-8);
    }

    /** The three allocation-free forms agree: R′ written out equals the factor multiplyByDerivative applies. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void theAllocationFreeFormsAgree(Activation a) {
        Matrix z = Matrix.row(-3.5, -1, -0.25, 0, 0.25, 2, 7.5);
        Matrix g = Matrix.row(2, 2, 2, 2, 2, 2, 2);
        a.multiplyByDerivative(z, a.apply(z), g);
        assertThat(g).isEqualTo(a.derivative(z).scale(2));
        Matrix inPlace = z.copy();
        a.applyInto(inPlace, inPlace);
        assertThat(inPlace).isEqualTo(a.apply(z));
        assertThatThrownBy(() -> a.applyInto(z, Matrix.zeros(1, 3))).isInstanceOf(ShapeException.class)
                .hasMessageContaining(a.name()).hasMessageContaining("1×7").hasMessageContaining("1×3");
        assertThatThrownBy(() -> a.multiplyByDerivative(z, z, Matrix.zeros(2, 7)))
                .isInstanceOf(ShapeException.class).hasMessageContaining(a.name());
    }

    /** No overflow or NaN at the ends of the doubles; NaN stays NaN. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void finiteAtTheEndsOfTheDoubles(Activation a) {
        Matrix z = Matrix.row(-Double.MAX_VALUE, -1e200, -1e10, -800, 800, 1e10, 1e200, Double.MAX_VALUE);
        assertThat(java.util.Arrays.stream(a.apply(z).toArray()).allMatch(Double::isFinite)).as("R(%s)", z).isTrue();
        assertThat(java.util.Arrays.stream(a.derivative(z).toArray()).allMatch(Double::isFinite)).as("R′(%s)", z)
                .isTrue();
        assertThat(a.apply(Matrix.row(Double.NaN)).get(0, 0)).isNaN();
        assertThat(a.derivative(Matrix.row(Double.NaN)).get(0, 0)).isNaN();
    }

    @Test
    void largeInputsBehaveAsTheirLimits() {
        assertThat(new Softplus().apply(Matrix.row(1000, -1000)).toArray()).containsExactly(1000, 0);
        assertThat(new Softplus().apply(Matrix.row(-700)).get(0, 0)).isEqualTo(Math.exp(-700)); // not 0
        assertThat(new SiLU().apply(Matrix.row(1000)).get(0, 0)).isEqualTo(1000);
        assertThat(GELU.exact().apply(Matrix.row(1000)).get(0, 0)).isEqualTo(1000);
        assertThat(GELU.tanh().apply(Matrix.row(1000)).get(0, 0)).isEqualTo(1000);
        assertThat(new ELU(0.7).apply(Matrix.row(-1000)).get(0, 0)).isEqualTo(-0.7);
        assertThat(new ELU(0.7).derivative(Matrix.row(0)).get(0, 0)).isEqualTo(0.7); // R′(0): the left slope
        // GELU's tanh form keeps its precision in the left tail, where ½(1 + tanh u) would round to 0
        assertThat(GELU.tanh().apply(Matrix.row(-12)).get(0, 0)).isNegative();
    }

    @Test
    void namesParametersAndDefaults() {
        assertThat(new ELU(1.0).name()).isEqualTo("elu");
        assertThat(new ELU(0.5)).hasToString("ELU(0.5)");
        assertThat(GELU.exact().name()).isEqualTo("gelu");
        assertThat(GELU.tanh().name()).isEqualTo("gelu-tanh");
        assertThat(GELU.exact()).isEqualTo(new GELU(GELU.Form.EXACT)).isNotEqualTo(GELU.tanh());
        assertThat(GELU.tanh()).hasToString("GELU(tanh)");
        assertThat(new SiLU().name()).isEqualTo("silu");
        assertThat(new Softplus().name()).isEqualTo("softplus");
        for (double bad : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new ELU(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ELU: alpha must be finite and > 0, got " + bad);
        }
        assertThatThrownBy(() -> new GELU(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("form");
        for (Activation a : new Activation[] {new ELU(1), GELU.exact(), GELU.tanh(), new SiLU(), new Softplus()}) {
            assertThat(Initializer.defaultFor(a).name()).as(a.name()).isEqualTo("he-normal");
        }
    }

    @Test
    void everyNewActivationTrainsInANetwork() {
        for (Activation a : new Activation[] {new ELU(1), GELU.exact(), GELU.tanh(), new SiLU(), new Softplus()}) {
            Network net = Network.builder().input(2).dense(8, a).dense(1, new Identity())
                    .loss(new MeanSquaredError()).build(new SplittableRandom(3));
            Matrix x = Matrix.of(4, 2, 0, 0, 0, 1, 1, 0, 1, 1);
            Matrix y = Matrix.column(0, 1, 1, 0);
            double first = net.evaluate(x, y).cost();
            for (int step = 0; step < 300; step++) {
                net.forward(x);
                net.backward(y);
                for (Parameter p : net.parameters()) {
                    p.value().minusInPlace(p.gradient().scale(0.1));
                }
            }
            assertThat(net.evaluate(x, y).cost()).as(String.format(Locale.ROOT, "%s: cost from %.4f", a, first))
                    .isLessThan(first / 2);
        }
    }
}
