package io.github.backprop4j.benchmarks;

import io.github.backprop4j.data.Dataset;
import io.github.backprop4j.data.IdxReader;
import io.github.backprop4j.matrix.ProductKernel;
import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.ReLU;
import io.github.backprop4j.nn.Softmax;
import io.github.backprop4j.optim.SgdOptimizer;
import io.github.backprop4j.train.EpochResult;
import io.github.backprop4j.train.History;
import io.github.backprop4j.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The protocol of {@code ../shared/bench/numpy_mlp.py}, end to end through {@link Trainer}: Fashion-MNIST,
 * 784-256-128-10, ReLU, softmax + cross-entropy, SGD with momentum 0.9, η = 0.01, batch 64, shuffled each
 * epoch; epoch 1 is the warm-up, the later ones are timed. Prints one {@code RESULT} line in the
 * reference scripts' form.
 *
 * <pre>
 * mvn -B -q -P benchmark test-compile exec:exec -Dbench.main=io.github.backprop4j.benchmarks.ProtocolRun \
 *     -Djmh.args="--threads 1 --epochs 3"
 * </pre>
 * Options: {@code --threads N} (default 1), {@code --epochs E} (default 3), {@code --batch B} (default 64),
 * {@code --data DIR} (default {@code $FMNIST_DIR} or {@code /usr/share/datasets/fashion-mnist}),
 * {@code --finite-checks false} (the trainer's per-batch check that the cost and gradients are finite).
 */
public final class ProtocolRun {

    private ProtocolRun() {
    }

    /**
     * Runs the protocol.
     *
     * @param args the options above
     * @throws IOException if the data cannot be read
     */
    public static void main(String[] args) throws IOException {
        int threads = 1;
        int epochs = 3;
        int batch = 64;
        boolean checks = true;
        String env = System.getenv("FMNIST_DIR");
        Path data = Path.of(env != null && !env.isEmpty() ? env : "/usr/share/datasets/fashion-mnist");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                case "--data" -> data = Path.of(args[i + 1]);
                case "--finite-checks" -> checks = Boolean.parseBoolean(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Dataset train = IdxReader.mnist(data.resolve("train-images-idx3-ubyte.gz"),
                data.resolve("train-labels-idx1-ubyte.gz"), 10);
        Dataset test = IdxReader.mnist(data.resolve("t10k-images-idx3-ubyte.gz"),
                data.resolve("t10k-labels-idx1-ubyte.gz"), 10);
        Network network = Network.builder().input(784).dense(256, new ReLU()).dense(128, new ReLU())
                .dense(10, new Softmax()).loss(new CrossEntropy()).build(new SplittableRandom(1));
        Trainer trainer = Trainer.builder()
                .optimizer(SgdOptimizer.builder().learningRate(0.01).momentum(0.9).build())
                .epochs(epochs).batchSize(batch).seed(1).threads(threads).stopOnNonFinite(checks).build();
        History history = trainer.fit(network, train);
        List<Double> timed = new ArrayList<>();
        for (EpochResult e : history.epochs()) {
            System.err.printf(Locale.ROOT, "epoch %d %.3fs%n", e.epoch(), e.trainingSeconds());
            if (e.epoch() > 1) {
                timed.add(e.trainingSeconds());
            }
        }
        Collections.sort(timed);
        int h = timed.size() / 2;
        double median = timed.size() % 2 == 1 ? timed.get(h) : (timed.get(h - 1) + timed.get(h)) / 2;
        double accuracy = network.evaluate(test.features(), test.targets()).accuracy();
        System.out.printf(Locale.ROOT, "RESULT {\"system\": \"backprop4j\", \"precision\": \"float64\", "
                + "\"threads\": %d, \"batch\": %d, \"kernel\": \"%s\", \"timed_epochs\": %d, "
                + "\"median_epoch_ms\": %.1f, \"samples_per_s\": %.1f, \"test_acc\": %.4f}%n", threads, batch,
                ProductKernel.name(), timed.size(), median * 1000, train.size() / median, accuracy);
    }
}
