package io.github.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.backprop4j.nn.Network;
import org.junit.jupiter.api.Test;

/** What a history says when printed. */
class HistoryTest {

    private static void end(History history, int epoch, double cost, double acc, double valCost, double valAcc) {
        history.onEpochEnd(new TrainingListener.EpochEnd(null, 5,
                new EpochResult(epoch, cost, acc, valCost, valAcc, 0.1, 100, 1.0, 0.9)));
    }

    @Test
    void itSaysTheEpochsTheLastResultsTheBestEpochAndWhyItStopped() {
        History history = new History();
        assertThat(history).hasToString("History[0 epochs]");
        end(history, 1, 0.9, 0.60, 0.80, 0.65);
        end(history, 2, 0.5, 0.80, 0.45, 0.82);
        end(history, 3, 0.4, 0.85, 0.47, 0.81);
        history.onTrainEnd(new TrainingListener.TrainEnd((Network) null, 3, "no improvement for 1 epoch", 1));
        assertThat(history).hasToString("History[3 epochs, last: cost 0.4000  acc 0.8500  val_cost 0.4700"
                + "  val_acc 0.8100; best: epoch 2, val_cost 0.4500; stopped: no improvement for 1 epoch]");
    }

    @Test
    void withoutValidationTheBestEpochIsByTrainingCostAndNaNsAreSkipped() {
        History history = new History();
        end(history, 1, 2.0, Double.NaN, Double.NaN, Double.NaN);
        assertThat(history).hasToString("History[1 epoch, last: cost 2.0000; best: epoch 1, cost 2.0000]");
        end(history, 2, 1.5, Double.NaN, Double.NaN, Double.NaN);
        end(history, 3, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        history.onTrainEnd(new TrainingListener.TrainEnd((Network) null, 3, null, 1));
        assertThat(history).hasToString("History[3 epochs, last: cost NaN; best: epoch 2, cost 1.5000]");
    }
}
