package io.github.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.Softmax;
import io.github.backprop4j.optim.SgdOptimizer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void theBatchLineShowsBarCountCostSpeedAndTimeLeft() {
        // 250 of 1000 batches of 64 samples in 2 s: 8,000 samples/s, 6 s left
        TrainingListener.BatchEnd e = new TrainingListener.BatchEnd(null, 3, 20, 250, 1000, 64, 0.5, 0.41234, 0.1,
                16_000, 2_000_000_000L);
        assertThat(ProgressBar.batchLine(e)).isEqualTo(
                "epoch  3/20 [=======>                      ] 250/1000  cost 0.4123  8,000 samples/s  ETA 6.0 s");
    }

    private static String train(boolean terminal) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Network net = Network.builder().input(2).dense(3, new Softmax()).loss(new CrossEntropy())
                .build(new SplittableRandom(1));
        Trainer.builder().optimizer(new SgdOptimizer(0.1)).epochs(3).batchSize(4)
                .listener(new ProgressBar(out, terminal)).build()
                .fit(net, Problems.blobs(10, 0.3, 1), Problems.blobs(5, 0.3, 2));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutATerminalItWritesOnePlainLinePerEpoch() {
        String text = train(false);
        assertThat(text).doesNotContain("\r").doesNotContain("[=");
        assertThat(text.lines()).hasSize(3).allMatch(line -> line.matches(
                "epoch [1-3]/3  cost \\d\\.\\d{4}  acc \\d\\.\\d{4}  val_cost \\d\\.\\d{4}  val_acc \\d\\.\\d{4}"
                        + "  [\\d,]+ samples/s  \\d+\\.\\d s"));
    }

    @Test
    void onATerminalItRedrawsOneLineInPlace() {
        String text = train(true);
        assertThat(text.split("\n")).hasSize(3);
        assertThat(text).contains("\repoch 1/3 [").contains("8/8  cost").contains("\repoch 1/3  cost");
        // each epoch ends with its summary on the redrawn line, then a newline
        assertThat(text.split("\n")[0]).startsWith("\r").contains("val_acc");
    }
}
