package io.github.backprop4j.spark;

import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.Softmax;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * A Spark ML classifier that trains a backprop4j network with {@link SparkTrainer}: hidden layers of
 * {@link NetworkParams#hiddenLayers()}, a softmax output of one unit per class, cross-entropy. Its model predicts the
 * class, the class probabilities (softmax) and the raw scores (the output layer's Zo).
 *
 * <pre>{@code Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
 *         new VectorAssembler().setInputCols(columns).setOutputCol("features"),
 *         new BackpropClassifier().setHiddenLayers(new int[] {256, 128}).setEpochs(10).setShards(8)});
 * PipelineModel model = pipeline.fit(training);
 * model.write().overwrite().save("hdfs:///models/fashion");}</pre>
 *
 * <p>Labels are class indices 0, 1, …, k − 1 (k from the label column's metadata, or the largest label + 1). The
 * same data, Params and shard count give the same model bit for bit on any cluster.
 */
public final class BackpropClassifier
        extends ProbabilisticClassifier<Vector, BackpropClassifier, BackpropClassificationModel>
        implements NetworkParams<BackpropClassifier>, DefaultParamsWritable {

    private static final long serialVersionUID = 1L;
    private static final String PREFIX = "backpropClassifier";
    /** Set on first use of {@link #uid()}, during the superclass constructor: no initializer may reset it. */
    private String uid;
    /** The network's Params, beside Spark's. */
    private final TrainingParams params;

    /** A classifier with a new uid and the default Params. */
    public BackpropClassifier() {
        this(Uid.next(null));
    }

    /**
     * A classifier with the given uid (how Spark copies and loads stages) and the default Params.
     *
     * @param uid the uid
     */
    public BackpropClassifier(String uid) {
        this(Uid.next(uid));
    }

    private BackpropClassifier(Uid.Token token) {
        uid();
        this.params = new TrainingParams(this);
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = Uid.take(PREFIX);
        }
        return uid;
    }

    @Override
    public TrainingParams trainingParams() {
        return params;
    }

    /**
     * Trains the network on the rows' features and labels (Spark's {@code fit} calls it).
     *
     * @param dataset the training rows; not modified
     * @return the model
     */
    @Override
    public BackpropClassificationModel train(Dataset<?> dataset) {
        int classes = getNumClasses(dataset, Integer.MAX_VALUE);
        if (classes < 2) {
            throw new IllegalArgumentException("BackpropClassifier: the labels hold " + classes + " class; a softmax"
                    + " classifier needs at least 2");
        }
        int features = ((Vector) dataset.select(getFeaturesCol()).head().get(0)).size();
        Network network = params.network(this, features, classes, new Softmax(), new CrossEntropy());
        params.trainer(this).fit(network, SparkTrainer.labeledPoints(dataset, getFeaturesCol(), getLabelCol()));
        return new BackpropClassificationModel(uid(), new ModelBytes(network));
    }

    @Override
    public BackpropClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /**
     * The reader of saved classifiers (for Spark's ML persistence).
     *
     * @return the reader
     */
    public static MLReader<BackpropClassifier> read() {
        return new DefaultParamsReader<>();
    }

    /**
     * Loads a classifier saved with {@code write().save(path)}.
     *
     * @param path the directory
     * @return the classifier
     */
    public static BackpropClassifier load(String path) {
        return read().load(path);
    }
}
