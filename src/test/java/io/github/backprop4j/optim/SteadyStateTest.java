package io.github.backprop4j.optim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.Parameter;
import io.github.backprop4j.nn.Sigmoid;
import io.github.backprop4j.nn.Tanh;
import java.lang.reflect.Method;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every optimizer on a real network: it trains, and its steps allocate nothing once warmed up. */
class SteadyStateTest {

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("sgd", (Supplier<Optimizer>) () -> new SgdOptimizer(0.5)),
                Arguments.of("sgd momentum", (Supplier<Optimizer>) () -> SgdOptimizer.builder().learningRate(0.2)
                        .momentum(0.9).weightDecay(1e-4).build()),
                Arguments.of("sgd nesterov", (Supplier<Optimizer>) () -> SgdOptimizer.builder().learningRate(0.2)
                        .momentum(0.9).nesterov(true).build()),
                Arguments.of("adam", (Supplier<Optimizer>) () -> Adam.builder().learningRate(0.05).build()),
                Arguments.of("adamw", (Supplier<Optimizer>) () -> AdamW.builder().learningRate(0.05).build()),
                Arguments.of("adam l1", (Supplier<Optimizer>) () -> Adam.builder().learningRate(0.05).l1(1e-4)
                        .build()),
                Arguments.of("rmsprop", (Supplier<Optimizer>) () -> RMSprop.builder().learningRate(0.02).build()),
                Arguments.of("rmsprop centered momentum l1", (Supplier<Optimizer>) () -> RMSprop.builder()
                        .learningRate(0.01).momentum(0.5).centered(true).l1(1e-4).build()));
    }

    private static final Matrix X = Matrix.of(4, 2, 0, 0, 0, 1, 1, 0, 1, 1);
    private static final Matrix Y = Matrix.of(4, 1, 0, 1, 1, 0);

    private static Network xorNetwork() {
        return Network.builder().input(2).dense(4, new Tanh()).dense(1, new Sigmoid())
                .build(new SplittableRandom(7));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void trainsXor(String name, Supplier<Optimizer> factory) {
        Network net = xorNetwork();
        Optimizer optimizer = factory.get();
        LearningRateSchedule schedule = LearningRateSchedule.constant(optimizer.learningRate()).withWarmUp(20);
        double cost = Double.NaN;
        for (int epoch = 0; epoch < 3000; epoch++) {
            net.forward(X);
            cost = net.backward(Y);
            GradientClipping.clipGlobalNorm(net.parameters(), 5.0);
            optimizer.setLearningRate(schedule.rate(optimizer.stepCount()));
            optimizer.step(net);
        }
        assertThat(cost).isLessThan(0.01);
    }

    /**
     * The bytes this thread has allocated, from {@code com.sun.management.ThreadMXBean}. Through reflection
     * because the tests compile into the library's module, which does not read {@code java.management}.
     */
    private static long allocatedBytes(Object threads, Method allocated) throws ReflectiveOperationException {
        return (Long) allocated.invoke(threads, Thread.currentThread().getId());
    }

    /** The bytes this thread allocates running {@code step} {@code times} times, less the measurement's own. */
    private static long bytesAllocatedBy(Runnable step, int times) throws ReflectiveOperationException {
        Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                .invoke(null);
        Method allocated = Class.forName("com.sun.management.ThreadMXBean")
                .getMethod("getThreadAllocatedBytes", long.class);
        for (int i = 0; i < 100; i++) {
            allocatedBytes(threads, allocated);
        }
        long start = allocatedBytes(threads, allocated);
        long before = allocatedBytes(threads, allocated);
        long measuring = before - start;
        for (int i = 0; i < times; i++) {
            step.run();
        }
        return allocatedBytes(threads, allocated) - before - measuring;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void stepsAllocateNothing(String name, Supplier<Optimizer> factory) throws ReflectiveOperationException {
        List<Parameter> parameters = Fixtures.parameters();
        Fixtures.setGradients(parameters, 1);
        Optimizer optimizer = factory.get();
        LearningRateSchedule[] schedules = {LearningRateSchedule.constant(1e-3),
            LearningRateSchedule.stepDecay(1e-3, 100, 0.9), LearningRateSchedule.exponential(1e-3, 0.9999),
            LearningRateSchedule.cosineAnnealing(1e-3, 1e-5, 1000).withWarmUp(10)};
        Runnable step = () -> {
            GradientClipping.clipGlobalNorm(parameters, 1.0);
            LearningRateSchedule schedule = schedules[(int) (optimizer.stepCount() % schedules.length)];
            optimizer.setLearningRate(schedule.rate(optimizer.stepCount()));
            optimizer.step(parameters);
        };
        for (int i = 0; i < 20_000; i++) {
            step.run();
        }
        long allocatedBySteps = bytesAllocatedBy(step, 10_000);
        // one allocation per step would be ≥ 160,000 bytes; the measurement's own allocation is subtracted
        assertThat(allocatedBySteps).isLessThan(1_000);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void aStepSpreadOverTwoThreadsAllocatesNothing(String name, Supplier<Optimizer> factory)
            throws ReflectiveOperationException {
        // 300-256-10: 79,626 parameters, enough for the update to be shared among the network's 2 threads
        Network net = Network.builder().input(300).dense(256, new Tanh()).dense(10, new Sigmoid()).threads(2)
                .build(new SplittableRandom(7));
        double[] gradient = new double[(int) net.parameterCount()];
        java.util.Arrays.fill(gradient, 1e-6);
        Optimizer optimizer = factory.get();
        for (int i = 0; i < 1_000; i++) {
            optimizer.step(net, gradient);
        }
        long allocatedBySteps = bytesAllocatedBy(() -> optimizer.step(net, gradient), 300);
        // one allocation per step would be ≥ 300 × 16 bytes (the smallest object); a one-off below that (seen once
        // on a loaded machine: a first wait for a descheduled worker takes a path not yet compiled) is no cost
        assertThat(allocatedBySteps).isLessThan(300 * 16);
        assertThat(optimizer.lastStepFinite()).isTrue();
    }
}
