package io.github.backprop4j.spark;

import io.github.backprop4j.data.Dataset;
import io.github.backprop4j.data.IdxReader;
import io.github.backprop4j.matrix.Matrix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.feature.LabeledPoint;
import org.apache.spark.ml.linalg.Vectors;

/**
 * The embedded Fashion-MNIST sample of the core's examples (on the test class path, see pom.xml), cut to the first
 * rows: as core datasets with the labels in one column, and as Spark labeled points in the same order.
 */
final class FashionSample {

    /** X (n × 784, pixels in [0, 1]) and y (n × 1, class indices). */
    final Matrix x;
    final Matrix y;

    private FashionSample(Matrix x, Matrix y) {
        this.x = x;
        this.y = y;
    }

    static FashionSample training(int rows) {
        return read("train", rows);
    }

    static FashionSample test(int rows) {
        return read("t10k", rows);
    }

    private static FashionSample read(String part, int rows) {
        try {
            Matrix x = IdxReader.readImages(resource(part + "-images-idx3-ubyte.gz"), 1.0 / 255);
            int[] labels = IdxReader.readLabels(resource(part + "-labels-idx1-ubyte.gz"));
            double[] y = new double[rows];
            for (int i = 0; i < rows; i++) {
                y[i] = labels[i];
            }
            return new FashionSample(x.rowRange(0, rows), Matrix.column(y));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(FashionSample.class.getResource("/fashion-mnist/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    Dataset dataset() {
        return new Dataset(x, y);
    }

    List<LabeledPoint> points() {
        List<LabeledPoint> points = new ArrayList<>(x.rows());
        for (int i = 0; i < x.rows(); i++) {
            points.add(new LabeledPoint(y.get(i, 0), Vectors.dense(x.rowRange(i, i + 1).backingArray())));
        }
        return points;
    }
}
