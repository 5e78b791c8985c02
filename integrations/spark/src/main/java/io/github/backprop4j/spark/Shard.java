package io.github.backprop4j.spark;

import io.github.backprop4j.data.Dataset;
import io.github.backprop4j.data.Shuffle;
import io.github.backprop4j.matrix.Matrix;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.feature.LabeledPoint;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * One logical shard of the training data: the rows whose index i (their position in the input) has
 * i mod K = shard, in the order of their indices, as one block of features and one of labels. Rows are assigned by
 * index, never by Spark's partitioning, so a shard holds the same rows whichever executor holds it; the shard RDD
 * has one partition per shard, cached (and checkpointed) once, so the data travels once per fit.
 */
final class Shard implements Serializable {

    private static final long serialVersionUID = 1L;

    final int index;
    final int rows;
    final int cols;
    /** X, rows × cols, row-major. */
    private final double[] features;
    /** y, one label per row: a class index, or a regression target. */
    private final double[] labels;

    private transient Dataset dataset;
    private transient int orderEpoch;
    private transient int[] order;

    private Shard(int index, int rows, int cols, double[] features, double[] labels) {
        this.index = index;
        this.rows = rows;
        this.cols = cols;
        this.features = features;
        this.labels = labels;
    }

    /** A row of the input with its index: what travels (once) to the shard that keeps it. */
    record IndexedPoint(long index, double[] features, double label) implements Serializable {
    }

    /**
     * The K shards of {@code data}, one partition each, cached and checkpointed (reliably if the context has a
     * checkpoint directory, else locally: the lineage back to the input is cut either way).
     *
     * @throws IllegalArgumentException (in the job) if a row has the wrong width or a non-finite value
     */
    static JavaRDD<Shard> split(JavaRDD<LabeledPoint> data, int shards, int features) {
        JavaRDD<Shard> rdd = data.zipWithIndex()
                .mapToPair(t -> new Tuple2<>((int) (t._2() % shards),
                        new IndexedPoint(t._2(), t._1().features().toArray(), t._1().label())))
                .partitionBy(new ShardPartitioner(shards))
                .mapPartitionsWithIndex((shard, rows) -> List.of(of(shard, rows, features)).iterator(), true);
        if (data.context().getCheckpointDir().isDefined()) {
            rdd.persist(StorageLevel.MEMORY_AND_DISK());
            rdd.checkpoint();
        } else {
            rdd.rdd().localCheckpoint();
        }
        return rdd;
    }

    private static Shard of(int shard, Iterator<Tuple2<Integer, IndexedPoint>> input, int cols) {
        List<IndexedPoint> points = new ArrayList<>();
        input.forEachRemaining(t -> points.add(t._2()));
        points.sort(Comparator.comparingLong(IndexedPoint::index));
        double[] x = new double[Math.multiplyExact(points.size(), cols)];
        double[] y = new double[points.size()];
        for (int r = 0; r < points.size(); r++) {
            IndexedPoint p = points.get(r);
            if (p.features().length != cols) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "fit: row %d has %d features but the network takes %d inputs", p.index(), p.features().length,
                        cols));
            }
            for (int c = 0; c < cols; c++) {
                double v = p.features()[c];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "fit: row %d, feature %d is %s; values must be finite", p.index(), c, v));
                }
                x[r * cols + c] = v;
            }
            if (!Double.isFinite(p.label())) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "fit: the label of row %d is %s; labels must be finite", p.index(), p.label()));
            }
            y[r] = p.label();
        }
        return new Shard(shard, points.size(), cols, x, y);
    }

    /** The shard's rows as a core dataset over its own arrays (not copied): X, and y as one column. */
    synchronized Dataset dataset() {
        if (dataset == null) {
            dataset = Dataset.wrap(Matrix.wrap(rows, cols, features), Matrix.wrap(rows, 1, labels));
        }
        return dataset;
    }

    /** The shard's row order in {@code epoch}: shuffled from {@link ShardSeeds#order}, or 0, 1, 2, … */
    synchronized int[] order(long seed, int epoch, boolean shuffle) {
        if (order == null || orderEpoch != epoch) {
            order = Shuffle.identity(rows);
            if (shuffle) {
                Shuffle.inPlace(order, new SplittableRandom(ShardSeeds.order(seed, epoch, index)));
            }
            orderEpoch = epoch;
        }
        return order;
    }

    /** Sends the rows of shard s to partition s. */
    static final class ShardPartitioner extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int shards;

        ShardPartitioner(int shards) {
            this.shards = shards;
        }

        @Override
        public int numPartitions() {
            return shards;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ShardPartitioner p && p.shards == shards;
        }

        @Override
        public int hashCode() {
            return shards;
        }
    }
}
