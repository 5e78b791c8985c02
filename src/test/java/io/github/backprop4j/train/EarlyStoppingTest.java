package io.github.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.backprop4j.data.Dataset;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.Identity;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.Softmax;
import io.github.backprop4j.optim.SgdOptimizer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

    /** A control that records stop requests, around a real network. */
    static final class FakeControl implements TrainingListener.Control {
        final Network network;
        String reason;

        FakeControl(Network network) {
            this.network = network;
        }

        @Override
        public Network network() {
            return network;
        }

        @Override
        public void requestStop(String r) {
            reason = r;
        }

        @Override
        public boolean isStopRequested() {
            return reason != null;
        }
    }

    private static TrainingListener.EpochEnd epoch(FakeControl control, int epoch, double validationCost) {
        return new TrainingListener.EpochEnd(control, 10,
                new EpochResult(epoch, 1.0, Double.NaN, validationCost, Double.NaN, 0.1, 10, 1, 1));
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovementAndRestoresTheBestWeights() {
        Network net = Network.builder().input(1).dense(1, new Identity()).build(new SplittableRandom(1));
        FakeControl control = new FakeControl(net);
        EarlyStopping stopping = new EarlyStopping(EarlyStopping.Monitor.VALIDATION_COST, 2, 0.01, true);
        stopping.onTrainStart(new TrainingListener.TrainStart(control, 10, 1, 1, 1, 5));

        net.setFlatParameters(new double[] {1, 1});
        stopping.onEpochEnd(epoch(control, 1, 0.50));
        net.setFlatParameters(new double[] {2, 2});
        stopping.onEpochEnd(epoch(control, 2, 0.40)); // best
        net.setFlatParameters(new double[] {3, 3});
        stopping.onEpochEnd(epoch(control, 3, 0.395)); // better by less than minDelta: no improvement
        assertThat(control.reason).isNull();
        net.setFlatParameters(new double[] {4, 4});
        stopping.onEpochEnd(epoch(control, 4, 0.45));
        assertThat(control.reason).isEqualTo(
                "early stopping: the validation cost has not improved for 2 epochs (best 0.400000 at epoch 2)");
        assertThat(stopping.bestEpoch()).isEqualTo(2);

        stopping.onTrainEnd(new TrainingListener.TrainEnd(net, 4, control.reason, 0));
        assertThat(net.flatParameters()).containsExactly(2, 2);
    }

    @Test
    void inATrainingRunItStopsEarlyAndLeavesTheBestEpochsWeights() {
        // a tiny noisy training set and a large learning rate: validation cost soon stops improving
        Dataset train = Problems.blobs(4, 1.2, 3);
        Dataset validation = Problems.blobs(30, 1.2, 4);
        Network net = Network.builder().input(2).dense(3, new Softmax()).loss(new CrossEntropy())
                .build(new SplittableRandom(2));
        EarlyStopping stopping = new EarlyStopping(EarlyStopping.Monitor.VALIDATION_COST, 3, 0.0, true);
        History history = Trainer.builder().optimizer(new SgdOptimizer(2.0)).epochs(500).batchSize(2)
                .listener(stopping).build().fit(net, train, validation);
        assertThat(history.epochs().size()).isLessThan(500);
        assertThat(history.stopReason()).startsWith("early stopping");
        double best = history.validationCosts()[stopping.bestEpoch() - 1];
        assertThat(net.evaluate(validation.features(), validation.targets()).cost()).isEqualTo(best);
    }

    @Test
    void refusesSettingsItCannotHonour() {
        assertThatThrownBy(() -> new EarlyStopping(EarlyStopping.Monitor.VALIDATION_COST, 0, 0, true))
                .hasMessageContaining("patience must be ≥ 1");
        assertThatThrownBy(() -> new EarlyStopping(EarlyStopping.Monitor.VALIDATION_COST, 1, -1, true))
                .hasMessageContaining("minDelta");
        Network regression = Network.builder().input(1).dense(1, new Identity()).build(new SplittableRandom(1));
        Dataset data = new Dataset(Matrix.column(1, 2), Matrix.column(1, 2));
        Trainer noValidation = Trainer.builder().optimizer(new SgdOptimizer(0.1))
                .listener(new EarlyStopping(EarlyStopping.Monitor.VALIDATION_COST, 1, 0, true)).build();
        assertThatThrownBy(() -> noValidation.fit(regression, data)).hasMessageContaining("needs a validation set");
        Trainer accuracy = Trainer.builder().optimizer(new SgdOptimizer(0.1))
                .listener(new EarlyStopping(EarlyStopping.Monitor.VALIDATION_ACCURACY, 1, 0, true)).build();
        assertThatThrownBy(() -> accuracy.fit(regression, data, data)).hasMessageContaining("needs a classifier");
    }

    @Test
    void validationAccuracyImprovesUpwards() {
        Network net = Network.builder().input(1).dense(2, new Softmax()).loss(new CrossEntropy())
                .build(new SplittableRandom(1));
        FakeControl control = new FakeControl(net);
        EarlyStopping stopping = new EarlyStopping(EarlyStopping.Monitor.VALIDATION_ACCURACY, 1, 0.0, false);
        stopping.onTrainStart(new TrainingListener.TrainStart(control, 10, 1, 1, 1, 5));
        double[] accuracies = {0.5, 0.7, 0.9, 0.8};
        for (int epoch = 1; epoch <= 4; epoch++) {
            stopping.onEpochEnd(new TrainingListener.EpochEnd(control, 10,
                    new EpochResult(epoch, 1.0, Double.NaN, 1.0, accuracies[epoch - 1], 0.1, 10, 1, 1)));
            assertThat(control.reason).as("epoch %d", epoch).isEqualTo(epoch < 4 ? null
                    : "early stopping: the validation accuracy has not improved for 1 epochs (best 0.900000 at epoch 3)");
        }
        assertThat(stopping.best()).isEqualTo(0.9);
    }
}
