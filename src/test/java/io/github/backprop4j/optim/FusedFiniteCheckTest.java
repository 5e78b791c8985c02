package io.github.backprop4j.optim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.backprop4j.internal.Finite;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.Parameter;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Optimizer#lastStepFinite()}: the finiteness check every optimizer makes in its own update pass, block by
 * block, must say exactly what the two passes it replaces (every gradient, then every new value, through
 * {@link Finite#all}) would say — for a NaN or ±∞ on either side of every block boundary, in a gradient or made
 * by the update itself — and must not change a bit of the update.
 */
class FusedFiniteCheckTest {

    /** A weight of 41×61 = 2,501 elements (two block boundaries and a short last block) and its bias. */
    private static List<Parameter> parameters(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Matrix w = Matrix.zeros(41, 61).map(v -> r.nextDouble(-1, 1));
        Matrix b = Matrix.zeros(1, 61).map(v -> r.nextDouble(-1, 1));
        List<Parameter> p = List.of(new Parameter("W", w, Matrix.zeros(41, 61), true),
                new Parameter("B", b, Matrix.zeros(1, 61), false));
        gradients(p, r);
        return p;
    }

    private static void gradients(List<Parameter> parameters, SplittableRandom r) {
        for (Parameter p : parameters) {
            double[] g = p.gradient().backingArray();
            for (int k = 0; k < g.length; k++) {
                g[k] = r.nextDouble(-1, 1);
            }
        }
    }

    /** What the trainer's two passes said: every gradient finite, then every value. */
    private static boolean twoPasses(List<Parameter> parameters) {
        return parameters.stream().allMatch(p -> Finite.all(p.gradient().backingArray())
                && Finite.all(p.value().backingArray()));
    }

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("sgd", (Supplier<Optimizer>) () -> new SgdOptimizer(0.1)),
                Arguments.of("sgd momentum", (Supplier<Optimizer>) () -> SgdOptimizer.builder().learningRate(0.1)
                        .momentum(0.9).weightDecay(1e-3).l1(1e-4).build()),
                Arguments.of("sgd nesterov", (Supplier<Optimizer>) () -> SgdOptimizer.builder().learningRate(0.1)
                        .momentum(0.9).nesterov(true).build()),
                Arguments.of("adam", (Supplier<Optimizer>) () -> Adam.builder().weightDecay(1e-3).build()),
                Arguments.of("adamw", (Supplier<Optimizer>) () -> AdamW.builder().build()),
                Arguments.of("rmsprop centered momentum", (Supplier<Optimizer>) () -> RMSprop.builder()
                        .centered(true).momentum(0.9).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void finiteStepsAreSeenAsFiniteAndNothingIsKnownBeforeTheFirst(String name, Supplier<Optimizer> make) {
        Optimizer optimizer = make.get();
        assertThat(optimizer.lastStepFinite()).isFalse();
        List<Parameter> p = parameters(1);
        SplittableRandom r = new SplittableRandom(2);
        for (int t = 0; t < 3; t++) {
            optimizer.step(p);
            assertThat(optimizer.lastStepFinite()).isTrue().isEqualTo(twoPasses(p));
            gradients(p, r);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void aNonFiniteGradientOnEitherSideOfEveryBlockBoundaryIsSeen(String name, Supplier<Optimizer> make) {
        int last = 41 * 61 - 1;
        int[] weightPlaces = {0, 1, AbstractOptimizer.BLOCK - 1, AbstractOptimizer.BLOCK,
            2 * AbstractOptimizer.BLOCK - 1, 2 * AbstractOptimizer.BLOCK, last};
        double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int parameter = 0; parameter < 2; parameter++) {
            for (int place : parameter == 0 ? weightPlaces : new int[] {0, 60}) {
                for (double value : bad) {
                    Optimizer optimizer = make.get();
                    List<Parameter> p = parameters(place);
                    optimizer.step(p);
                    assertThat(optimizer.lastStepFinite()).isTrue();
                    p.get(parameter).gradient().backingArray()[place] = value;
                    optimizer.step(p);
                    assertThat(optimizer.lastStepFinite()).as("%s at %d of parameter %d", value, place, parameter)
                            .isFalse().isEqualTo(twoPasses(p));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void aValueTheUpdateMakesNonFiniteIsSeen(String name, Supplier<Optimizer> make) {
        // finite gradients, but one weight so large that the step overflows it (AdamW's decay, Adam's bounded
        // step: a huge weight whose gradient is huge too, so that λ·W or W − η·update overflows)
        for (int place : new int[] {0, AbstractOptimizer.BLOCK - 1, AbstractOptimizer.BLOCK, 41 * 61 - 1}) {
            Optimizer optimizer = make.get();
            List<Parameter> p = parameters(3);
            p.get(0).value().backingArray()[place] = -Double.MAX_VALUE;
            p.get(0).gradient().backingArray()[place] = Double.MAX_VALUE;
            optimizer.setLearningRate(Double.MAX_VALUE);
            optimizer.step(p);
            assertThat(Finite.all(p.get(0).gradient().backingArray())).isTrue();
            assertThat(optimizer.lastStepFinite()).as("at %d", place).isFalse().isEqualTo(twoPasses(p));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theFlagSaysWhatTheTwoPassesSaid(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Optimizer optimizer = SgdOptimizer.builder().learningRate(0.1).momentum(0.9).build();
        List<Parameter> p = parameters(seed);
        for (int t = 0; t < 5; t++) {
            if (r.nextInt(3) == 0) {
                Parameter q = p.get(r.nextInt(2));
                q.gradient().backingArray()[r.nextInt(q.gradient().size())] = r.nextBoolean() ? Double.NaN
                        : Double.NEGATIVE_INFINITY;
            }
            optimizer.step(p);
            assertThat(optimizer.lastStepFinite()).isEqualTo(twoPasses(p));
            if (!twoPasses(p)) {  // start again from finite parameters, with an optimizer bound to them
                p = parameters(seed + t);
                optimizer = SgdOptimizer.builder().learningRate(0.1).momentum(0.9).build();
            }
            gradients(p, r);
        }
    }

    static Stream<Long> seeds() {
        return Stream.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theBlocksChangeNoBitOfTheUpdate(long seed) {
        // SGD with momentum, the protocol's optimizer, element by element as its equations say
        List<Parameter> p = parameters(seed);
        double[] w = p.get(0).value().backingArray().clone();
        double[] g = p.get(0).gradient().backingArray();
        double[] v = new double[w.length];
        SgdOptimizer sgd = SgdOptimizer.builder().learningRate(0.05).momentum(0.9).build();
        for (int t = 0; t < 3; t++) {
            sgd.step(p);
            for (int k = 0; k < w.length; k++) {
                v[k] = 0.9 * v[k] + g[k];
                w[k] = Math.fma(-0.05, v[k], w[k]);
            }
        }
        assertThat(p.get(0).value().backingArray()).isEqualTo(w);
    }
}
