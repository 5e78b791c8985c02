package io.github.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.backprop4j.data.Dataset;
import io.github.backprop4j.internal.Finite;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;
import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.Evaluation;
import io.github.backprop4j.nn.Identity;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.ReLU;
import io.github.backprop4j.nn.Softmax;
import io.github.backprop4j.nn.Tanh;
import io.github.backprop4j.optim.SgdOptimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainerTest {

    private static Network classifier(int inputs, int hidden, int classes, long seed) {
        return Network.builder().input(inputs).dense(hidden, new Tanh()).dense(hidden, new Tanh())
                .dense(classes, new Softmax()).loss(new CrossEntropy()).build(new SplittableRandom(seed));
    }

    @Test
    void learnsTwoSpirals() {
        Dataset spirals = Problems.spirals(200, 0.02, 1);
        Network net = Network.builder().input(2).dense(32, new ReLU()).dense(32, new ReLU())
                .dense(2, new Softmax()).loss(new CrossEntropy()).build(new SplittableRandom(5));
        Trainer trainer = Trainer.builder().optimizer(new SgdOptimizer(0.1)).epochs(300).batchSize(16).seed(3).build();
        History history = trainer.fit(net, spirals);
        Evaluation e = net.evaluate(spirals.features(), spirals.targets());
        assertThat(e.accuracy()).as("%s", history.last()).isGreaterThanOrEqualTo(0.97);
        assertThat(history.epochs()).hasSize(300);
        assertThat(history.last().trainingCost()).isLessThan(history.epochs().get(0).trainingCost() / 5);
    }

    @Test
    void softmaxSeparatesThreeBlobsOnHeldOutData() {
        Dataset train = Problems.blobs(100, 0.35, 11);
        Dataset test = Problems.blobs(50, 0.35, 12);
        Network net = classifier(2, 8, 3, 2);
        History history = Trainer.builder().optimizer(new SgdOptimizer(0.1)).epochs(40).batchSize(10).seed(4)
                .build().fit(net, train, test);
        // the blobs overlap a little: the Bayes rate is about 0.96
        assertThat(history.last().validationAccuracy()).isGreaterThan(0.9);
        assertThat(history.last().trainingAccuracy()).isGreaterThan(0.9);
        Evaluation e = net.evaluate(test.features(), test.targets());
        assertThat(e.accuracy()).isEqualTo(history.last().validationAccuracy());
        long[][] confusion = e.confusion();
        assertThat(confusion).hasDimensions(3, 3);
        long total = 0;
        for (int i = 0; i < 3; i++) {
            long row = 0;
            for (int j = 0; j < 3; j++) {
                row += confusion[i][j];
            }
            assertThat(row).as("class %d appears 50 times", i).isEqualTo(50);
            total += confusion[i][i];
        }
        assertThat((double) total / 150).isEqualTo(e.accuracy());
    }

    @Test
    void theSameSeedGivesTheSameWeightsBitForBit() {
        Dataset spirals = Problems.spirals(50, 0.05, 2);
        double[] first = trainFiveEpochs(spirals, 9);
        double[] again = trainFiveEpochs(spirals, 9);
        double[] otherSeed = trainFiveEpochs(spirals, 10);
        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    private static double[] trainFiveEpochs(Dataset data, long shuffleSeed) {
        Network net = Network.builder().input(2).dense(8, new ReLU()).dropout(0.2).dense(2, new Softmax())
                .loss(new CrossEntropy()).build(new SplittableRandom(1));
        Trainer.builder().optimizer(new SgdOptimizer(0.1)).epochs(5).batchSize(7).seed(shuffleSeed).build()
                .fit(net, data);
        return net.flatParameters();
    }

    /** Records every event as a short string. */
    private static final class Recorder implements TrainingListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void onTrainStart(TrainStart e) {
            events.add("start " + e.epochs() + " " + e.batchesPerEpoch() + " " + e.batchSize() + " " + e.samples());
        }

        @Override
        public void onEpochStart(EpochStart e) {
            events.add("epoch " + e.epoch());
        }

        @Override
        public void onBatchEnd(BatchEnd e) {
            events.add("batch " + e.batch() + "/" + e.batches() + " size " + e.batchSize() + " seen " + e.samplesSoFar());
        }

        @Override
        public void onEpochEnd(EpochEnd e) {
            events.add("end " + e.result().epoch() + " samples " + e.result().samples());
        }

        @Override
        public void onTrainEnd(TrainEnd e) {
            events.add("done " + e.epochsRun() + " " + e.stopReason());
        }
    }

    @Test
    void listenersHearEveryEventInOrderIncludingTheShorterLastBatch() {
        Dataset data = Problems.blobs(3, 0.3, 1); // 9 samples: batches of 4, 4, 1
        Recorder recorder = new Recorder();
        Trainer.builder().optimizer(new SgdOptimizer(0.1)).epochs(2).batchSize(4).listener(recorder).build()
                .fit(classifier(2, 3, 3, 1), data);
        assertThat(recorder.events).containsExactly(
                "start 2 3 4 9",
                "epoch 1", "batch 1/3 size 4 seen 4", "batch 2/3 size 4 seen 8", "batch 3/3 size 1 seen 9",
                "end 1 samples 9",
                "epoch 2", "batch 1/3 size 4 seen 4", "batch 2/3 size 4 seen 8", "batch 3/3 size 1 seen 9",
                "end 2 samples 9",
                "done 2 null");
    }

    @Test
    void aListenerCanStopTraining() {
        Recorder recorder = new Recorder();
        TrainingListener stopper = new TrainingListener() {
            @Override
            public void onBatchEnd(BatchEnd e) {
                if (e.epoch() == 2 && e.batch() == 1) {
                    e.control().requestStop("enough");
                    e.control().requestStop("ignored: the first reason is kept");
                }
            }
        };
        History history = Trainer.builder().optimizer(new SgdOptimizer(0.1)).epochs(5).batchSize(4)
                .listener(stopper).listener(recorder).build().fit(classifier(2, 3, 3, 1), Problems.blobs(3, 0.3, 1));
        assertThat(recorder.events).endsWith("batch 1/3 size 4 seen 4", "end 2 samples 4", "done 2 enough");
        assertThat(history.stopReason()).isEqualTo("enough");
        assertThat(history.epochs()).hasSize(2);
    }

    @Test
    void divergenceStopsWithTheEpochBatchAndAHint() {
        Matrix x = Matrix.of(4, 1, 1, 2, 3, 4);
        Dataset data = new Dataset(x, x.scale(3));
        Network net = Network.builder().input(1).dense(4, new Identity()).dense(1, new Identity())
                .build(new SplittableRandom(1));
        Trainer trainer = Trainer.builder().optimizer(new SgdOptimizer(5.0)).epochs(50).batchSize(2).build();
        assertThatThrownBy(() -> trainer.fit(net, data)).isInstanceOfSatisfying(TrainingDivergedException.class, e -> {
            assertThat(e.epoch()).isGreaterThanOrEqualTo(1);
            assertThat(e.batch()).isBetween(1, 2);
            assertThat(e.learningRate()).isEqualTo(5.0);
            assertThat(e.lastFiniteCost()).isFinite();
            assertThat(e.getMessage()).contains("training diverged at epoch " + e.epoch() + ", batch " + e.batch())
                    .contains("learning rate 5.0").contains("lowering the learning rate").contains("scaling the inputs");
        });
    }

    /** 64 rows of 5 features in [−1, 1) with targets 3.0, and the issue's 5 → 4 ReLU → 1 identity network. */
    private static Dataset sixtyFourRows(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Matrix x = Matrix.zeros(64, 5).map(v -> r.nextDouble(-1, 1));
        return new Dataset(x, Matrix.filled(64, 1, 3.0));
    }

    private static Network fiveFourOne() {
        return Network.builder().input(5).dense(4, new ReLU()).dense(1, new Identity()).build(new SplittableRandom(1));
    }

    @Test
    void aStepThatLeavesNonFiniteWeightsStopsTrainingEvenAtTheLastStep() {
        Network net = fiveFourOne();
        Trainer trainer = Trainer.builder().optimizer(new SgdOptimizer(1e308)).epochs(1).batchSize(64).build();
        // one step of η = 1e308: the cost and gradients before it are finite, the weights after it are not
        assertThatThrownBy(() -> trainer.fit(net, sixtyFourRows(2), sixtyFourRows(3)))
                .isInstanceOfSatisfying(TrainingDivergedException.class, e -> {
                    assertThat(e.epoch()).isEqualTo(1);
                    assertThat(e.batch()).isEqualTo(1);
                    assertThat(e.layer()).isBetween(0, 1);
                    assertThat(e.lastFiniteCost()).isFinite();
                    assertThat(e.getMessage()).startsWith("training diverged at epoch 1, batch 1: layers."
                            + e.layer() + ".").containsPattern("\\(\\d+, \\d+\\) is (-?Infinity|NaN) after the step"
                            + " \\(first in layer " + e.layer() + "\\)");
                    assertThat(e.history().epochs()).isEmpty();
                });
        // with the check turned off, the same run returns, and the weights show why it should not have
        Network tolerant = fiveFourOne();
        Trainer.builder().optimizer(new SgdOptimizer(1e308)).epochs(1).batchSize(64).stopOnNonFinite(false).build()
                .fit(tolerant, sixtyFourRows(2));
        assertThat(Finite.all(tolerant.flatParameters())).isFalse();
    }

    @Test
    void aNonFiniteValidationCostStopsTraining() {
        Dataset huge = new Dataset(Matrix.filled(4, 5, 1e308), Matrix.filled(4, 1, 3.0));
        Trainer trainer = Trainer.builder().optimizer(new SgdOptimizer(0.01)).epochs(3).batchSize(16).build();
        Network net = fiveFourOne();
        assertThat(net.evaluate(huge.features(), huge.targets()).cost()).isInfinite();
        assertThatThrownBy(() -> trainer.fit(net, sixtyFourRows(2), huge))
                .isInstanceOfSatisfying(TrainingDivergedException.class, e -> {
                    assertThat(e.epoch()).isEqualTo(1);
                    assertThat(e.batch()).isEqualTo(4);  // after the epoch's last batch
                    assertThat(e.getMessage()).startsWith("training diverged at epoch 1, batch 4: the validation"
                            + " cost after the epoch is Infinity");
                    assertThat(e.history().epochs()).isEmpty();
                });
        assertThat(Finite.all(net.flatParameters())).isTrue();
    }

    @Test
    void divergenceCanBeToleratedOnRequest() {
        Matrix x = Matrix.of(4, 1, 1, 2, 3, 4);
        Network net = Network.builder().input(1).dense(4, new Identity()).dense(1, new Identity())
                .build(new SplittableRandom(1));
        History history = Trainer.builder().optimizer(new SgdOptimizer(5.0)).epochs(30).batchSize(2)
                .stopOnNonFinite(false).build().fit(net, new Dataset(x, x.scale(3)));
        assertThat(history.last().trainingCost()).isNaN();
    }

    @Test
    void dataThatDoesNotFitTheNetworkIsRefusedBeforeTraining() {
        Trainer trainer = Trainer.builder().optimizer(new SgdOptimizer(0.1)).build();
        Network net = classifier(3, 4, 3, 1);
        Dataset twoFeatures = Problems.blobs(3, 0.3, 1);
        assertThatThrownBy(() -> trainer.fit(net, twoFeatures)).isInstanceOf(ShapeException.class)
                .hasMessage("fit: the training set has 2 features but the network takes 3 inputs");
        Network twoClasses = classifier(2, 4, 2, 1);
        assertThatThrownBy(() -> trainer.fit(twoClasses, twoFeatures)).isInstanceOf(ShapeException.class)
                .hasMessage("fit: the training set has targets of width 3 but the network has 2 outputs");
        Network ok = classifier(2, 4, 3, 1);
        Dataset badValidation = new Dataset(Matrix.zeros(2, 5), Matrix.zeros(2, 3));
        assertThatThrownBy(() -> trainer.fit(ok, twoFeatures, badValidation)).isInstanceOf(ShapeException.class)
                .hasMessageContaining("validation set has 5 features");
        assertThatThrownBy(() -> trainer.fit(ok, new Dataset(Matrix.zeros(0, 2), Matrix.zeros(0, 3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> Trainer.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("an optimizer is required");
        assertThatThrownBy(() -> Trainer.builder().epochs(0)).hasMessageContaining("epochs must be ≥ 1");
        assertThatThrownBy(() -> Trainer.builder().batchSize(0)).hasMessageContaining("batch size must be ≥ 1");
    }

    @Test
    void theScheduleSetsTheRateOfEveryStepAndClippingBoundsTheGradient() {
        List<Double> rates = new ArrayList<>();
        TrainingListener rateRecorder = new TrainingListener() {
            @Override
            public void onBatchEnd(BatchEnd e) {
                rates.add(e.learningRate());
            }
        };
        double[] norms = new double[1];
        SgdOptimizer sgd = new SgdOptimizer(1.0);
        io.github.backprop4j.optim.Optimizer spy = new DelegatingOptimizer(sgd) {
            @Override
            public void step(List<io.github.backprop4j.nn.Parameter> parameters) {
                norms[0] = Math.max(norms[0], io.github.backprop4j.optim.GradientClipping.globalNorm(parameters));
                super.step(parameters);
            }
        };
        Trainer.builder().optimizer(spy).epochs(2).batchSize(4)
                .schedule(io.github.backprop4j.optim.LearningRateSchedule.exponential(0.4, 0.5))
                .clipGradientNorm(0.25).listener(rateRecorder).build()
                .fit(classifier(2, 3, 3, 1), Problems.blobs(3, 0.3, 1));
        // 3 batches an epoch: steps 0…5 at 0.4·0.5^t
        assertThat(rates).containsExactly(0.4, 0.2, 0.1, 0.05, 0.025, 0.0125);
        assertThat(norms[0]).isLessThanOrEqualTo(0.25 * (1 + 1e-12));
        assertThatThrownBy(() -> Trainer.builder().clipGradientNorm(-1)).hasMessageContaining("maxNorm");
    }

    @Test
    void clippingWithoutTheDivergenceCheckTrainsOnThroughNaN() {
        Matrix x = Matrix.of(4, 1, 1, 2, 3, 4);
        Network net = Network.builder().input(1).dense(4, new Identity()).dense(1, new Identity())
                .build(new SplittableRandom(1));
        History history = Trainer.builder().optimizer(new SgdOptimizer(5.0)).epochs(30).batchSize(2)
                .clipGradientNorm(1e300).stopOnNonFinite(false).build().fit(net, new Dataset(x, x.scale(3)));
        assertThat(history.epochs()).hasSize(30);
        assertThat(history.last().trainingCost()).isNaN();
    }

    @Test
    void afterDivergenceListenersFinishAndTheHistoryIsKept() {
        Matrix x = Matrix.of(4, 1, 1, 2, 3, 4);
        Network net = Network.builder().input(1).dense(4, new Identity()).dense(1, new Identity())
                .build(new SplittableRandom(1));
        Recorder recorder = new Recorder();
        SgdOptimizer sgd = new SgdOptimizer(0.01);
        TrainingListener overshoot = new TrainingListener() {
            @Override
            public void onEpochEnd(EpochEnd e) {
                if (e.result().epoch() == 5) {
                    sgd.setLearningRate(5.0); // from here on every step overshoots until the weights blow up
                }
            }
        };
        EarlyStopping stopping = new EarlyStopping(EarlyStopping.Monitor.TRAINING_COST, 100, 0, true);
        Trainer trainer = Trainer.builder().optimizer(sgd).epochs(100).batchSize(2).shuffle(false)
                .listener(stopping).listener(overshoot).listener(recorder).build();
        Dataset data = new Dataset(x, x.scale(3));
        assertThatThrownBy(() -> trainer.fit(net, data)).isInstanceOfSatisfying(TrainingDivergedException.class, e -> {
            assertThat(e.epoch()).isGreaterThan(5);
            assertThat(e.history()).isNotNull();
            assertThat(e.history().epochs()).hasSize(e.epoch() - 1);
            assertThat(e.history().stopReason()).startsWith("training diverged at epoch " + e.epoch());
            assertThat(recorder.events.get(recorder.events.size() - 1)).startsWith("done " + (e.epoch() - 1)
                    + " training diverged");
        });
        // early stopping put back the weights of its best epoch, from before the overshooting began
        assertThat(stopping.bestEpoch()).isBetween(1, 6);
        assertThat(Finite.all(net.flatParameters())).isTrue();
        assertThat(net.evaluate(data.features(), data.targets()).cost()).isFinite();
    }

    @Test
    void emptyValidationSetsAndTargetsTheLossCannotReadAreRefusedBeforeTraining() {
        Trainer trainer = Trainer.builder().optimizer(new SgdOptimizer(0.1)).build();
        Dataset blobs = Problems.blobs(3, 0.3, 1);
        assertThatThrownBy(() -> trainer.fit(classifier(2, 4, 3, 1), blobs,
                new Dataset(Matrix.zeros(0, 2), Matrix.zeros(0, 3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validation set is empty");
        // one column of class indices suits cross-entropy, not a 3-output regression
        Network regression = Network.builder().input(2).dense(3, new Identity()).build(new SplittableRandom(1));
        Dataset indices = new Dataset(blobs.features(), Matrix.column(blobs.labels()[0], 1, 2, 0, 1, 2, 0, 1, 2));
        assertThatThrownBy(() -> trainer.fit(regression, indices)).isInstanceOf(ShapeException.class)
                .hasMessageContaining("targets of width 1 but the network has 3 outputs");
        History h = Trainer.builder().optimizer(new SgdOptimizer(0.1)).epochs(2).build()
                .fit(classifier(2, 4, 3, 1), indices);
        assertThat(h.last().trainingAccuracy()).isBetween(0.0, 1.0);
    }

    @Test
    void onlyListenersThatHearBatchesGetBatchEvents() {
        assertThat(Trainer.hearsBatches(new History())).isFalse();
        assertThat(Trainer.hearsBatches(new Recorder())).isTrue();
        assertThat(Trainer.hearsBatches(new ProgressBar(System.out, false))).isTrue();
        assertThat(Trainer.hearsBatches(new TrainingListener() {
        })).isFalse();
    }

    /** Unweighted, and weighted: sample weights times balanced class weights, the weights in reused buffers. */
    @ParameterizedTest(name = "weighted: {0}")
    @ValueSource(booleans = {false, true})
    void steadyStateTrainingAllocatesNothingPerBatch(boolean weighted) throws ReflectiveOperationException {
        Dataset spirals = Problems.spirals(500, 0.05, 3); // 1,000 samples: 100 batches of 10 an epoch
        Dataset data = weighted ? spirals.withWeights(IntStream.range(0, 1000).mapToDouble(i -> 0.5 + i % 3)
                .toArray()) : spirals;
        Network net = Network.builder().input(2).dense(16, new ReLU()).dropout(0.1).dense(3 - 1, new Softmax())
                .loss(new CrossEntropy()).threads(1).build(new SplittableRandom(1));
        Trainer.Builder twoBuilder = Trainer.builder().optimizer(new SgdOptimizer(0.01)).epochs(2).batchSize(10);
        Trainer.Builder twelveBuilder = Trainer.builder().optimizer(new SgdOptimizer(0.01)).epochs(12).batchSize(10);
        Trainer twoEpochs = (weighted ? twoBuilder.balancedClassWeights() : twoBuilder).build();
        Trainer twelveEpochs = (weighted ? twelveBuilder.balancedClassWeights() : twelveBuilder).build();
        for (int i = 0; i < 30; i++) {
            twoEpochs.fit(net, data); // warm up the JIT
        }
        long two = allocatedDuring(() -> twoEpochs.fit(net, data));
        long twelve = allocatedDuring(() -> twelveEpochs.fit(net, data));
        // 10 more epochs of 100 batches: whatever is left is per-epoch bookkeeping (events, results), not per batch
        double perBatch = (twelve - two) / 1000.0;
        assertThat(perBatch).as("bytes per batch (2 epochs: %d B, 12 epochs: %d B)", two, twelve).isLessThan(8);
    }

    private static long allocatedDuring(Runnable r) throws ReflectiveOperationException {
        Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                .invoke(null);
        java.lang.reflect.Method allocated = Class.forName("com.sun.management.ThreadMXBean")
                .getMethod("getThreadAllocatedBytes", long.class);
        long id = Thread.currentThread().getId();
        long before = (Long) allocated.invoke(threads, id);
        r.run();
        return (Long) allocated.invoke(threads, id) - before;
    }
}
