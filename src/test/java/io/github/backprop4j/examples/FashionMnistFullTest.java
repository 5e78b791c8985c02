package io.github.backprop4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job on the full Fashion-MNIST set (60,000 training and 10,000 test images): the example's
 * network and settings, 20 epochs from seed 1, must reach a test accuracy of at least 0.89 — above the
 * published plain-MLP figures (scikit-learn's MLPClassifier 0.871, Xiao et al. 2017; an MLP 256-128-100
 * 0.8833, the dataset's README).
 *
 * <p>Runs when the Debian package {@code dataset-fashion-mnist} has installed the files in
 * {@code /usr/share/datasets/fashion-mnist} ({@code .ci/run} installs it); skipped with the reason
 * otherwise.
 */
class FashionMnistFullTest {

    @TempDir
    Path tmp;

    @Test
    void twentyEpochsOnTheFullSetReachATestAccuracyOfAtLeast089() throws IOException {
        Path data = FashionMnistExample.INSTALLED;
        Assumptions.assumeTrue(Files.isRegularFile(data.resolve("train-images-idx3-ubyte.gz")),
                "the full Fashion-MNIST set is not installed in " + data
                        + " (apt-get install dataset-fashion-mnist); .ci/run installs it");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        FashionMnistExample.Result r = FashionMnistExample.run(new FashionMnistExample.Options(data, 20, 64, 1,
                Runtime.getRuntime().availableProcessors(), tmp), out, new io.github.backprop4j.train.ProgressBar(out,
                false));
        assertThat(r.testAccuracy()).as("%s", bytes.toString(StandardCharsets.UTF_8)).isGreaterThanOrEqualTo(0.89);
    }
}
