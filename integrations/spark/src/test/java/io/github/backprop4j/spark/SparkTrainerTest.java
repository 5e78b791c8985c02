package io.github.backprop4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.backprop4j.data.Dataset;
import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.Identity;
import io.github.backprop4j.nn.MeanSquaredError;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.NetworkBuilder;
import io.github.backprop4j.nn.ReLU;
import io.github.backprop4j.nn.Softmax;
import io.github.backprop4j.optim.Adam;
import io.github.backprop4j.optim.AdamW;
import io.github.backprop4j.optim.Optimizer;
import io.github.backprop4j.optim.SgdOptimizer;
import io.github.backprop4j.train.History;
import io.github.backprop4j.train.Trainer;
import io.github.backprop4j.train.TrainingDivergedException;
import io.github.backprop4j.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.feature.LabeledPoint;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The trainer in local[2], on the embedded Fashion-MNIST sample: the gradient, both modes, and bad input. */
class SparkTrainerTest {

    private static SparkSession spark;
    private static JavaSparkContext context;
    private static FashionSample train;
    private static FashionSample test;

    @BeforeAll
    static void start() {
        spark = Sessions.start("local[2]");
        context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        train = FashionSample.training(3000);
        test = FashionSample.test(1000);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static final NetworkBuilder SHAPE = Network.builder().input(784).dense(32, new ReLU())
            .dense(10, new Softmax()).loss(new CrossEntropy()).threads(1);

    private static Network network() {
        return SHAPE.build(new SplittableRandom(42));
    }

    private static JavaRDD<LabeledPoint> rows(int n, int partitions) {
        return context.parallelize(train.points().subList(0, n), partitions);
    }

    /** One synchronous step over every row: the distributed gradient is the in-JVM one, to 1e-12. */
    @Test
    void theDistributedGradientIsTheInJvmOne() {
        int n = 600;
        Network here = network();
        here.forward(train.x.rowRange(0, n));
        here.backward(train.y.rowRange(0, n));
        double[] expected = here.flatGradient();

        Network there = network();
        SparkTrainer.builder().optimizer(new SgdOptimizer(0.01)).mode(SparkTrainer.Mode.SYNCHRONOUS).shards(3)
                .batchSize(n).epochs(1).build().fit(there, rows(n, 4));
        double[] gradient = there.flatGradient();  // the gradient of the one step, at the starting parameters
        assertThat(gradient).hasSameSizeAs(expected);
        double largest = 0;
        for (int i = 0; i < expected.length; i++) {
            largest = Math.max(largest, Math.abs(gradient[i] - expected[i]));
        }
        assertThat(largest).isLessThan(1e-12);
    }

    /** One shard, synchronous, is the in-JVM trainer bit for bit (its epochs shuffled from the shard's seeds). */
    @Test
    void oneShardSynchronousIsTheTrainerBitForBit() {
        int n = 1000;
        long seed = 5;
        Network here = network();
        Optimizer adam = Adam.builder().learningRate(1e-3).build();
        List<Double> costs = new ArrayList<>();
        for (int epoch = 1; epoch <= 2; epoch++) {
            History h = Trainer.builder().optimizer(adam).epochs(1).batchSize(64)
                    .random(new SplittableRandom(ShardSeeds.order(seed, epoch, 0))).build()
                    .fit(here, new Dataset(train.x.rowRange(0, n), train.y.rowRange(0, n)));
            costs.add(h.last().trainingCost());
        }
        Network there = network();
        History history = SparkTrainer.builder().optimizer(Adam.builder().learningRate(1e-3).build())
                .mode(SparkTrainer.Mode.SYNCHRONOUS).shards(1).batchSize(64).epochs(2).seed(seed).build()
                .fit(there, rows(n, 3));
        assertThat(there.flatParameters()).isEqualTo(here.flatParameters());
        assertThat(history.trainingCosts()).containsExactly(costs.get(0), costs.get(1));
    }

    /** One shard averaging once per epoch is the in-JVM trainer bit for bit too: the average of one is itself. */
    @Test
    void oneShardAveragingIsTheTrainerBitForBit() {
        int n = 800;
        long seed = 9;
        Network here = network();
        Optimizer adam = AdamW.builder().learningRate(1e-3).build();
        for (int epoch = 1; epoch <= 2; epoch++) {
            Trainer.builder().optimizer(adam).epochs(1).batchSize(32)
                    .random(new SplittableRandom(ShardSeeds.order(seed, epoch, 0))).build()
                    .fit(here, new Dataset(train.x.rowRange(0, n), train.y.rowRange(0, n)));
        }
        Network there = network();
        SparkTrainer trainer = SparkTrainer.builder().optimizer(AdamW.builder().learningRate(1e-3).build()).shards(1)
                .batchSize(32).epochs(2).seed(seed).build();
        trainer.fit(there, rows(n, 2));
        assertThat(there.flatParameters()).isEqualTo(here.flatParameters());
        assertThat(trainer.optimizerState().step()).isEqualTo(adam.stepCount());
    }

    /** Averaging two shards once per epoch learns: an accuracy floor on held-out images. */
    @Test
    void averagingLearnsFashionMnist() {
        Network net = network();
        List<Integer> rounds = new ArrayList<>();
        History history = SparkTrainer.builder().optimizer(Adam.builder().learningRate(2e-3).build()).shards(2)
                .batchSize(32).epochs(4).seed(3).listener(new TrainingListener() {
                    @Override
                    public void onBatchEnd(BatchEnd event) {
                        rounds.add(event.batch());
                    }
                }).build().fit(net, rows(3000, 2), test.dataset());
        assertThat(history.last().validationAccuracy()).isGreaterThan(0.75);
        assertThat(history.last().trainingAccuracy()).isGreaterThan(0.75);
        assertThat(rounds).containsExactly(1, 1, 1, 1);  // one averaging round per epoch
        assertThat(history.epochs().get(0).samples()).isEqualTo(3000);
    }

    /** Averaging every k local steps: more rounds an epoch, the same samples. */
    @Test
    void averagingEveryKStepsRunsMoreRounds() {
        Network net = network();
        History history = SparkTrainer.builder().optimizer(new SgdOptimizer(0.05)).shards(2).batchSize(50)
                .averagingSteps(4).epochs(1).seed(3).build().fit(net, rows(1000, 3));
        // 500 rows a shard: 10 local steps, averaged every 4: 3 rounds
        assertThat(history.epochs()).hasSize(1);
        assertThat(history.last().samples()).isEqualTo(1000);
        assertThat(history.last().trainingCost()).isLessThan(2.3);
    }

    @Test
    void aDataFrameWithAVectorColumnTrainsLikeItsRows() {
        Network fromRdd = network();
        Network fromFrame = network();
        SparkTrainer trainer = SparkTrainer.builder().optimizer(new SgdOptimizer(0.05)).shards(2).batchSize(50)
                .epochs(1).seed(1).build();
        trainer.fit(fromRdd, rows(400, 2));
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> frame = spark.createDataFrame(
                train.points().subList(0, 400), LabeledPoint.class);
        SparkTrainer.builder().optimizer(new SgdOptimizer(0.05)).shards(2).batchSize(50).epochs(1).seed(1).build()
                .fit(fromFrame, frame);
        assertThat(fromFrame.flatParameters()).isEqualTo(fromRdd.flatParameters());
    }

    @Test
    void badDataIsRefusedNamingTheRow() {
        SparkTrainer trainer = SparkTrainer.builder().optimizer(new SgdOptimizer(0.05)).shards(4).build();
        assertThatThrownBy(() -> trainer.fit(network(), rows(3, 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fit: 3 rows for 4 shards; each shard needs at least one row (use fewer shards)");
        List<LabeledPoint> narrow = new ArrayList<>(train.points().subList(0, 10));
        narrow.set(7, new LabeledPoint(1, org.apache.spark.ml.linalg.Vectors.dense(1, 2, 3)));
        assertThatThrownBy(() -> trainer.fit(network(), context.parallelize(narrow, 2)))
                .hasStackTraceContaining("fit: row 7 has 3 features but the network takes 784 inputs");
        assertThatThrownBy(() -> trainer.fit(network(), spark.createDataFrame(narrow, LabeledPoint.class)
                .withColumnRenamed("label", "y")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("fit: the data has no column \"label\"");
    }

    /** Linear regression with a far too large learning rate: each step multiplies the error by ~10⁶. */
    @Test
    void divergenceStopsTrainingNamingTheShard() {
        NetworkBuilder regression = Network.builder().input(784).dense(1, new Identity())
                .loss(new MeanSquaredError()).threads(1);
        SparkTrainer averaging = SparkTrainer.builder().optimizer(new SgdOptimizer(1e4)).shards(2).batchSize(1)
                .epochs(2).build();
        assertThatThrownBy(() -> averaging.fit(regression.build(new SplittableRandom(1)), rows(200, 2)))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("training diverged at epoch 1, batch 1: shard 0 diverged in its local steps"
                        + " (training diverged at epoch 1, batch ");
        SparkTrainer synchronous = SparkTrainer.builder().optimizer(new SgdOptimizer(1e4)).shards(2).batchSize(1)
                .mode(SparkTrainer.Mode.SYNCHRONOUS).epochs(2).build();
        assertThatThrownBy(() -> synchronous.fit(regression.build(new SplittableRandom(1)), rows(200, 2)))
                .isInstanceOf(TrainingDivergedException.class).hasMessageContaining("training diverged at epoch 1");
    }

    @Test
    void theTrainerRefusesWhatCannotRunOnSpark() {
        assertThatThrownBy(() -> SparkTrainer.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("an optimizer is required");
        assertThatThrownBy(() -> SparkTrainer.builder().optimizer(new SgdOptimizer(0.1))
                .schedule(t -> 0.1).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be Serializable");
        assertThatThrownBy(() -> SparkTrainer.builder().shards(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shards must be ≥ 1, got 0");
    }
}
