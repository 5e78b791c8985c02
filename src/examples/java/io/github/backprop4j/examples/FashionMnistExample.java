package io.github.backprop4j.examples;

import io.github.backprop4j.chart.LineChart;
import io.github.backprop4j.data.Dataset;
import io.github.backprop4j.data.IdxReader;
import io.github.backprop4j.data.Split;
import io.github.backprop4j.data.Standardizer;
import io.github.backprop4j.io.ModelFile;
import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ProductKernel;
import io.github.backprop4j.nn.Evaluation;
import io.github.backprop4j.nn.Layer;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.ReLU;
import io.github.backprop4j.nn.Softmax;
import io.github.backprop4j.optim.AdamW;
import io.github.backprop4j.optim.LearningRateSchedule;
import io.github.backprop4j.train.History;
import io.github.backprop4j.train.ProgressBar;
import io.github.backprop4j.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The main example: a 784-256-128-10 network learns to tell Fashion-MNIST's ten kinds of clothing apart.
 *
 * <p>On a fresh clone it trains on the embedded sample (the first 10,000 training and 2,000 test images,
 * in {@code src/examples/resources/fashion-mnist}); with {@code --data DIR}, or when the Debian package
 * {@code dataset-fashion-mnist} has put the full set in {@code /usr/share/datasets/fashion-mnist}, on all
 * 60,000 + 10,000. It prints the progress of each epoch, the test accuracy, the confusion matrix and the
 * training speed, then saves the model and an SVG of the training curves.
 *
 * <pre>
 * mvn -B -q test-compile exec:java -Dexec.args="--epochs 5 --out /tmp/fmnist"
 * </pre>
 */
public final class FashionMnistExample {

    /** Fashion-MNIST's classes, in label order. */
    static final String[] CLASS_NAMES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
        "Sneaker", "Bag", "Ankle boot"};

    /** Where the Debian package {@code dataset-fashion-mnist} installs the full set. */
    static final Path INSTALLED = Path.of("/usr/share/datasets/fashion-mnist");

    private static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    private static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
    private static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    private static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

    private static final String USAGE = "usage: FashionMnistExample [--data DIR] [--epochs N] [--batch-size N]"
            + " [--seed N] [--threads N] [--out DIR]";

    private FashionMnistExample() {
    }

    /** A bad command line; its message is shown in one line. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /**
     * The settings of a run.
     *
     * @param data      the folder with the four IDX files, or {@code null} for the embedded sample
     * @param epochs    epochs to train
     * @param batchSize samples per batch
     * @param seed      the seed of the weights, the dropout masks, the split and the shuffle
     * @param threads   threads for the matrix products
     * @param out       where the model and the chart go
     */
    record Options(Path data, int epochs, int batchSize, long seed, int threads, Path out) {

        static Options parse(String... args) throws UsageException {
            Path data = Files.isRegularFile(INSTALLED.resolve(TRAIN_IMAGES)) ? INSTALLED : null;
            int epochs = 20;
            int batchSize = 64;
            long seed = 1;
            int threads = Runtime.getRuntime().availableProcessors();
            Path out = Path.of("target", "fashion-mnist");
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (!option.startsWith("--")) {
                    throw new UsageException("unexpected argument '" + option + "'");
                }
                if (i + 1 >= args.length) {
                    throw new UsageException(option + " needs a value");
                }
                String value = args[++i];
                switch (option) {
                    case "--data" -> data = Path.of(value);
                    case "--epochs" -> epochs = positive(option, value);
                    case "--batch-size" -> batchSize = positive(option, value);
                    case "--seed" -> seed = number(option, value);
                    case "--threads" -> threads = positive(option, value);
                    case "--out" -> out = Path.of(value);
                    default -> throw new UsageException("unknown option " + option);
                }
            }
            return new Options(data, epochs, batchSize, seed, threads, out);
        }

        private static long number(String option, String value) throws UsageException {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new UsageException(option + " needs a whole number, got '" + value + "'");
            }
        }

        private static int positive(String option, String value) throws UsageException {
            long n = number(option, value);
            if (n < 1 || n > Integer.MAX_VALUE) {
                throw new UsageException(option + " needs a whole number ≥ 1, got '" + value + "'");
            }
            return (int) n;
        }
    }

    /**
     * What a run reached.
     *
     * @param testAccuracy     accuracy on the test set
     * @param samplesPerSecond training samples per second, over all epochs
     * @param seconds          training time, validation included
     * @param model            the saved model file
     * @param chart            the saved SVG chart
     */
    record Result(double testAccuracy, double samplesPerSecond, double seconds, Path model, Path chart) {
    }

    /**
     * Runs the example.
     *
     * @param args options, see the usage line
     */
    public static void main(String[] args) {
        try {
            run(Options.parse(args), System.out, ProgressBar.toStandardOutput());
        } catch (UsageException e) {
            System.err.println("fashion-mnist: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        } catch (IOException e) {
            System.err.println("fashion-mnist: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Loads the data, trains, evaluates, and saves the model and the chart.
     *
     * @param o        the settings
     * @param out      where the report goes
     * @param progress the progress listener
     * @return what the run reached
     * @throws IOException if the data cannot be read or the results cannot be written
     */
    static Result run(Options o, PrintStream out, ProgressBar progress) throws IOException {
        Path folder = o.data() != null ? o.data() : embeddedSample();
        out.printf(Locale.ROOT, "Fashion-MNIST from %s%s%n", folder, o.data() == null ? " (the embedded sample)" : "");
        // Pixels 0…255 scaled to [0, 1]; labels one-hot over the 10 classes.
        Dataset all = IdxReader.mnist(require(folder, TRAIN_IMAGES), require(folder, TRAIN_LABELS), 10);
        Dataset test = IdxReader.mnist(require(folder, TEST_IMAGES), require(folder, TEST_LABELS), 10);
        // Hold out 10 % of the training images, class by class, to watch for over-fitting.
        Split split = all.splitStratified(0.1, new SplittableRandom(o.seed()));
        // Standardize each pixel with the mean and spread of the training images alone, x′ = (x − μ)/σ,
        // and apply the very same μ and σ to the validation and test images.
        Standardizer scaler = Standardizer.fit(split.train());
        Dataset training = scaler.transform(split.train());
        Dataset validation = scaler.transform(split.test());
        test = scaler.transform(test);
        out.printf(Locale.ROOT, "%,d training, %,d validation, %,d test images%n%n", training.size(),
                validation.size(), test.size());

        SplittableRandom random = new SplittableRandom(o.seed());
        Network network = Network.builder()
                .input(784)
                .dense(256, new ReLU()).dropout(0.2)
                .dense(128, new ReLU()).dropout(0.2)
                .dense(10, new Softmax())
                .loss(new CrossEntropy())
                .threads(o.threads())
                .build(random);
        out.println(network.summary());
        out.println();

        // AdamW with a cosine schedule from 1e-3 down to 1e-5 over the whole run.
        long steps = (long) o.epochs() * ((training.size() + o.batchSize() - 1) / o.batchSize());
        Trainer trainer = Trainer.builder()
                .optimizer(AdamW.builder().learningRate(1e-3).weightDecay(0.1).build())
                .schedule(LearningRateSchedule.cosineAnnealing(1e-3, 1e-5, steps))
                .epochs(o.epochs())
                .batchSize(o.batchSize())
                .random(random)
                .listener(progress)
                .build();
        History history = trainer.fit(network, training, validation);

        Evaluation result = network.evaluate(test.features(), test.targets());
        double trainingSeconds = history.epochs().stream().mapToDouble(e -> e.trainingSeconds()).sum();
        double seconds = history.epochs().stream().mapToDouble(e -> e.seconds()).sum();
        double samplesPerSecond = (double) training.size() * history.epochs().size() / trainingSeconds;
        out.printf(Locale.ROOT, "%ntest accuracy %.4f (%,d of %,d)%n%n", result.accuracy(),
                Math.round(result.accuracy() * test.size()), test.size());
        out.println(result.confusionTable(CLASS_NAMES));
        out.printf(Locale.ROOT, "%ntrained %d epochs in %.1f s: %,.0f samples/s on %d thread%s, %s kernel%n",
                history.epochs().size(), seconds, samplesPerSecond, o.threads(), o.threads() == 1 ? "" : "s",
                ProductKernel.name());

        // Fold the standardization into the first layer, so that the saved model takes raw pixels in [0, 1]:
        // ((x − μ)/σ)·W + B = x·W′ + B′ with W′ᵢⱼ = Wᵢⱼ/σᵢ and B′ⱼ = Bⱼ − Σᵢ (μᵢ/σᵢ)·Wᵢⱼ.
        foldIntoFirstLayer(scaler, network);
        Files.createDirectories(o.out());
        Path model = o.out().resolve("fashion-mnist.npz");
        ModelFile.save(network, model);
        Path chart = o.out().resolve("fashion-mnist-curves.svg");
        writeCurves(history, chart);
        out.printf(Locale.ROOT, "%nmodel  %s%ncurves %s%n", model.toAbsolutePath(), chart.toAbsolutePath());
        return new Result(result.accuracy(), samplesPerSecond, seconds, model, chart);
    }

    /** W′ᵢⱼ = Wᵢⱼ/σᵢ and B′ⱼ = Bⱼ − Σᵢ (μᵢ/σᵢ)·Wᵢⱼ: the first layer then does the scaling itself. */
    static void foldIntoFirstLayer(Standardizer scaler, Network network) {
        Layer first = network.layers().get(0);
        Matrix w = first.weights();
        Matrix b = first.biases();
        double[] mean = scaler.means();
        double[] sd = scaler.standardDeviations();
        for (int i = 0; i < w.rows(); i++) {
            for (int j = 0; j < w.cols(); j++) {
                double scaled = w.get(i, j) / (sd[i] == 0 ? 1 : sd[i]); // a constant pixel is only centred
                b.set(0, j, b.get(0, j) - mean[i] * scaled);
                w.set(i, j, scaled);
            }
        }
    }

    /** Cost and accuracy per epoch, training and validation, as two panels side by side. */
    private static void writeCurves(History history, Path file) throws IOException {
        LineChart cost = LineChart.builder("Cost per epoch").xLabel("epoch").yLabel("cross-entropy")
                .series("training", history.trainingCosts())
                .series("validation", history.validationCosts())
                .build();
        LineChart accuracy = LineChart.builder("Accuracy per epoch").xLabel("epoch").yLabel("accuracy")
                .series("training", history.trainingAccuracies())
                .series("validation", history.validationAccuracies())
                .build();
        LineChart.writeRowTo(List.of(cost, accuracy), file);
    }

    private static Path require(Path folder, String name) throws IOException {
        Path file = folder.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IOException("no " + name + " in " + folder + " (expected the four Fashion-MNIST IDX files)");
        }
        return file;
    }

    /** The folder of the embedded sample, from the class path. */
    private static Path embeddedSample() throws IOException {
        URL url = FashionMnistExample.class.getResource("/fashion-mnist/" + TRAIN_IMAGES);
        if (url == null || !"file".equals(url.getProtocol())) {
            throw new IOException("the embedded Fashion-MNIST sample is not on the class path as files;"
                    + " run through Maven (mvn test-compile exec:java) or pass --data DIR");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the embedded sample: " + e.getMessage(), e);
        }
    }
}
