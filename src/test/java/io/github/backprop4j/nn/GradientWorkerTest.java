package io.github.backprop4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.optim.Adam;
import io.github.backprop4j.optim.Optimizer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The data-parallel seams: a gradient worker's sums, their combination in shard order, a step from a flat gradient. */
class GradientWorkerTest {

    private static Network classifier(int threads) {
        return Network.builder().input(6).dense(24, new ReLU()).dense(12, new Tanh()).dense(4, new Softmax())
                .loss(new CrossEntropy()).threads(threads).build(new SplittableRandom(3));
    }

    private static Matrix labels(SplittableRandom r, int rows, int classes) {
        Matrix y = Matrix.zeros(rows, 1);
        for (int i = 0; i < rows; i++) {
            y.set(i, 0, r.nextInt(classes));
        }
        return y;
    }

    /** One shard's sum, divided once by its rows, is the backward pass's gradient for the batch: every bit. */
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 33, 64, 200})
    void oneShardGivesTheBackwardPassBitForBit(int rows) {
        SplittableRandom r = new SplittableRandom(rows);
        Network net = classifier(2);
        Matrix x = InferenceAndSeamsTest.random(r, rows, 6);
        Matrix y = labels(r, rows, 4);
        GradientSum total = new GradientSum(net);
        total.add(new GradientWorker(net).sum(x, y, null));

        net.forward(x);
        double cost = net.backward(y);
        assertThat(total.cost()).isEqualTo(cost);
        assertThat(total.divisor()).isEqualTo(rows);
        assertThat(total.meanInto(new double[net.flatGradient().length])).isEqualTo(net.flatGradient());
    }

    /** Shards of a batch, added in shard order and divided once by all their rows, give the batch's gradient. */
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void shardsAddUpToTheBatchsGradient(int shards) {
        SplittableRandom r = new SplittableRandom(11);
        Network net = classifier(1);
        int rows = 61;
        Matrix x = InferenceAndSeamsTest.random(r, rows, 6);
        Matrix y = labels(r, rows, 4);
        GradientWorker worker = new GradientWorker(net);
        GradientSum shard = new GradientSum(net);
        GradientSum total = new GradientSum(net);
        for (int s = 0; s < shards; s++) {
            int from = s * rows / shards;
            int to = (s + 1) * rows / shards;
            total.add(worker.sumInto(x.rowRange(from, to), y.rowRange(from, to), null, shard));
        }
        net.forward(x);
        double cost = net.backward(y);
        double[] expected = net.flatGradient();
        double[] gradient = total.meanInto(new double[expected.length]);
        assertThat(total.divisor()).isEqualTo(rows);
        assertThat(total.cost()).isCloseTo(cost, within(1e-12));
        for (int i = 0; i < expected.length; i++) {
            assertThat(gradient[i]).as("gradient %d", i).isCloseTo(expected[i], within(1e-12));
        }
    }

    @Test
    void addingToAnEmptySumCopiesAndAnEmptySumAddsNothing() {
        double[] values = {-0.0, 1.5, -2.25};
        GradientSum total = GradientSum.wrap(new double[3], 0, 0);
        total.add(GradientSum.wrap(values.clone(), 4, 0.7));
        // a copy, not 0.0 + x: the sign of a zero survives, so one shard keeps every bit
        assertThat(total.sums()).containsExactly(-0.0, 1.5, -2.25);
        assertThat(Double.doubleToRawLongBits(total.sums()[0])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        total.add(GradientSum.wrap(new double[] {9, 9, 9}, 0, Double.NaN));
        assertThat(total.sums()).containsExactly(-0.0, 1.5, -2.25);
        assertThat(total.cost()).isEqualTo(0.7);
        total.add(GradientSum.wrap(new double[] {1, 1, 1}, 12, 0.3));
        assertThat(total.sums()).containsExactly(1.0, 2.5, -1.25);
        assertThat(total.divisor()).isEqualTo(16);
        assertThat(total.cost()).isCloseTo(0.4, within(1e-15)); // the mean over all 16 rows
        assertThat(total.meanInto(new double[3])).containsExactly(1.0 / 16, 2.5 / 16, -1.25 / 16);
    }

    @Test
    void theWorkerAllocatesNothingPerCall() throws ReflectiveOperationException {
        SplittableRandom r = new SplittableRandom(2);
        Network net = Network.builder().input(6).dense(24, new ReLU()).dropout(0.25).dense(4, new Softmax())
                .loss(new CrossEntropy()).threads(1).build(new SplittableRandom(3));
        Matrix x = InferenceAndSeamsTest.random(r, 32, 6);
        Matrix y = labels(r, 32, 4);
        GradientWorker worker = new GradientWorker(net);
        GradientSum out = new GradientSum(net);
        GradientSum total = new GradientSum(net);
        double[] gradient = new double[out.sums().length];
        SplittableRandom masks = new SplittableRandom(4);
        long bytes = PredictorTest.bytesAllocatedBy(() -> {
            worker.sumInto(x, y, masks, out);
            total.add(out).meanInto(gradient);
        });
        // under one byte a batch: what is left is the JIT's own, not the worker's (one gradient array is 2,160)
        assertThat(bytes).as("bytes for 5,000 batches").isLessThan(5_000);
    }

    /** The worker's dropout masks are drawn from the given generator as the layers draw theirs. */
    @Test
    void dropoutMasksComeFromTheGivenGeneratorAsInTheNetwork() {
        SplittableRandom r = new SplittableRandom(9);
        NetworkBuilder shape = Network.builder().input(6).dense(24, new ReLU()).dropout(0.5).dense(8, new Tanh())
                .dropout(0.2).dense(4, new Softmax()).loss(new CrossEntropy());
        double[] parameters = shape.build(new SplittableRandom(1)).flatParameters();
        Network net = shape.build(parameters, new SplittableRandom(77));
        Matrix x = InferenceAndSeamsTest.random(r, 20, 6);
        Matrix y = labels(r, 20, 4);
        GradientSum sum = new GradientWorker(shape.build(parameters, new SplittableRandom(0)))
                .sum(x, y, new SplittableRandom(77));
        net.forward(x);
        double cost = net.backward(y);
        assertThat(sum.cost()).isEqualTo(cost);
        assertThat(sum.meanInto(new double[parameters.length])).isEqualTo(net.flatGradient());
    }

    @Test
    void theWorkerReadsTheNetworksCurrentWeightsAndLeavesThemAlone() {
        SplittableRandom r = new SplittableRandom(5);
        Network net = classifier(1);
        Matrix x = InferenceAndSeamsTest.random(r, 10, 6);
        Matrix y = labels(r, 10, 4);
        GradientWorker worker = new GradientWorker(net);
        double[] before = net.flatParameters();
        double[] first = worker.sum(x, y, null).sums().clone();
        assertThat(net.flatParameters()).isEqualTo(before);
        double[] changed = before.clone();
        changed[0] += 0.5;
        net.setFlatParameters(changed);
        assertThat(worker.sum(x, y, null).sums()).isNotEqualTo(first);
        assertThat(worker.output().shape()).isEqualTo("10×4");
    }

    @Test
    void badCallsAreRefusedWithTheirReason() {
        Network net = classifier(1);
        Network withDropout = Network.builder().input(6).dense(5, new ReLU()).dropout(0.5).dense(4, new Softmax())
                .loss(new CrossEntropy()).build(new SplittableRandom(3));
        Matrix x = Matrix.zeros(3, 6);
        Matrix y = Matrix.zeros(3, 1);
        GradientWorker worker = new GradientWorker(net);
        assertThatThrownBy(worker::output).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("call forward first");
        assertThatThrownBy(() -> worker.sumInto(x, y, null, GradientSum.wrap(new double[5], 0, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sumInto: a sum of 5 values where %d are expected (the network's parameters)",
                        net.parameterCount());
        assertThatThrownBy(() -> new GradientWorker(withDropout).sum(x, y, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("masks need a random generator");
        assertThatThrownBy(() -> worker.sum(Matrix.zeros(0, 6), Matrix.zeros(0, 1), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty batch");
        assertThatThrownBy(() -> new GradientSum(net).meanInto(new double[(int) net.parameterCount()]))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("holds no rows");
        assertThatThrownBy(() -> new GradientSum(net).meanInto(new double[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 values given");
        assertThatThrownBy(() -> GradientSum.wrap(new double[2], -1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GradientSum: the divisor must be finite and ≥ 0, got -1.0");
        assertThatThrownBy(() -> new GradientSum(net).add(GradientSum.wrap(new double[2], 1, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("add: a sum of 2 values");
    }

    /** A step from a flat gradient is the step from the backward pass that computed it, bit for bit. */
    @Test
    void aStepFromAFlatGradientIsTheStepFromBackward() {
        SplittableRandom r = new SplittableRandom(6);
        Matrix x = InferenceAndSeamsTest.random(r, 16, 6);
        Matrix y = labels(r, 16, 4);
        Network here = classifier(1);
        Network there = classifier(1);
        Optimizer hereAdam = Adam.builder().learningRate(0.01).build();
        Optimizer thereAdam = Adam.builder().learningRate(0.01).build();
        GradientWorker worker = new GradientWorker(there);
        double[] gradient = new double[(int) there.parameterCount()];
        for (int step = 0; step < 3; step++) {
            here.forward(x);
            here.backward(y);
            hereAdam.step(here);
            thereAdam.step(there, worker.sum(x, y, null).meanInto(gradient));
        }
        assertThat(there.flatParameters()).isEqualTo(here.flatParameters());
        assertThat(there.backwardCount()).isEqualTo(3);
        assertThat(there.flatGradient()).isEqualTo(gradient);
        // a gradient set once is applied once
        assertThatThrownBy(() -> thereAdam.step(there)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no backward pass since the last step");
        assertThatThrownBy(() -> there.setFlatGradient(new double[3])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setFlatGradient: 3 values given, the network has %d parameters", gradient.length);
    }
}
