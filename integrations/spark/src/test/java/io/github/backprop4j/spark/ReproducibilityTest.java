package io.github.backprop4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.ReLU;
import io.github.backprop4j.nn.Softmax;
import io.github.backprop4j.optim.Adam;
import io.github.backprop4j.optim.SgdOptimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.feature.LabeledPoint;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The same shard count gives the same bits in local[1], local[2] and local[3], whatever the input's partitioning: with
 * dropout, in both modes. (This class starts its three sessions one after the other: one per master.)
 */
class ReproducibilityTest {

    /** The parameters after training, in each mode: what must not depend on the master. */
    private record Run(double[] averaging, double[] synchronous, double[] averagingEveryThreeSteps) {
    }

    private static Run train(String master, int inputPartitions) {
        SparkSession spark = Sessions.start(master);
        try {
            JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
            List<LabeledPoint> points = FashionSample.training(900).points();
            Network averaged = network();
            SparkTrainer.builder().optimizer(Adam.builder().learningRate(1e-3).build()).shards(3).batchSize(32)
                    .epochs(2).seed(11).build().fit(averaged, context.parallelize(points, inputPartitions));
            Network synchronous = network();
            SparkTrainer.builder().optimizer(new SgdOptimizer(0.05)).mode(SparkTrainer.Mode.SYNCHRONOUS).shards(3)
                    .batchSize(150).epochs(1).seed(11).build()
                    .fit(synchronous, context.parallelize(points, inputPartitions));
            Network everyThree = network();
            SparkTrainer.builder().optimizer(new SgdOptimizer(0.05)).shards(3).batchSize(40).averagingSteps(3)
                    .epochs(1).seed(11).build().fit(everyThree, context.parallelize(points, inputPartitions));
            return new Run(averaged.flatParameters(), synchronous.flatParameters(), everyThree.flatParameters());
        } finally {
            spark.stop();
        }
    }

    private static Network network() {
        return Network.builder().input(784).dense(24, new ReLU()).dropout(0.2).dense(10, new Softmax())
                .loss(new CrossEntropy()).build(new SplittableRandom(8));
    }

    @Test
    void oneTwoOrThreeCoresGiveTheSameBits() {
        List<Run> runs = new ArrayList<>();
        runs.add(train("local[1]", 1));
        runs.add(train("local[2]", 5));
        runs.add(train("local[3]", 2));
        for (Run run : runs.subList(1, runs.size())) {
            assertThat(run.averaging()).isEqualTo(runs.get(0).averaging());
            assertThat(run.synchronous()).isEqualTo(runs.get(0).synchronous());
            assertThat(run.averagingEveryThreeSteps()).isEqualTo(runs.get(0).averagingEveryThreeSteps());
        }
        assertThat(runs.get(0).averaging()).isNotEqualTo(network().flatParameters());
    }
}
