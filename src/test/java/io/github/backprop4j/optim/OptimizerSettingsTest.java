package io.github.backprop4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.Parameter;
import io.github.backprop4j.nn.Sigmoid;
import io.github.backprop4j.nn.Tanh;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad settings and misuse: the exception type and the words that matter. */
class OptimizerSettingsTest {

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("sgd", (Supplier<Optimizer>) () -> new SgdOptimizer(0.1)),
                Arguments.of("sgd", (Supplier<Optimizer>) () -> SgdOptimizer.builder().momentum(0.9).build()),
                Arguments.of("adam", (Supplier<Optimizer>) () -> Adam.builder().build()),
                Arguments.of("adamw", (Supplier<Optimizer>) () -> AdamW.builder().build()),
                Arguments.of("rmsprop", (Supplier<Optimizer>) () -> RMSprop.builder().build()),
                Arguments.of("rmsprop", (Supplier<Optimizer>) () -> RMSprop.builder().centered(true).momentum(0.9)
                        .l1(1e-3).build()));
    }

    private static final Matrix X = Matrix.of(2, 2, 0.1, 0.2, 0.3, 0.4);
    private static final Matrix Y = Matrix.of(2, 1, 0.0, 1.0);

    private static Network tinyNetwork() {
        return Network.builder().input(2).dense(3, new Tanh()).dense(1, new Sigmoid()).build(new SplittableRandom(1));
    }

    @Test
    void badSgdSettings() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SgdOptimizer(0.0))
                .withMessageContainingAll("learning rate", "> 0", "0.0");
        assertThatIllegalArgumentException().isThrownBy(() -> SgdOptimizer.builder().learningRate(Double.NaN))
                .withMessageContainingAll("learning rate", "NaN");
        assertThatIllegalArgumentException().isThrownBy(() -> SgdOptimizer.builder().momentum(1.0))
                .withMessageContainingAll("momentum", "[0, 1)", "1.0");
        assertThatIllegalArgumentException().isThrownBy(() -> SgdOptimizer.builder().momentum(-0.1))
                .withMessageContainingAll("momentum", "-0.1");
        assertThatIllegalArgumentException().isThrownBy(() -> SgdOptimizer.builder().weightDecay(-1e-4))
                .withMessageContainingAll("weightDecay", "≥ 0", "-1.0E-4");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SgdOptimizer.builder().weightDecay(Double.POSITIVE_INFINITY))
                .withMessageContainingAll("weightDecay", "Infinity");
        assertThatIllegalArgumentException().isThrownBy(() -> SgdOptimizer.builder().nesterov(true).build())
                .withMessageContainingAll("nesterov", "momentum > 0");
    }

    @Test
    void badAdamSettings() {
        assertThatIllegalArgumentException().isThrownBy(() -> Adam.builder().learningRate(-1e-3))
                .withMessageContainingAll("learning rate", "-0.001");
        assertThatIllegalArgumentException().isThrownBy(() -> Adam.builder().beta1(1.0))
                .withMessageContainingAll("beta1", "[0, 1)", "1.0");
        assertThatIllegalArgumentException().isThrownBy(() -> Adam.builder().beta1(-0.5))
                .withMessageContainingAll("beta1", "-0.5");
        assertThatIllegalArgumentException().isThrownBy(() -> Adam.builder().beta2(Double.NaN))
                .withMessageContainingAll("beta2", "NaN");
        assertThatIllegalArgumentException().isThrownBy(() -> Adam.builder().epsilon(0.0))
                .withMessageContainingAll("epsilon", "> 0", "0.0");
        assertThatIllegalArgumentException().isThrownBy(() -> Adam.builder().weightDecay(-0.01))
                .withMessageContainingAll("weightDecay", "-0.01");
    }

    @Test
    void badAdamWSettings() {
        assertThatIllegalArgumentException().isThrownBy(() -> AdamW.builder().learningRate(0.0))
                .withMessageContainingAll("learning rate", "0.0");
        assertThatIllegalArgumentException().isThrownBy(() -> AdamW.builder().beta1(1.5))
                .withMessageContainingAll("beta1", "1.5");
        assertThatIllegalArgumentException().isThrownBy(() -> AdamW.builder().beta2(1.0))
                .withMessageContainingAll("beta2", "1.0");
        assertThatIllegalArgumentException().isThrownBy(() -> AdamW.builder().epsilon(Double.POSITIVE_INFINITY))
                .withMessageContainingAll("epsilon", "Infinity");
        assertThatIllegalArgumentException().isThrownBy(() -> AdamW.builder().weightDecay(Double.NaN))
                .withMessageContainingAll("weightDecay", "NaN");
    }

    @Test
    void badRmspropSettings() {
        assertThatIllegalArgumentException().isThrownBy(() -> RMSprop.builder().learningRate(0.0))
                .withMessageContainingAll("learning rate", "0.0");
        assertThatIllegalArgumentException().isThrownBy(() -> RMSprop.builder().rho(1.0))
                .withMessageContainingAll("rho", "[0, 1)", "1.0");
        assertThatIllegalArgumentException().isThrownBy(() -> RMSprop.builder().rho(-0.1))
                .withMessageContainingAll("rho", "-0.1");
        assertThatIllegalArgumentException().isThrownBy(() -> RMSprop.builder().epsilon(0.0))
                .withMessageContainingAll("epsilon", "> 0", "0.0");
        assertThatIllegalArgumentException().isThrownBy(() -> RMSprop.builder().momentum(1.0))
                .withMessageContainingAll("momentum", "[0, 1)", "1.0");
        assertThatIllegalArgumentException().isThrownBy(() -> RMSprop.builder().weightDecay(-1.0))
                .withMessageContainingAll("weightDecay", "≥ 0", "-1.0");
    }

    @Test
    void badL1Settings() {
        assertThatIllegalArgumentException().isThrownBy(() -> SgdOptimizer.builder().l1(-1e-4))
                .withMessageContainingAll("l1", "≥ 0", "-1.0E-4");
        assertThatIllegalArgumentException().isThrownBy(() -> Adam.builder().l1(Double.NaN))
                .withMessageContainingAll("l1", "NaN");
        assertThatIllegalArgumentException().isThrownBy(() -> AdamW.builder().l1(Double.POSITIVE_INFINITY))
                .withMessageContainingAll("l1", "Infinity");
        assertThatIllegalArgumentException().isThrownBy(() -> RMSprop.builder().l1(-0.5))
                .withMessageContainingAll("l1", "-0.5");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void badLearningRatesAreRefusedAndLeaveTheRateAsItWas(String name, Supplier<Optimizer> factory) {
        Optimizer optimizer = factory.get();
        optimizer.setLearningRate(0.25);
        for (double bad : new double[] {0.0, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatIllegalArgumentException().isThrownBy(() -> optimizer.setLearningRate(bad))
                    .withMessageContainingAll("learning rate", "> 0", String.valueOf(bad));
        }
        assertThat(optimizer.learningRate()).isEqualTo(0.25);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void anotherNumberOfParametersIsRefused(String name, Supplier<Optimizer> factory) {
        Optimizer optimizer = factory.get();
        List<Parameter> parameters = Fixtures.parameters();
        optimizer.step(parameters);
        assertThatIllegalStateException().isThrownBy(() -> optimizer.step(parameters.subList(0, 1)))
                .withMessageContainingAll(name, "2 parameters", "now given 1", "one optimizer per network");
        assertThat(optimizer.stepCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void anotherShapeIsRefused(String name, Supplier<Optimizer> factory) {
        Optimizer optimizer = factory.get();
        optimizer.step(Fixtures.parameters());
        List<Parameter> wider = List.of(Fixtures.parameters().get(0),
                new Parameter("B", Matrix.zeros(1, 4), Matrix.zeros(1, 4), false));
        assertThatIllegalStateException().isThrownBy(() -> optimizer.step(wider))
                .withMessageContainingAll(name, "parameter 1", "B 1×3", "B 1×4");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void anotherNameIsRefused(String name, Supplier<Optimizer> factory) {
        Optimizer optimizer = factory.get();
        optimizer.step(Fixtures.parameters());
        List<Parameter> renamed = List.of(new Parameter("V", Matrix.zeros(2, 3), Matrix.zeros(2, 3), true),
                Fixtures.parameters().get(1));
        assertThatIllegalStateException().isThrownBy(() -> optimizer.step(renamed))
                .withMessageContainingAll("parameter 0", "W 2×3", "V 2×3");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void parametersOfTheSameNamesAndShapesButAnotherNetworkAreRefused(String name, Supplier<Optimizer> factory) {
        Optimizer optimizer = factory.get();
        List<Parameter> first = Fixtures.parameters();
        Fixtures.setGradients(first, 1);
        optimizer.step(first);
        List<Parameter> twin = Fixtures.parameters();  // same names and shapes, other matrices
        Fixtures.setGradients(twin, 1);
        double[] before = twin.get(0).value().backingArray().clone();
        assertThatIllegalStateException().isThrownBy(() -> optimizer.step(twin))
                .withMessageContainingAll(name, "bound to another network's parameters (W)",
                        "create a new optimizer for each network");
        assertThat(twin.get(0).value().backingArray()).isEqualTo(before);
        assertThat(optimizer.stepCount()).isEqualTo(1);
        optimizer.step(first);  // still bound to the first
        assertThat(optimizer.stepCount()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void anOptimizerReusedOnASecondNetworkIsRefused(String name, Supplier<Optimizer> factory) {
        Network a = tinyNetwork();
        Network b = tinyNetwork();
        Optimizer optimizer = factory.get();
        a.forward(X);
        a.backward(Y);
        optimizer.step(a);
        b.forward(X);
        b.backward(Y);
        double[] before = b.flatParameters();
        assertThatIllegalStateException().isThrownBy(() -> optimizer.step(b))
                .withMessageContainingAll(name, "bound to another network's parameters (layers.0.weights)",
                        "create a new optimizer for each network");
        assertThat(b.flatParameters()).isEqualTo(before);

        // restoring binds to the parameters given, and to those only
        Optimizer resumed = Optimizer.fromState(optimizer.state(), b.parameters());
        resumed.step(b);
        assertThat(resumed.stepCount()).isEqualTo(2);
        assertThatIllegalStateException().isThrownBy(() -> resumed.step(a))
                .withMessageContaining("bound to another network's parameters");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void aStepOnANetworkNeedsABackwardPassOfItsOwn(String name, Supplier<Optimizer> factory) {
        Network net = tinyNetwork();
        Optimizer optimizer = factory.get();
        double[] initial = net.flatParameters();
        net.forward(X);
        assertThatIllegalStateException().isThrownBy(() -> optimizer.step(net))  // the gradients are zeros
                .withMessage(name + " step: the network has no gradients yet; call forward and backward before"
                        + " each step");
        assertThat(net.flatParameters()).isEqualTo(initial);
        assertThat(optimizer.stepCount()).isZero();

        net.backward(Y);
        optimizer.step(net);
        double[] stepped = net.flatParameters();
        net.forward(X);
        assertThatIllegalStateException().isThrownBy(() -> optimizer.step(net))  // the same gradients again
                .withMessageContainingAll(name + " step: no backward pass since the last step",
                        "call forward and backward before each step");
        assertThat(net.flatParameters()).isEqualTo(stepped);
        assertThat(optimizer.stepCount()).isEqualTo(1);

        net.backward(Y);
        optimizer.step(net);
        assertThat(optimizer.stepCount()).isEqualTo(2);
        // the seam for gradients from elsewhere applies whatever the gradient matrices hold
        optimizer.step(net.parameters());
        assertThat(optimizer.stepCount()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void aGradientOfAnotherShapeIsRefused(String name, Supplier<Optimizer> factory) {
        Optimizer optimizer = factory.get();
        List<Parameter> bad = List.of(new Parameter("W", Matrix.zeros(2, 3), Matrix.zeros(3, 2), true));
        assertThatThrownBy(() -> optimizer.step(bad)).isInstanceOf(ShapeException.class)
                .hasMessageContainingAll("W", "2×3", "gradient is 3×2");
        assertThat(optimizer.stepCount()).isZero();
    }
}
