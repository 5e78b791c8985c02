package io.github.backprop4j.spark;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.Network;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;

/**
 * The model of a {@link BackpropRegressor}: a trained backprop4j network with one linear output, saved and loaded
 * through the core's model file.
 */
public final class BackpropRegressionModel extends RegressionModel<Vector, BackpropRegressionModel>
        implements MLWritable {

    private static final long serialVersionUID = 1L;
    private static final String PREFIX = "backpropRegressionModel";
    /** Set on first use of {@link #uid()}, during the superclass constructor: no initializer may reset it. */
    private String uid;
    /** The trained network, as model-file bytes. */
    private final ModelBytes model;

    BackpropRegressionModel(String uid, ModelBytes model) {
        this(Uid.next(uid), model);
    }

    private BackpropRegressionModel(Uid.Token token, ModelBytes model) {
        uid();
        this.model = model;
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = Uid.take(PREFIX);
        }
        return uid;
    }

    /**
     * The trained network, decoded from the model's bytes (once per JVM); for inference only.
     *
     * @return the network
     */
    public Network network() {
        return model.network();
    }

    /**
     * The model file of the network, as {@link io.github.backprop4j.io.ModelFile#toBytes} writes it.
     *
     * @return a copy of the bytes
     */
    public byte[] modelFile() {
        return model.file();
    }

    @Override
    public int numFeatures() {
        return network().inputSize();
    }

    /**
     * The network's output ŷ for one row.
     *
     * @param features the row, {@link #numFeatures()} values
     * @return ŷ
     */
    @Override
    public double predict(Vector features) {
        return network().predict(Matrix.row(features.toArray())).get(0, 0);
    }

    @Override
    public BackpropRegressionModel copy(ParamMap extra) {
        return copyValues(new BackpropRegressionModel(uid(), model), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new ModelBytes.Writer(this, model);
    }

    /**
     * The reader of saved models (for Spark's ML persistence: {@code PipelineModel.load} finds it by name).
     *
     * @return the reader
     */
    public static MLReader<BackpropRegressionModel> read() {
        return new ModelBytes.Reader<>(BackpropRegressionModel.class, BackpropRegressionModel::new);
    }

    /**
     * Loads a model saved with {@code write().save(path)}.
     *
     * @param path the directory
     * @return the model
     */
    public static BackpropRegressionModel load(String path) {
        return read().load(path);
    }
}
