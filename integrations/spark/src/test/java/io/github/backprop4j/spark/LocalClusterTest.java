package io.github.backprop4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.ReLU;
import io.github.backprop4j.nn.Softmax;
import io.github.backprop4j.optim.SgdOptimizer;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.feature.LabeledPoint;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * local-cluster[2,1,1024]: a standalone master and two workers in this JVM, each launching an executor JVM of its own,
 * so every task, broadcast and result crosses a real serialization boundary (which local mode, sharing objects in one
 * JVM, would hide). The bits must be local mode's.
 */
class LocalClusterTest {

    @Test
    void separateExecutorJvmsGiveTheBitsOfLocalMode() throws java.io.IOException {
        java.nio.file.Files.createDirectories(java.nio.file.Path.of(System.getenv("SPARK_HOME"), "jars"));
        List<LabeledPoint> points = FashionSample.training(600).points();
        double[] local = train(SparkSession.builder().master("local[2]"), points);
        double[] cluster = train(SparkSession.builder().master("local-cluster[2,1,1024]")
                .config("spark.executor.extraClassPath", System.getProperty("java.class.path")), points);
        assertThat(cluster).isEqualTo(local);
    }

    private static double[] train(SparkSession.Builder builder, List<LabeledPoint> points) {
        SparkSession spark = builder.appName("backprop4j-local-cluster").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try {
            JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
            Network net = Network.builder().input(784).dense(16, new ReLU()).dropout(0.1).dense(10, new Softmax())
                    .loss(new CrossEntropy()).build(new SplittableRandom(4));
            SparkTrainer.builder().optimizer(new SgdOptimizer(0.05)).shards(2).batchSize(30).epochs(1).seed(2).build()
                    .fit(net, context.parallelize(points, 3));
            Network sync = Network.builder().input(784).dense(16, new ReLU()).dense(10, new Softmax())
                    .loss(new CrossEntropy()).build(new SplittableRandom(4));
            SparkTrainer.builder().optimizer(new SgdOptimizer(0.05)).mode(SparkTrainer.Mode.SYNCHRONOUS).shards(2)
                    .batchSize(200).epochs(1).seed(2).build().fit(sync, context.parallelize(points, 3));
            if (spark.sparkContext().master().startsWith("local-cluster")) {
                // the driver and two executors, each in a JVM of its own
                assertThat(spark.sparkContext().statusTracker().getExecutorInfos()).hasSize(3);
            }
            double[] a = net.flatParameters();
            double[] b = sync.flatParameters();
            double[] both = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, both, a.length, b.length);
            return both;
        } finally {
            spark.stop();
        }
    }
}
