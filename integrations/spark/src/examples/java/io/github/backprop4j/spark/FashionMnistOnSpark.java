package io.github.backprop4j.spark;

import io.github.backprop4j.data.Dataset;
import io.github.backprop4j.data.IdxReader;
import io.github.backprop4j.data.Standardizer;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ProductKernel;
import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.ReLU;
import io.github.backprop4j.nn.Softmax;
import io.github.backprop4j.optim.AdamW;
import io.github.backprop4j.optim.LearningRateSchedule;
import io.github.backprop4j.train.EpochResult;
import io.github.backprop4j.train.History;
import io.github.backprop4j.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.feature.LabeledPoint;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.SparkSession;

/**
 * The full Fashion-MNIST run behind docs/distributed.md's table: the core example's network and optimizer (784-256-128-10,
 * ReLU, dropout 0.2, AdamW 1e-3 with weight decay 0.1 and a cosine schedule, batches of 64, standardized pixels), trained
 * by the in-JVM {@link Trainer} and by the {@link SparkTrainer} in both modes, with the samples per second and the test
 * accuracy of every epoch, and Spark's cost per synchronous step. From integrations/spark:
 * <pre>
 * mvn -B -q test-compile exec:java -Dexec.args="--epochs 15 --sync-epochs 1"
 * </pre>
 * Options: {@code --data DIR} (default /usr/share/datasets/fashion-mnist), {@code --epochs N}, {@code --master M}
 * (default local[2]), {@code --shards K} (default 2), {@code --sync-epochs N} (0 to skip the synchronous run),
 * {@code --seed S}.
 */
public final class FashionMnistOnSpark {

    private FashionMnistOnSpark() {
    }

    /**
     * Runs the comparison and prints it.
     *
     * @param args the options above
     * @throws IOException if the data cannot be read
     */
    public static void main(String[] args) throws IOException {
        Path data = Path.of("/usr/share/datasets/fashion-mnist");
        int epochs = 15;
        int syncEpochs = 1;
        int shards = 2;
        long seed = 1;
        String master = "local[2]";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[i + 1]);
                case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
                case "--sync-epochs" -> syncEpochs = Integer.parseInt(args[i + 1]);
                case "--shards" -> shards = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--master" -> master = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        PrintStream out = System.out;
        Matrix trainX = IdxReader.readImages(data.resolve("train-images-idx3-ubyte.gz"), 1.0 / 255);
        Matrix testX = IdxReader.readImages(data.resolve("t10k-images-idx3-ubyte.gz"), 1.0 / 255);
        Standardizer scaler = Standardizer.fit(trainX);
        scaler.transformInPlace(trainX);
        scaler.transformInPlace(testX);
        Dataset train = new Dataset(trainX, labels(data.resolve("train-labels-idx1-ubyte.gz")));
        Dataset test = new Dataset(testX, labels(data.resolve("t10k-labels-idx1-ubyte.gz")));
        int batch = 64;
        out.printf(Locale.ROOT, "Fashion-MNIST %,d training and %,d test images; %s, %d shards, batch %d, %s kernel,"
                + " %d processors%n", train.size(), test.size(), master, shards, batch, ProductKernel.name(),
                Runtime.getRuntime().availableProcessors());

        long stepsPerEpoch = (train.size() + batch - 1) / batch;
        History inJvm = Trainer.builder().optimizer(optimizer()).schedule(cosine(epochs * stepsPerEpoch))
                .epochs(epochs).batchSize(batch).seed(seed).threads(2).build().fit(network(seed), train, test);
        print(out, "in-JVM Trainer, 2 threads", inJvm);

        SparkSession spark = SparkSession.builder().master(master).appName("fashion-mnist-on-spark")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try {
            JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
            JavaRDD<LabeledPoint> rows = context.parallelize(points(train), 8).cache();
            long localSteps = (train.size() / shards + batch - 1) / batch;
            History averaged = SparkTrainer.builder().optimizer(optimizer()).schedule(cosine(epochs * localSteps))
                    .epochs(epochs).batchSize(batch).seed(seed).shards(shards).build()
                    .fit(network(seed), rows, test);
            print(out, "SparkTrainer, averaging once per epoch", averaged);
            if (syncEpochs > 0) {
                History sync = SparkTrainer.builder().optimizer(optimizer()).schedule(cosine(epochs * stepsPerEpoch))
                        .mode(SparkTrainer.Mode.SYNCHRONOUS).epochs(syncEpochs).batchSize(batch).seed(seed)
                        .shards(shards).build().fit(network(seed), rows, test);
                print(out, "SparkTrainer, synchronous steps", sync);
                double syncMs = 1000 * sync.epochs().get(0).trainingSeconds() / stepsPerEpoch;
                double jvmMs = 1000 * inJvm.epochs().get(0).trainingSeconds() / stepsPerEpoch;
                out.printf(Locale.ROOT, "%nper step of %d rows: synchronous on Spark %.1f ms, in-JVM %.1f ms: Spark's"
                        + " overhead %.1f ms a step%n", batch, syncMs, jvmMs, syncMs - jvmMs);
            }
        } finally {
            spark.stop();
        }
    }

    private static Matrix labels(Path file) throws IOException {
        int[] labels = IdxReader.readLabels(file);
        double[] y = new double[labels.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels[i];
        }
        return Matrix.column(y);
    }

    private static List<LabeledPoint> points(Dataset data) {
        Matrix x = data.features();
        Matrix y = data.targets();
        List<LabeledPoint> points = new ArrayList<>(x.rows());
        for (int i = 0; i < x.rows(); i++) {
            points.add(new LabeledPoint(y.get(i, 0), Vectors.dense(x.rowRange(i, i + 1).backingArray())));
        }
        return points;
    }

    private static Network network(long seed) {
        return Network.builder().input(784).dense(256, new ReLU()).dropout(0.2).dense(128, new ReLU()).dropout(0.2)
                .dense(10, new Softmax()).loss(new CrossEntropy()).build(new SplittableRandom(seed));
    }

    private static AdamW optimizer() {
        return AdamW.builder().learningRate(1e-3).weightDecay(0.1).build();
    }

    /** The example's cosine schedule from 1e-3 to 1e-5 over the run, as a lambda Spark can ship. */
    private static LearningRateSchedule cosine(long steps) {
        return (LearningRateSchedule & Serializable) t -> 1e-5 + (1e-3 - 1e-5) * 0.5
                * (1 + Math.cos(Math.PI * Math.min(t, steps) / steps));
    }

    private static void print(PrintStream out, String what, History history) {
        out.printf(Locale.ROOT, "%n%s%n| epoch | samples/s | test accuracy | training cost |%n|---|---|---|---|%n",
                what);
        for (EpochResult e : history.epochs()) {
            out.printf(Locale.ROOT, "| %d | %,.0f | %.4f | %.4f |%n", e.epoch(), e.samples() / e.trainingSeconds(),
                    e.validationAccuracy(), e.trainingCost());
        }
    }
}
