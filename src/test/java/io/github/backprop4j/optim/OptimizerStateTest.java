package io.github.backprop4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Exporting and restoring an optimizer's state: resuming is bitwise, and a bad state is refused whole. */
class OptimizerStateTest {

    static LongStream seeds() {
        return LongStream.range(0, 40).map(i -> 0x5EED_0000L + i);
    }

    /**
     * Property: for a random optimizer, schedule, shapes and gradient sequence, training N steps equals training
     * k steps, exporting, restoring into a fresh optimizer on fresh copies of the weights, and training N − k
     * more, bit for bit.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void resumingFromAnExportedStateIsBitwiseTheSame(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int layers = 1 + random.nextInt(3);
        int[] sizes = new int[layers + 1];
        for (int i = 0; i <= layers; i++) {
            sizes[i] = 1 + random.nextInt(5);
        }
        int optimizerKind = (int) Math.floorMod(seed, 8L);  // every optimizer and variant, five seeds each
        double clip = random.nextBoolean() ? 0.5 + random.nextDouble() : 0.0;
        LearningRateSchedule schedule = switch (random.nextInt(3)) {
            case 0 -> LearningRateSchedule.constant(0.05);
            case 1 -> LearningRateSchedule.cosineAnnealing(0.05, 1e-4, 12).withWarmUp(3);
            default -> LearningRateSchedule.stepDecay(0.05, 4, 0.7);
        };
        int n = 2 + random.nextInt(20);
        int k = random.nextInt(n + 1);
        List<Parameter> initial = randomParameters(random, sizes);
        long gradientSeed = random.nextLong();

        List<Parameter> straight = copyOf(initial);
        Optimizer uninterrupted = newOptimizer(optimizerKind);
        train(uninterrupted, straight, schedule, clip, gradientSeed, 0, n);

        List<Parameter> resumed = copyOf(initial);
        Optimizer first = newOptimizer(optimizerKind);
        train(first, resumed, schedule, clip, gradientSeed, 0, k);
        OptimizerState saved = first.state();
        List<Parameter> reloaded = copyOf(resumed);  // as if the weights came back from a file
        Optimizer second = Optimizer.fromState(saved, reloaded);
        assertThat(second.state()).isEqualTo(saved);
        assertThat(second.stepCount()).isEqualTo(k);
        train(second, reloaded, schedule, clip, gradientSeed, k, n);

        for (int i = 0; i < straight.size(); i++) {
            assertThat(reloaded.get(i).value()).as(straight.get(i).name()).isEqualTo(straight.get(i).value());
        }
        assertThat(second.state()).isEqualTo(uninterrupted.state());
    }

    private static Optimizer newOptimizer(int kind) {
        return switch (kind) {
            case 0 -> new SgdOptimizer(0.05);
            case 1 -> SgdOptimizer.builder().learningRate(0.05).momentum(0.9).weightDecay(1e-3).build();
            case 2 -> SgdOptimizer.builder().learningRate(0.05).momentum(0.8).nesterov(true).build();
            case 3 -> Adam.builder().learningRate(0.05).weightDecay(1e-3).build();
            case 4 -> AdamW.builder().learningRate(0.05).weightDecay(0.1).build();
            case 5 -> RMSprop.builder().learningRate(0.05).l1(1e-3).build();
            case 6 -> RMSprop.builder().learningRate(0.05).rho(0.9).momentum(0.5).centered(true).weightDecay(1e-3)
                    .build();
            default -> AdamW.builder().learningRate(0.05).l1(1e-2).build();
        };
    }

    /** Steps from..to−1 as a trainer would: gradients of step t, optional clipping, η(t), step. */
    private static void train(Optimizer optimizer, List<Parameter> parameters, LearningRateSchedule schedule,
            double clip, long gradientSeed, int from, int to) {
        for (int t = from; t < to; t++) {
            SplittableRandom random = new SplittableRandom(gradientSeed + t);
            for (Parameter p : parameters) {
                double[] g = p.gradient().backingArray();
                for (int i = 0; i < g.length; i++) {
                    g[i] = random.nextDouble(-1.0, 1.0);
                }
            }
            if (clip > 0.0) {
                GradientClipping.clipGlobalNorm(parameters, clip);
            }
            optimizer.setLearningRate(schedule.rate(optimizer.stepCount()));
            optimizer.step(parameters);
        }
    }

    private static List<Parameter> randomParameters(SplittableRandom random, int[] sizes) {
        List<Parameter> parameters = new ArrayList<>();
        for (int l = 0; l + 1 < sizes.length; l++) {
            parameters.add(randomParameter(random, "layers." + l + ".weights", sizes[l], sizes[l + 1], true));
            parameters.add(randomParameter(random, "layers." + l + ".biases", 1, sizes[l + 1], false));
        }
        return parameters;
    }

    private static Parameter randomParameter(SplittableRandom random, String name, int rows, int cols,
            boolean isWeight) {
        double[] values = random.doubles(rows * cols, -1.0, 1.0).toArray();
        return new Parameter(name, Matrix.of(rows, cols, values), Matrix.zeros(rows, cols), isWeight);
    }

    private static List<Parameter> copyOf(List<Parameter> parameters) {
        List<Parameter> copy = new ArrayList<>();
        for (Parameter p : parameters) {
            copy.add(new Parameter(p.name(), p.value().copy(), p.gradient().copy(), p.isWeight()));
        }
        return copy;
    }

    // ---------------------------------------------------------------- what a state holds

    @Test
    void sgdStateHoldsSortedSettingsAndVelocities() {
        SgdOptimizer sgd = SgdOptimizer.builder().learningRate(0.1).momentum(0.9).nesterov(true).weightDecay(0.01)
                .build();
        Fixtures.runFiveSteps(sgd);
        OptimizerState state = sgd.state();
        assertThat(state.name()).isEqualTo("sgd");
        assertThat(state.settings()).containsExactly(Map.entry("learningRate", 0.1), Map.entry("momentum", 0.9),
                Map.entry("nesterov", 1.0), Map.entry("weightDecay", 0.01));
        assertThat(state.step()).isEqualTo(5);
        assertThat(state.tensors()).extracting(OptimizerState.Tensor::name)
                .containsExactly("W.velocity", "B.velocity");
    }

    @Test
    void plainSgdHasNoTensors() {
        SgdOptimizer sgd = new SgdOptimizer(0.1);
        Fixtures.runFiveSteps(sgd);
        assertThat(sgd.state().tensors()).isEmpty();
        assertThat(sgd.state().settings()).containsEntry("momentum", 0.0).containsEntry("nesterov", 0.0);
    }

    @Test
    void adamStateHoldsSortedSettings() {
        OptimizerState state = AdamW.builder().build().state();
        assertThat(state.name()).isEqualTo("adamw");
        assertThat(state.settings()).containsExactly(Map.entry("beta1", 0.9), Map.entry("beta2", 0.999),
                Map.entry("epsilon", 1e-8), Map.entry("learningRate", 1e-3), Map.entry("weightDecay", 0.01));
        assertThat(state.step()).isZero();
        assertThat(state.tensors()).isEmpty();
        assertThat(Adam.builder().build().state().name()).isEqualTo("adam");
    }

    @Test
    void rmspropStateHoldsSortedSettingsAndItsSlots() {
        RMSprop rmsprop = RMSprop.builder().learningRate(0.02).rho(0.9).epsilon(1e-6).momentum(0.5).centered(true)
                .weightDecay(0.01).build();
        Fixtures.runFiveSteps(rmsprop);
        OptimizerState state = rmsprop.state();
        assertThat(state.name()).isEqualTo("rmsprop");
        assertThat(state.settings()).containsExactly(Map.entry("centered", 1.0), Map.entry("epsilon", 1e-6),
                Map.entry("learningRate", 0.02), Map.entry("momentum", 0.5), Map.entry("rho", 0.9),
                Map.entry("weightDecay", 0.01));
        assertThat(state.tensors()).extracting(OptimizerState.Tensor::name)
                .containsExactly("W.v", "W.m", "W.velocity", "B.v", "B.m", "B.velocity");
        assertThat(RMSprop.builder().build().state().settings()).containsEntry("centered", 0.0)
                .containsEntry("momentum", 0.0);
    }

    /** L1 is a setting only when λ₁ &gt; 0, so states without it (older ones) mean λ₁ = 0 and restore as they were. */
    @Test
    void l1IsInTheStateOnlyWhenUsedAndAStateWithoutItMeansNone() {
        for (Optimizer withL1 : List.of(SgdOptimizer.builder().l1(0.25).build(), Adam.builder().l1(0.25).build(),
                AdamW.builder().l1(0.25).build(), RMSprop.builder().l1(0.25).build())) {
            List<Parameter> parameters = Fixtures.runFiveSteps(withL1);
            OptimizerState state = withL1.state();
            assertThat(state.settings()).containsEntry("l1", 0.25);
            Optimizer restored = Optimizer.fromState(state, parameters);
            assertThat(restored.state()).isEqualTo(state);
            assertThat(restored).hasToString(withL1.toString());

            Map<String, Double> without = new TreeMap<>(state.settings());
            without.remove("l1");
            Optimizer none = Optimizer.fromState(withSettings(state, without), parameters);
            assertThat(none.state().settings()).doesNotContainKey("l1");
            assertThat(none.toString()).doesNotContain("λ₁");
        }
        assertThat(new SgdOptimizer(0.1).state().settings()).doesNotContainKey("l1");
    }

    @Test
    void aNegativeL1IsRefused() {
        OptimizerState state = adamState();
        Map<String, Double> settings = new TreeMap<>(state.settings());
        settings.put("l1", -0.5);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Optimizer.fromState(withSettings(state, settings), Fixtures.parameters()))
                .withMessageContainingAll("l1", "≥ 0", "-0.5");
    }

    @Test
    void theExportedStateIsACopy() {
        Adam adam = Adam.builder().build();
        List<Parameter> parameters = Fixtures.runFiveSteps(adam);
        OptimizerState state = adam.state();
        state.tensors().get(0).value().fill(42.0);
        assertThat(adam.state()).isNotEqualTo(state);
        Optimizer restored = Optimizer.fromState(adam.state(), parameters);
        OptimizerState before = restored.state();
        adam.state().tensors().get(0).value().fill(7.0);
        restored.step(parameters);
        assertThat(before.step()).isEqualTo(5);
        assertThat(before.tensors().get(0).value()).isEqualTo(adam.state().tensors().get(0).value());
    }

    @Test
    void aStateFromBeforeTheFirstStepRestoresAFreshOptimizer() {
        Adam fresh = Adam.builder().learningRate(0.01).build();
        Optimizer restored = Optimizer.fromState(fresh.state(), Fixtures.parameters());
        List<Parameter> a = Fixtures.runFiveSteps(fresh);
        List<Parameter> b = Fixtures.runFiveSteps(restored);
        assertThat(b.get(0).value()).isEqualTo(a.get(0).value());
        assertThat(restored).isInstanceOf(Adam.class);
    }

    // ---------------------------------------------------------------- bad states

    private static OptimizerState adamState() {
        Adam adam = Adam.builder().build();
        Fixtures.runFiveSteps(adam);
        return adam.state();
    }

    private static OptimizerState withSettings(OptimizerState state, Map<String, Double> settings) {
        return new OptimizerState(state.name(), settings, state.step(), state.tensors());
    }

    private static OptimizerState withTensors(OptimizerState state, List<OptimizerState.Tensor> tensors) {
        return new OptimizerState(state.name(), state.settings(), state.step(), tensors);
    }

    @Test
    void anUnknownNameIsRefused() {
        OptimizerState state = adamState();
        OptimizerState adagrad = new OptimizerState("adagrad", state.settings(), 5, state.tensors());
        assertThatIllegalArgumentException().isThrownBy(() -> Optimizer.fromState(adagrad, Fixtures.parameters()))
                .withMessageContainingAll("unknown optimizer", "adagrad", "sgd, adam, adamw or rmsprop");
    }

    @Test
    void aMissingSettingIsRefused() {
        OptimizerState state = adamState();
        Map<String, Double> settings = new TreeMap<>(state.settings());
        settings.remove("beta2");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Optimizer.fromState(withSettings(state, settings), Fixtures.parameters()))
                .withMessageContainingAll("adam state", "missing setting", "beta2");
    }

    @Test
    void anUnknownSettingIsRefused() {
        OptimizerState state = adamState();
        Map<String, Double> settings = new TreeMap<>(state.settings());
        settings.put("amsgrad", 1.0);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Optimizer.fromState(withSettings(state, settings), Fixtures.parameters()))
                .withMessageContainingAll("adam state", "unknown setting", "amsgrad", "optionally l1");
    }

    @Test
    void aSettingOutOfRangeIsRefused() {
        OptimizerState state = adamState();
        Map<String, Double> settings = new TreeMap<>(state.settings());
        settings.put("beta1", 1.0);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Optimizer.fromState(withSettings(state, settings), Fixtures.parameters()))
                .withMessageContainingAll("beta1", "1.0");
        settings.put("beta1", 0.9);
        settings.put("learningRate", -1.0);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Optimizer.fromState(withSettings(state, settings), Fixtures.parameters()))
                .withMessageContainingAll("learning rate", "-1.0");
    }

    @Test
    void nesterovMustBeZeroOrOne() {
        OptimizerState state = SgdOptimizer.builder().momentum(0.9).build().state();
        Map<String, Double> settings = new TreeMap<>(state.settings());
        settings.put("nesterov", 0.5);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Optimizer.fromState(withSettings(state, settings), Fixtures.parameters()))
                .withMessageContainingAll("nesterov", "0 or 1", "0.5");
    }

    @Test
    void centeredMustBeZeroOrOne() {
        OptimizerState state = RMSprop.builder().build().state();
        Map<String, Double> settings = new TreeMap<>(state.settings());
        settings.put("centered", 2.0);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Optimizer.fromState(withSettings(state, settings), Fixtures.parameters()))
                .withMessage("rmsprop state: centered must be 0 or 1, got 2.0");
    }

    @Test
    void rmspropRefusesANegativeMeanSquareAndTensorsOfAnotherVariant() {
        RMSprop rmsprop = RMSprop.builder().build();
        Fixtures.runFiveSteps(rmsprop);
        OptimizerState state = rmsprop.state();
        List<OptimizerState.Tensor> tensors = new ArrayList<>(state.tensors());
        tensors.set(0, new OptimizerState.Tensor("W.v", Matrix.of(2, 3, 0.0, 0.0, 0.0, 0.0, -1.0, 0.0)));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Optimizer.fromState(withTensors(state, tensors), Fixtures.parameters()))
                .withMessageContainingAll("rmsprop state", "W.v", "index 4", "≥ 0");
        Map<String, Double> centered = new TreeMap<>(state.settings());
        centered.put("centered", 1.0);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Optimizer.fromState(withSettings(state, centered), Fixtures.parameters()))
                .withMessageContainingAll("rmsprop state", "2 tensors", "expected 4", "v, m");
    }

    @Test
    void aWrongNumberOfTensorsIsRefused() {
        OptimizerState state = adamState();
        OptimizerState missing = withTensors(state, state.tensors().subList(0, 3));
        assertThatIllegalArgumentException().isThrownBy(() -> Optimizer.fromState(missing, Fixtures.parameters()))
                .withMessageContainingAll("adam state", "3 tensors", "2 parameters", "expected 4", "m, v");
        OptimizerState none = withTensors(state, List.of());
        assertThatIllegalArgumentException().isThrownBy(() -> Optimizer.fromState(none, Fixtures.parameters()))
                .withMessageContainingAll("0 tensors", "expected 4");
    }

    @Test
    void tensorsForOtherParametersAreRefused() {
        OptimizerState state = adamState();
        List<Parameter> other = List.of(Fixtures.parameters().get(0));
        assertThatIllegalArgumentException().isThrownBy(() -> Optimizer.fromState(state, other))
                .withMessageContainingAll("4 tensors", "1 parameters", "expected 2");
    }

    @Test
    void aTensorOfAnotherNameIsRefused() {
        OptimizerState state = adamState();
        List<OptimizerState.Tensor> tensors = new ArrayList<>(state.tensors());
        tensors.set(1, new OptimizerState.Tensor("W.s", tensors.get(1).value()));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Optimizer.fromState(withTensors(state, tensors), Fixtures.parameters()))
                .withMessageContainingAll("tensor 1", "W.s", "expected W.v");
    }

    @Test
    void aTensorOfAnotherShapeIsRefused() {
        OptimizerState state = adamState();
        List<OptimizerState.Tensor> tensors = new ArrayList<>(state.tensors());
        tensors.set(2, new OptimizerState.Tensor("B.m", Matrix.zeros(3, 1)));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Optimizer.fromState(withTensors(state, tensors), Fixtures.parameters()))
                .withMessageContainingAll("B.m", "3×1", "expected 1×3");
    }

    @Test
    void nonFiniteOrNegativeMomentsAreRefused() {
        OptimizerState state = adamState();
        List<OptimizerState.Tensor> tensors = new ArrayList<>(state.tensors());
        tensors.set(0, new OptimizerState.Tensor("W.m", Matrix.filled(2, 3, Double.NaN)));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Optimizer.fromState(withTensors(state, tensors), Fixtures.parameters()))
                .withMessage("adam state: tensor W.m (0, 0) is NaN; values must be finite");
        tensors.set(0, state.tensors().get(0));
        tensors.set(3, new OptimizerState.Tensor("B.v", Matrix.of(1, 3, 0.0, -1e-9, 0.0)));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Optimizer.fromState(withTensors(state, tensors), Fixtures.parameters()))
                .withMessageContainingAll("B.v", "index 1", "≥ 0");
    }

    @Test
    void aNegativeStepCountIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new OptimizerState("sgd", Map.of(), -1, List.of()))
                .withMessageContainingAll("step", "-1");
    }
}
