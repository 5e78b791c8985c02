package io.github.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.backprop4j.data.Dataset;
import io.github.backprop4j.data.Shuffle;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.ClassificationLoss;
import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.GradientSum;
import io.github.backprop4j.nn.GradientWorker;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.NetworkBuilder;
import io.github.backprop4j.nn.Softmax;
import io.github.backprop4j.nn.Tanh;
import io.github.backprop4j.optim.LearningRateSchedule;
import io.github.backprop4j.optim.SgdOptimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The trainer's loop driven by steps from elsewhere: gradients, or parameters. */
class StepSourceTest {

    private static final NetworkBuilder SHAPE = Network.builder().input(2).dense(12, new Tanh()).dense(3, new Softmax())
            .loss(new CrossEntropy()).threads(1);

    private static Network network() {
        return SHAPE.build(new SplittableRandom(2));
    }

    private static Trainer.Builder trainer() {
        return Trainer.builder().optimizer(SgdOptimizer.builder().learningRate(0.1).momentum(0.9).build())
                .schedule(LearningRateSchedule.exponential(0.1, 0.99)).clipGradientNorm(1.0).epochs(4);
    }

    /**
     * What a data-parallel driver does, in one JVM: the trainer's own batches, each cut into shards whose gradient
     * sums are added in shard order and divided once.
     */
    private static final class ShardedGradients implements StepSource {
        private final Dataset data;
        private final int batchSize;
        private final int shards;
        private final SplittableRandom random;
        private final int[] order;
        private final GradientWorker worker;
        private final GradientSum shard;
        private final GradientSum total;
        private final double[] gradient;

        ShardedGradients(Network network, Dataset data, int batchSize, int shards, long seed) {
            this.data = data;
            this.batchSize = batchSize;
            this.shards = shards;
            this.random = new SplittableRandom(seed);
            this.order = Shuffle.identity(data.size());
            this.worker = new GradientWorker(network);
            this.shard = new GradientSum(network);
            this.total = new GradientSum(network);
            this.gradient = new double[(int) network.parameterCount()];
        }

        @Override
        public int samples() {
            return data.size();
        }

        @Override
        public int steps() {
            return (data.size() + batchSize - 1) / batchSize;
        }

        @Override
        public int batchSize() {
            return batchSize;
        }

        @Override
        public void startEpoch(int epoch) {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Shuffle.inPlace(order, random);
        }

        @Override
        public void step(int epoch, int step, Network network, Report report) {
            int from = (step - 1) * batchSize;
            int to = Math.min(data.size(), from + batchSize);
            total.add(GradientSum.wrap(new double[gradient.length], 0, 0)); // nothing: an empty sum adds nothing
            GradientSum sum = GradientSum.wrap(new double[gradient.length], 0, 0);
            long correct = 0;
            for (int s = 0; s < shards; s++) {
                int a = from + s * (to - from) / shards;
                int b = from + (s + 1) * (to - from) / shards;
                Matrix x = Matrix.zeros(b - a, 2);
                Matrix y = Matrix.zeros(b - a, 3);
                data.gatherInto(order, a, b, x, y);
                sum.add(worker.sumInto(x, y, null, shard));
                correct += ((ClassificationLoss) network.loss()).countCorrect(worker.output(), y, null);
            }
            network.setFlatGradient(sum.meanInto(gradient));
            report.gradient(to - from, sum.cost(), correct, to - from);
        }
    }

    @Test
    void oneShardOfGradientsTrainsBitForBitAsTheTrainerOnTheDataset() {
        Dataset data = Problems.blobs(40, 0.4, 1);
        Network own = network();
        History expected = trainer().batchSize(16).seed(9).build().fit(own, data);
        Network driven = network();
        History history = trainer().build().fit(driven, new ShardedGradients(driven, data, 16, 1, 9), null);
        assertThat(driven.flatParameters()).isEqualTo(own.flatParameters());
        assertThat(history.trainingCosts()).isEqualTo(expected.trainingCosts());
        assertThat(history.trainingAccuracies()).isEqualTo(expected.trainingAccuracies());
    }

    @Test
    void threeShardsTrainAsOneToRounding() {
        Dataset data = Problems.blobs(40, 0.4, 1);
        Network one = network();
        trainer().build().fit(one, new ShardedGradients(one, data, 16, 1, 9), null);
        Network three = network();
        trainer().build().fit(three, new ShardedGradients(three, data, 16, 3, 9), null);
        double[] a = one.flatParameters();
        double[] b = three.flatParameters();
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).as("parameter %d", i).isCloseTo(a[i], org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    /** Parameter averaging: two workers each train an epoch on their half, and the driver averages them. */
    private static final class AveragedHalves implements StepSource {
        private final Dataset[] halves;
        private final double rate;
        private int nonFiniteAtEpoch = -1;

        AveragedHalves(Dataset data, double rate) {
            int half = data.size() / 2;
            this.halves = new Dataset[] {data.rows(0, half), data.rows(half, data.size())};
            this.rate = rate;
        }

        @Override
        public int samples() {
            return halves[0].size() + halves[1].size();
        }

        @Override
        public int steps() {
            return 1;
        }

        @Override
        public int batchSize() {
            return samples();
        }

        @Override
        public void step(int epoch, int step, Network network, Report report) {
            double[] start = network.flatParameters();
            double[] average = new double[start.length];
            double cost = 0;
            long correct = 0;
            for (int w = 0; w < 2; w++) {
                Network local = SHAPE.build(start);
                History h = Trainer.builder().optimizer(new SgdOptimizer(rate)).epochs(1).batchSize(8).seed(epoch * 2L + w)
                        .build().fit(local, halves[w]);
                double[] p = local.flatParameters();
                for (int i = 0; i < p.length; i++) {
                    average[i] += 0.5 * p[i];
                }
                cost += 0.5 * h.last().trainingCost();
                correct += Math.round(h.last().trainingAccuracy() * halves[w].size());
            }
            if (epoch == nonFiniteAtEpoch) {
                average[5] = Double.NaN;  // setFlatParameters would refuse it: put it in place as a bug would
                network.layers().get(0).weights().backingArray()[5] = Double.NaN;
            } else {
                network.setFlatParameters(average);
            }
            report.parameters(samples(), cost, correct, samples(), rate);
        }
    }

    @Test
    void averagedParametersGetTheLoopsListenersValidationAndEarlyStopping() {
        Dataset train = Problems.blobs(60, 0.35, 11);
        Dataset test = Problems.blobs(30, 0.35, 12);
        Network net = network();
        List<Double> rates = new ArrayList<>();
        TrainingListener batches = new TrainingListener() {
            @Override
            public void onBatchEnd(BatchEnd event) {
                rates.add(event.learningRate());
            }
        };
        EarlyStopping stopping = new EarlyStopping(EarlyStopping.Monitor.VALIDATION_COST, 2, 0.0, true);
        History history = Trainer.builder().optimizer(new SgdOptimizer(0.5)).epochs(60).listener(batches)
                .listener(stopping).build().fit(net, new AveragedHalves(train, 0.05), test);
        assertThat(history.last().validationAccuracy()).isGreaterThan(0.85);
        assertThat(history.last().learningRate()).isEqualTo(0.05);  // the source's, not the unused optimizer's
        assertThat(rates).hasSize(history.epochs().size()).containsOnly(0.05);
        assertThat(history.epochs().get(0).samples()).isEqualTo(train.size());
    }

    @Test
    void nonFiniteParametersFromASourceStopTrainingNamingTheParameter() {
        Dataset train = Problems.blobs(20, 0.35, 11);
        AveragedHalves source = new AveragedHalves(train, 0.05);
        source.nonFiniteAtEpoch = 2;
        Network net = network();
        assertThatThrownBy(() -> trainer().build().fit(net, source, null))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("layers.0.weights (0, 5) is NaN after the step")
                .hasMessageContaining("epoch 2, batch 1")
                .satisfies(e -> assertThat(((TrainingDivergedException) e).history().epochs()).hasSize(1));
    }

    @Test
    void aNonFiniteGradientOrCostFromASourceStopsTraining() {
        Network net = network();
        StepSource nanGradient = new OneStep((network, report) -> {
            double[] g = new double[(int) network.parameterCount()];
            g[g.length - 1] = Double.POSITIVE_INFINITY;
            network.setFlatGradient(g);
            report.gradient(4, 0.5, 0, 0);
        });
        assertThatThrownBy(() -> trainer().build().fit(net, nanGradient, null))
                .isInstanceOf(TrainingDivergedException.class).hasMessageContaining("the gradient of layers.1.biases");
        StepSource nanCost = new OneStep((network, report) -> report.parameters(4, Double.NaN, 0, 0, 0.1));
        assertThatThrownBy(() -> trainer().build().fit(network(), nanCost, null))
                .isInstanceOf(TrainingDivergedException.class).hasMessageContaining("the cost is NaN");
    }

    @Test
    void aSourceMustReportEachStepAndHaveSteps() {
        assertThatThrownBy(() -> trainer().build().fit(network(), new OneStep((network, report) -> { }), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fit: step 1 of epoch 1 reported nothing; a step source calls report.gradient or"
                        + " report.parameters");
        assertThatThrownBy(() -> new OneStep((network, report) -> { }).report().gradient(0, 1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("samples must be ≥ 1");
        StepSource none = new OneStep((network, report) -> { }) {
            @Override
            public int steps() {
                return 0;
            }
        };
        assertThatThrownBy(() -> trainer().build().fit(network(), none, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fit: the step source reports 0 steps of at most 4 of 4 samples; each must be ≥ 1");
    }

    /** A source of one step of 4 samples an epoch, doing what it is told. */
    private static class OneStep implements StepSource {
        private final java.util.function.BiConsumer<Network, Report> step;

        OneStep(java.util.function.BiConsumer<Network, Report> step) {
            this.step = step;
        }

        Report report() {
            return new Report();
        }

        @Override
        public int samples() {
            return 4;
        }

        @Override
        public int steps() {
            return 1;
        }

        @Override
        public int batchSize() {
            return 4;
        }

        @Override
        public void step(int epoch, int s, Network network, Report report) {
            step.accept(network, report);
        }
    }
}
