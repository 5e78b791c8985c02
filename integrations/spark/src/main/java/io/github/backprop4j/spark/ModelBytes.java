package io.github.backprop4j.spark;

import io.github.backprop4j.io.ModelFile;
import io.github.backprop4j.io.ModelFileException;
import io.github.backprop4j.nn.Network;
import java.io.Serializable;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * A trained network as a Spark ML model holds it: the core's model-file bytes (a zip that is also a NumPy .npz), from
 * which each JVM that predicts decodes the network once; and ML persistence through those bytes: the stage's Params
 * as Spark's metadata JSON in {@code path/metadata}, the model file as one binary cell in {@code path/data} (Parquet),
 * so a saved model is read back bit for bit, on any file system Spark writes to.
 */
final class ModelBytes implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The model file. */
    private final byte[] file;
    /** The network decoded from it, once per JVM. */
    private transient volatile Network network;

    ModelBytes(byte[] file) {
        this.file = file.clone();
    }

    ModelBytes(Network network) {
        this.file = ModelFile.toBytes(network);
    }

    byte[] file() {
        return file.clone();
    }

    /** The network, decoded on first use in this JVM; inference only (thread-safe), on the calling thread. */
    Network network() {
        Network n = network;
        if (n == null) {
            synchronized (this) {
                n = network;
                if (n == null) {
                    n = decode(file, "model");
                    n.setThreads(1);
                    network = n;
                }
            }
        }
        return n;
    }

    private static Network decode(byte[] file, String where) {
        try {
            return ModelFile.load(file);
        } catch (ModelFileException e) {
            throw new IllegalArgumentException(where + ": the model file does not read: " + e.getMessage(), e);
        }
    }

    /** Writes a model stage: its Params as metadata, its model file as data. */
    static final class Writer extends MLWriter {
        private final Params stage;
        private final byte[] file;

        Writer(Params stage, ModelBytes model) {
            this.stage = stage;
            this.file = model.file;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(stage, path, sparkSession());
            StructType schema = new StructType().add("model", DataTypes.BinaryType, false);
            List<Row> rows = List.of(RowFactory.create((Object) file));
            sparkSession().createDataFrame(rows, schema).repartition(1).write().parquet(path + "/data");
        }
    }

    /** Reads a model stage written by {@link Writer}, checking the model file as it does so. */
    static final class Reader<M extends Params> extends MLReader<M> {
        private final Class<M> type;
        private final BiFunction<String, ModelBytes, M> create;

        Reader(Class<M> type, BiFunction<String, ModelBytes, M> create) {
            this.type = type;
            this.create = create;
        }

        @Override
        public M load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(),
                    type.getName());
            byte[] file = (byte[]) sparkSession().read().parquet(path + "/data").select("model").head().get(0);
            decode(file, path + "/data");  // refused whole now, not at the first prediction
            M model = create.apply(metadata.uid(), new ModelBytes(file));
            metadata.getAndSetParams(model, Option.empty());
            return model;
        }
    }
}
