package io.github.backprop4j.spark;

import io.github.backprop4j.nn.Identity;
import io.github.backprop4j.nn.MeanSquaredError;
import io.github.backprop4j.nn.Network;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * A Spark ML regressor that trains a backprop4j network with {@link SparkTrainer}: hidden layers of
 * {@link NetworkParams#hiddenLayers()}, one linear output, the seed's half squared error (MSE). The same data, Params
 * and shard count give the same model bit for bit on any cluster.
 */
public final class BackpropRegressor extends Regressor<Vector, BackpropRegressor, BackpropRegressionModel>
        implements NetworkParams<BackpropRegressor>, DefaultParamsWritable {

    private static final long serialVersionUID = 1L;
    private static final String PREFIX = "backpropRegressor";
    /** Set on first use of {@link #uid()}, during the superclass constructor: no initializer may reset it. */
    private String uid;
    /** The network's Params, beside Spark's. */
    private final TrainingParams params;

    /** A regressor with a new uid and the default Params. */
    public BackpropRegressor() {
        this(Uid.next(null));
    }

    /**
     * A regressor with the given uid (how Spark copies and loads stages) and the default Params.
     *
     * @param uid the uid
     */
    public BackpropRegressor(String uid) {
        this(Uid.next(uid));
    }

    private BackpropRegressor(Uid.Token token) {
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
    public BackpropRegressionModel train(Dataset<?> dataset) {
        int features = ((Vector) dataset.select(getFeaturesCol()).head().get(0)).size();
        Network network = params.network(this, features, 1, new Identity(), new MeanSquaredError());
        params.trainer(this).fit(network, SparkTrainer.labeledPoints(dataset, getFeaturesCol(), getLabelCol()));
        return new BackpropRegressionModel(uid(), new ModelBytes(network));
    }

    @Override
    public BackpropRegressor copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /**
     * The reader of saved regressors (for Spark's ML persistence).
     *
     * @return the reader
     */
    public static MLReader<BackpropRegressor> read() {
        return new DefaultParamsReader<>();
    }

    /**
     * Loads a regressor saved with {@code write().save(path)}.
     *
     * @param path the directory
     * @return the regressor
     */
    public static BackpropRegressor load(String path) {
        return read().load(path);
    }
}
