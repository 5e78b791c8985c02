package io.github.backprop4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.backprop4j.data.Dataset;
import io.github.backprop4j.data.IdxReader;
import io.github.backprop4j.io.ModelFile;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.train.ProgressBar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example's command line, and one short run on the embedded sample end to end. */
class FashionMnistExampleTest {

    @TempDir
    Path tmp;

    @Test
    void optionsAreParsedTheConventionalWay() throws Exception {
        FashionMnistExample.Options o = FashionMnistExample.Options.parse("--epochs", "3", "--batch-size", "128",
                "--seed", "-5", "--threads", "1", "--out", "x/y", "--data", "/d");
        assertThat(o.epochs()).isEqualTo(3);
        assertThat(o.batchSize()).isEqualTo(128);
        assertThat(o.seed()).isEqualTo(-5);
        assertThat(o.threads()).isEqualTo(1);
        assertThat(o.out()).isEqualTo(Path.of("x/y"));
        assertThat(o.data()).isEqualTo(Path.of("/d"));
    }

    @Test
    void badCommandLinesGiveOneLineReasons() {
        assertThatThrownBy(() -> FashionMnistExample.Options.parse("--epoch", "3"))
                .isInstanceOf(FashionMnistExample.UsageException.class).hasMessage("unknown option --epoch");
        assertThatThrownBy(() -> FashionMnistExample.Options.parse("--epochs"))
                .hasMessage("--epochs needs a value");
        assertThatThrownBy(() -> FashionMnistExample.Options.parse("--epochs", "three"))
                .hasMessage("--epochs needs a whole number, got 'three'");
        assertThatThrownBy(() -> FashionMnistExample.Options.parse("--batch-size", "0"))
                .hasMessage("--batch-size needs a whole number ≥ 1, got '0'");
        assertThatThrownBy(() -> FashionMnistExample.Options.parse("extra"))
                .hasMessage("unexpected argument 'extra'");
    }

    @Test
    void aMissingOrCorruptedDataFolderIsAnIOExceptionWithOneLine() throws IOException {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        FashionMnistExample.Options o = new FashionMnistExample.Options(empty, 1, 64, 1, 1, tmp.resolve("out"));
        assertThatThrownBy(() -> FashionMnistExample.run(o, quiet(), quietBar()))
                .isInstanceOf(IOException.class).hasMessageContaining("no train-images-idx3-ubyte.gz in")
                .hasMessageNotContaining("\n");
        Path corrupt = Files.createDirectory(tmp.resolve("corrupt"));
        for (String name : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
            Files.write(corrupt.resolve(name), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0});
        }
        FashionMnistExample.Options bad = new FashionMnistExample.Options(corrupt, 1, 64, 1, 1, tmp.resolve("out"));
        assertThatThrownBy(() -> FashionMnistExample.run(bad, quiet(), quietBar())).isInstanceOf(IOException.class)
                .hasMessageNotContaining("\n");
    }

    @Test
    void oneEpochOnTheEmbeddedSampleTrainsSavesAndCharts() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Path outDir = tmp.resolve("results");
        FashionMnistExample.Result r = FashionMnistExample.run(
                new FashionMnistExample.Options(null, 1, 64, 1, 1, outDir), out, quietBar());
        String report = bytes.toString(StandardCharsets.UTF_8);
        assertThat(report).contains("(the embedded sample)").contains("9,000 training, 1,000 validation, 2,000 test")
                .contains("test accuracy").contains("Ankle boot").contains("samples/s").contains(outDir.toString());
        // one epoch on 9,000 images already separates the classes well
        assertThat(r.testAccuracy()).isGreaterThan(0.7);
        // the saved model has the standardization folded into its first layer: it takes raw pixels
        Network loaded = ModelFile.load(r.model());
        Path sample = Path.of("src/examples/resources/fashion-mnist");
        Dataset test = IdxReader.mnist(sample.resolve("t10k-images-idx3-ubyte.gz"),
                sample.resolve("t10k-labels-idx1-ubyte.gz"), 10);
        assertThat(loaded.evaluate(test.features(), test.targets()).accuracy())
                .isCloseTo(r.testAccuracy(), org.assertj.core.data.Offset.offset(0.001));
        assertThat(Files.readString(r.chart())).startsWith("<?xml").contains("Cost per epoch")
                .contains("Accuracy per epoch");
    }

    @Test
    void foldingTheStandardizationIntoTheFirstLayerGivesTheSameOutputs() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        io.github.backprop4j.matrix.Matrix x = io.github.backprop4j.matrix.Matrix.zeros(20, 5);
        for (int i = 0; i < 20; i++) {
            for (int j = 0; j < 5; j++) {
                x.set(i, j, j == 2 ? 0.7 : r.nextDouble(0, 1)); // column 2 is constant: σ = 1 is kept
            }
        }
        io.github.backprop4j.data.Standardizer scaler = io.github.backprop4j.data.Standardizer.fit(x);
        Network net = Network.builder().input(5).dense(4, new io.github.backprop4j.nn.Tanh())
                .dense(2, new io.github.backprop4j.nn.Identity()).build(new java.util.SplittableRandom(4));
        io.github.backprop4j.matrix.Matrix expected = net.predict(scaler.transform(x));
        FashionMnistExample.foldIntoFirstLayer(scaler, net);
        assertThat(net.predict(x).maxAbsDifference(expected)).isLessThan(1e-12);
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    private static ProgressBar quietBar() {
        return new ProgressBar(quiet(), false);
    }
}
