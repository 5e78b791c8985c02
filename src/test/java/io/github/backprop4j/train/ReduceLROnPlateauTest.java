package io.github.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.github.backprop4j.data.Dataset;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.Identity;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.Softmax;
import io.github.backprop4j.optim.LearningRateSchedule;
import io.github.backprop4j.optim.SgdOptimizer;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ReduceLROnPlateau} against Keras's own callback, and in real training runs, alone, with a schedule and
 * with early stopping.
 */
class ReduceLROnPlateauTest {

    private static final Network CLASSIFIER = Network.builder().input(1).dense(2, new Softmax())
            .loss(new CrossEntropy()).build(new SplittableRandom(1));

    /**
     * Feeds {@code values} as the monitored quantity of successive epochs, each epoch's rate being the rate the
     * plateau gives (as the trainer sets it), and returns the rate after each epoch: what Keras's callback
     * leaves in its optimizer after each {@code on_epoch_end}.
     */
    private static double[] rates(ReduceLROnPlateau plateau, EarlyStopping.Monitor monitor, double initialRate,
            double... values) {
        plateau.start(new TrainingListener.TrainStart(new EarlyStoppingTest.FakeControl(CLASSIFIER), values.length,
                1, 1, 1, 5));
        double[] rates = new double[values.length];
        for (int e = 0; e < values.length; e++) {
            double cost = monitor == EarlyStopping.Monitor.VALIDATION_COST ? values[e] : 1.0;
            double accuracy = monitor == EarlyStopping.Monitor.VALIDATION_ACCURACY ? values[e] : 0.5;
            plateau.epochEnd(new EpochResult(e + 1, 1.0, 0.5, cost, accuracy, plateau.rate(initialRate), 10, 1, 1));
            rates[e] = plateau.rate(initialRate);
        }
        return rates;
    }

    private static void assertRates(double[] actual, double... keras) {
        assertThat(actual).hasSameSizeAs(keras);
        for (int i = 0; i < keras.length; i++) {
            // Keras multiplies the rate by the factor in turn, here m·η₀: the same up to the last bits
            assertThat(actual[i]).as("rate after epoch %d of %s", i + 1, java.util.Arrays.toString(actual))
                    .isCloseTo(keras[i], within(1e-14 * keras[i]));
        }
    }

    // ---------------------------------------------------------------- against Keras

    @Test
    void patienceAndMinDeltaAsKeras() {
        // reduce_lr_on_plateau.py: "min: factor=0.5 patience=2 min_delta=0.125 cooldown=0 min_lr=0 lr=0.1";
        // epoch 5 improves by exactly min_delta, which is no improvement
        ReduceLROnPlateau plateau = ReduceLROnPlateau.builder().factor(0.5).patience(2).minDelta(0.125).build();
        assertRates(rates(plateau, EarlyStopping.Monitor.VALIDATION_COST, 0.1,
                1.0, 0.75, 0.75, 0.75, 0.625, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.25),
                0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125, 0.0125, 0.00625);
        assertThat(plateau.reductions()).isEqualTo(4);
        assertThat(plateau.best()).isEqualTo(0.25);
    }

    @Test
    void cooldownCountsAsKeras() {
        // reduce_lr_on_plateau.py: "min: factor=0.5 patience=1 min_delta=0 cooldown=2 min_lr=0 lr=1.0": after
        // a reduction two epochs of cooldown, the second of which already counts towards patience
        ReduceLROnPlateau plateau = ReduceLROnPlateau.builder().factor(0.5).patience(1).minDelta(0.0).cooldown(2)
                .build();
        assertRates(rates(plateau, EarlyStopping.Monitor.VALIDATION_COST, 1.0,
                4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 2.0, 2.0, 2.0, 2.0),
                1.0, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125, 0.0625, 0.0625, 0.03125, 0.03125, 0.015625);
    }

    @Test
    void stopsAtTheMinimumRateAsKeras() {
        // reduce_lr_on_plateau.py: "min: factor=0.1 patience=1 min_delta=0 cooldown=0 min_lr=0.001 lr=0.5"
        ReduceLROnPlateau plateau = ReduceLROnPlateau.builder().factor(0.1).patience(1).minDelta(0.0)
                .minLearningRate(0.001).build();
        assertRates(rates(plateau, EarlyStopping.Monitor.VALIDATION_COST, 0.5,
                1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.5),
                0.5, 0.05, 0.005000000000000001, 0.001, 0.001, 0.001, 0.001, 0.001);
        assertThat(plateau.reductions()).as("no reduction once at the floor").isEqualTo(3);
    }

    @Test
    void maxModeForAnAccuracyAsKeras() {
        // reduce_lr_on_plateau.py: "max: factor=0.25 patience=2 min_delta=0.0625 cooldown=1 min_lr=0 lr=0.01"
        ReduceLROnPlateau plateau = ReduceLROnPlateau.builder().monitor(EarlyStopping.Monitor.VALIDATION_ACCURACY)
                .factor(0.25).patience(2).minDelta(0.0625).cooldown(1).build();
        assertRates(rates(plateau, EarlyStopping.Monitor.VALIDATION_ACCURACY, 0.01,
                0.5, 0.5, 0.5, 0.625, 0.6875, 0.75, 0.75, 0.75, 0.75, 0.9375, 0.9375, 0.9375, 0.9375),
                0.01, 0.01, 0.0025, 0.0025, 0.0025, 0.0025, 0.0025, 0.000625, 0.000625, 0.000625, 0.000625,
                0.00015625, 0.00015625);
        assertThat(plateau.best()).isEqualTo(0.9375);
    }

    @Test
    void kerasDefaults() {
        // reduce_lr_on_plateau.py: "defaults, lr=0.001": factor 0.1, patience 10, min_delta 1e-4, cooldown 0
        double[] flat = new double[25];
        java.util.Arrays.fill(flat, 1.0);
        double[] keras = new double[25];
        for (int e = 0; e < 25; e++) {
            keras[e] = e < 10 ? 0.001 : e < 20 ? 0.0001 : 1e-05;
        }
        ReduceLROnPlateau plateau = ReduceLROnPlateau.builder().build();
        assertRates(rates(plateau, EarlyStopping.Monitor.VALIDATION_COST, 0.001, flat), keras);
        assertThat(plateau).hasToString("ReduceLROnPlateau(validation cost, factor=0.1, patience=10,"
                + " minDelta=1.0E-4, cooldown=0, minLearningRate=2.2250738585072014E-308)");
    }

    /** A NaN never improves (Keras: {@code np.less(nan, best)} is false); it counts as an epoch without one. */
    @Test
    void aNaNCountsAsNoImprovement() {
        ReduceLROnPlateau plateau = ReduceLROnPlateau.builder().factor(0.5).patience(2).build();
        assertThat(rates(plateau, EarlyStopping.Monitor.VALIDATION_COST, 1.0, 1.0, Double.NaN, Double.NaN, 0.5))
                .containsExactly(1.0, 1.0, 0.5, 0.5);
    }

    /** η = max(m·s, min(minLearningRate, s)): the plateau scales the schedule, and never lifts it. */
    @Test
    void theMultiplierScalesTheScheduledRateDownToTheFloorOnly() {
        ReduceLROnPlateau plateau = ReduceLROnPlateau.builder().factor(0.5).patience(1).minDelta(0.0)
                .minLearningRate(0.01).build();
        rates(plateau, EarlyStopping.Monitor.VALIDATION_COST, 1.0, 1.0, 1.0, 1.0);
        assertThat(plateau.multiplier()).isEqualTo(0.25);
        assertThat(plateau.rate(0.4)).isEqualTo(0.1);      // m·s
        assertThat(plateau.rate(0.02)).isEqualTo(0.01);    // m·s = 0.005, held at the floor
        assertThat(plateau.rate(0.004)).isEqualTo(0.004);  // a schedule below the floor on its own stays there
    }

    // ---------------------------------------------------------------- in training

    /** A tiny noisy training set and a large learning rate: the validation cost soon stops improving. */
    private static Network blobNetwork() {
        return Network.builder().input(2).dense(3, new Softmax()).loss(new CrossEntropy())
                .build(new SplittableRandom(2));
    }

    @Test
    void inATrainingRunItHalvesTheRateAfterPatienceEpochsWithoutImprovementAndEarlyStoppingEndsTheRun() {
        Dataset train = Problems.blobs(4, 1.2, 3);
        Dataset validation = Problems.blobs(30, 1.2, 4);
        ReduceLROnPlateau plateau = ReduceLROnPlateau.builder().factor(0.5).patience(2).minDelta(1e-3).build();
        EarlyStopping stopping = new EarlyStopping(EarlyStopping.Monitor.VALIDATION_COST, 6, 1e-3, false);
        History history = Trainer.builder().optimizer(new SgdOptimizer(2.0)).epochs(300).batchSize(2)
                .reduceLearningRateOnPlateau(plateau).listener(stopping).build().fit(blobNetwork(), train, validation);

        List<EpochResult> epochs = history.epochs();
        assertThat(history.stopReason()).startsWith("early stopping");
        assertThat(plateau.reductions()).isGreaterThanOrEqualTo(2);
        double best = Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        int halvings = 0;
        for (int e = 0; e < epochs.size(); e++) {
            // the rate of epoch e is 2.0·0.5^(reductions after the epochs before it), exactly
            assertThat(epochs.get(e).learningRate()).as("epoch %d", e + 1).isEqualTo(2.0 * Math.pow(0.5, halvings));
            double cost = epochs.get(e).validationCost();
            if (cost < best - 1e-3) {
                best = cost;
                sinceBest = 0;
            } else if (++sinceBest == 2) {
                halvings++;  // patience 2, no cooldown: the wait starts again from 0
                sinceBest = 0;
            }
        }
        assertThat(halvings).isEqualTo(plateau.reductions());
    }

    @Test
    void withAScheduleTheRateIsTheScheduledRateTimesTheMultiplier() {
        Dataset train = Problems.blobs(4, 1.2, 3);   // 12 samples, batch size 4: 3 steps per epoch
        Dataset validation = Problems.blobs(30, 1.2, 4);
        LearningRateSchedule schedule = LearningRateSchedule.cosineAnnealing(3.0, 0.05, 90);
        ReduceLROnPlateau plateau = ReduceLROnPlateau.builder().factor(0.5).patience(1).minDelta(0.0)
                .minLearningRate(0.02).build();
        Recorder multipliers = new Recorder(plateau);
        History history = Trainer.builder().optimizer(new SgdOptimizer(0.1)).schedule(schedule).epochs(40)
                .batchSize(4).reduceLearningRateOnPlateau(plateau).listener(multipliers).build()
                .fit(blobNetwork(), train, validation);

        assertThat(plateau.reductions()).isGreaterThanOrEqualTo(1);
        for (EpochResult r : history.epochs()) {
            double s = schedule.rate(3L * r.epoch() - 1);  // the epoch's last step
            double m = multipliers.before[r.epoch() - 1];
            assertThat(r.learningRate()).as("epoch %d", r.epoch()).isEqualTo(Math.max(m * s, Math.min(0.02, s)));
        }
    }

    /** Records the plateau's multiplier as each epoch starts: the one the epoch's steps used. */
    private static final class Recorder implements TrainingListener {
        final ReduceLROnPlateau plateau;
        final double[] before = new double[1000];

        Recorder(ReduceLROnPlateau plateau) {
            this.plateau = plateau;
        }

        @Override
        public void onEpochStart(EpochStart event) {
            before[event.epoch() - 1] = plateau.multiplier();
        }
    }

    @Test
    void withoutAScheduleASecondFitGoesOnAtTheReducedRateAndStartsAfresh() {
        Dataset train = Problems.blobs(4, 1.2, 3);
        Dataset validation = Problems.blobs(30, 1.2, 4);
        SgdOptimizer sgd = new SgdOptimizer(2.0);
        ReduceLROnPlateau plateau = ReduceLROnPlateau.builder().factor(0.5).patience(1).minDelta(0.0).build();
        Trainer trainer = Trainer.builder().optimizer(sgd).epochs(15).batchSize(2)
                .reduceLearningRateOnPlateau(plateau).build();
        Network net = blobNetwork();
        trainer.fit(net, train, validation);
        double reduced = sgd.learningRate();
        assertThat(reduced).isEqualTo(2.0 * plateau.multiplier()).isLessThan(2.0);

        History second = trainer.fit(net, train, validation);
        assertThat(second.epochs().get(0).learningRate()).isEqualTo(reduced);
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void refusesSettingsItCannotHonour() {
        assertThatIllegalArgumentException().isThrownBy(() -> ReduceLROnPlateau.builder().factor(1.0))
                .withMessage("ReduceLROnPlateau: factor must be in (0, 1), got 1.0");
        assertThatIllegalArgumentException().isThrownBy(() -> ReduceLROnPlateau.builder().factor(0.0))
                .withMessageContaining("factor must be in (0, 1), got 0.0");
        assertThatIllegalArgumentException().isThrownBy(() -> ReduceLROnPlateau.builder().factor(Double.NaN))
                .withMessageContaining("NaN");
        assertThatIllegalArgumentException().isThrownBy(() -> ReduceLROnPlateau.builder().patience(0))
                .withMessage("ReduceLROnPlateau: patience must be ≥ 1, got 0");
        assertThatIllegalArgumentException().isThrownBy(() -> ReduceLROnPlateau.builder().minDelta(-1e-3))
                .withMessageContaining("minDelta must be finite and ≥ 0, got -0.001");
        assertThatIllegalArgumentException().isThrownBy(() -> ReduceLROnPlateau.builder().cooldown(-1))
                .withMessageContaining("cooldown must be ≥ 0, got -1");
        assertThatIllegalArgumentException().isThrownBy(() -> ReduceLROnPlateau.builder().minLearningRate(0.0))
                .withMessageContaining("minLearningRate must be finite and > 0, got 0.0");
    }

    @Test
    void refusesARunThatDoesNotGiveTheMonitoredQuantity() {
        Network regression = Network.builder().input(1).dense(1, new Identity()).build(new SplittableRandom(1));
        Dataset data = new Dataset(Matrix.column(1, 2), Matrix.column(1, 2));
        Trainer noValidation = Trainer.builder().optimizer(new SgdOptimizer(0.1))
                .reduceLearningRateOnPlateau(ReduceLROnPlateau.builder().build()).build();
        assertThatIllegalArgumentException().isThrownBy(() -> noValidation.fit(regression, data))
                .withMessageContainingAll("reducing the learning rate on a plateau", "validation cost",
                        "needs a validation set");
        Trainer accuracy = Trainer.builder().optimizer(new SgdOptimizer(0.1)).reduceLearningRateOnPlateau(
                ReduceLROnPlateau.builder().monitor(EarlyStopping.Monitor.VALIDATION_ACCURACY).build()).build();
        assertThatIllegalArgumentException().isThrownBy(() -> accuracy.fit(regression, data, data))
                .withMessageContaining("needs a classifier");
        // the training cost is always there
        Trainer trainingCost = Trainer.builder().optimizer(new SgdOptimizer(0.1)).epochs(2).reduceLearningRateOnPlateau(
                ReduceLROnPlateau.builder().monitor(EarlyStopping.Monitor.TRAINING_COST).build()).build();
        assertThat(trainingCost.fit(regression, data).epochs()).hasSize(2);
    }
}
