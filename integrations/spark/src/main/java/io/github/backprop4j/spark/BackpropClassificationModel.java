package io.github.backprop4j.spark;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.Layer;
import io.github.backprop4j.nn.Network;
import java.util.List;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;

/**
 * The model of a {@link BackpropClassifier}: a trained backprop4j network. Raw scores are the output layer's weighted
 * input Zo, probabilities its softmax (the network's own prediction), the prediction the most likely class. Saved and
 * loaded through the core's model file ({@link #network()} gives the network itself).
 */
public final class BackpropClassificationModel
        extends ProbabilisticClassificationModel<Vector, BackpropClassificationModel> implements MLWritable {

    private static final long serialVersionUID = 1L;
    private static final String PREFIX = "backpropClassificationModel";
    /** Set on first use of {@link #uid()}, during the superclass constructor: no initializer may reset it. */
    private String uid;
    /** The trained network, as model-file bytes. */
    private final ModelBytes model;

    BackpropClassificationModel(String uid, ModelBytes model) {
        this(Uid.next(uid), model);
    }

    private BackpropClassificationModel(Uid.Token token, ModelBytes model) {
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
    public int numClasses() {
        return network().outputSize();
    }

    @Override
    public int numFeatures() {
        return network().inputSize();
    }

    /**
     * The output layer's weighted input Zo for one row: the scores whose softmax is the probabilities.
     *
     * @param features the row, {@link #numFeatures()} values
     * @return Zo, {@link #numClasses()} values
     */
    @Override
    public Vector predictRaw(Vector features) {
        List<Layer> layers = network().layers();
        Matrix a = Matrix.row(features.toArray());
        for (int l = 0; l < layers.size() - 1; l++) {
            a = layers.get(l).predict(a);
        }
        return Vectors.dense(network().outputLayer().computeWeightedInput(a).backingArray());
    }

    /**
     * Softmax of the raw scores, in place: exp(z − max z) / Σ exp(z − max z).
     *
     * @param raw Zo; overwritten by the probabilities
     * @return {@code raw}
     */
    @Override
    public Vector raw2probabilityInPlace(Vector raw) {
        double[] z = ((DenseVector) raw).values();
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        for (int k = 0; k < z.length; k++) {
            z[k] /= sum;
        }
        return raw;
    }

    /**
     * Spark's hook for models with a training summary (this one has none): Scala declares it in two superclasses
     * with different generic return types, which Java can override only in the raw type.
     *
     * @return the superclass's answer
     */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }

    @Override
    public BackpropClassificationModel copy(ParamMap extra) {
        return copyValues(new BackpropClassificationModel(uid(), model), extra).setParent(parent());
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
    public static MLReader<BackpropClassificationModel> read() {
        return new ModelBytes.Reader<>(BackpropClassificationModel.class, BackpropClassificationModel::new);
    }

    /**
     * Loads a model saved with {@code write().save(path)}.
     *
     * @param path the directory
     * @return the model
     */
    public static BackpropClassificationModel load(String path) {
        return read().load(path);
    }
}
