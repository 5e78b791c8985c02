package io.github.backprop4j.io;

import io.github.backprop4j.io.Json.JArray;
import io.github.backprop4j.io.Json.JNumber;
import io.github.backprop4j.io.Json.JObject;
import io.github.backprop4j.io.Json.JString;
import io.github.backprop4j.io.Json.Value;
import io.github.backprop4j.io.TensorArchive.Tensor;
import io.github.backprop4j.io.TensorArchive.TensorSpec;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.Activation;
import io.github.backprop4j.nn.BinaryCrossEntropy;
import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.ELU;
import io.github.backprop4j.nn.GELU;
import io.github.backprop4j.nn.Huber;
import io.github.backprop4j.nn.Identity;
import io.github.backprop4j.nn.Layer;
import io.github.backprop4j.nn.LeakyReLU;
import io.github.backprop4j.nn.Loss;
import io.github.backprop4j.nn.MeanAbsoluteError;
import io.github.backprop4j.nn.MeanSquaredError;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.ReLU;
import io.github.backprop4j.nn.SiLU;
import io.github.backprop4j.nn.Sigmoid;
import io.github.backprop4j.nn.Softmax;
import io.github.backprop4j.nn.Softplus;
import io.github.backprop4j.nn.Tanh;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoublePredicate;
import java.util.random.RandomGenerator;

/**
 * What {@code model.json} says about a network (and, optionally, its optimizer's state), and the translation
 * between it, a {@link Network} and the tensors of a model file. The names are a closed list; no Java class is
 * ever named.
 *
 * @param inputSize the network's input features
 * @param layers    the dense layers, first to last
 * @param loss      the loss
 * @param writtenBy the writer, e.g. {@code backprop4j 0.1.0}, or null if the file does not say
 * @param optimizer the optimizer's state ({@link OptimizerDescription}), or null if the file holds none
 */
record ModelDescription(int inputSize, List<LayerSpec> layers, Loss loss, String writtenBy,
        OptimizerDescription optimizer) {

    /** The value of the {@code format} key. */
    static final String FORMAT = "backprop4j-model";
    /**
     * The newest format version this code reads and writes. It reads every version from 1 up to this one, and
     * writes the lowest that holds the network ({@link #formatVersion()}).
     */
    static final int FORMAT_VERSION = 2;
    /** The names that formatVersion 2 added (activations and losses); every other name is in version 1. */
    private static final Set<String> VERSION_2_NAMES = Set.of("elu", "gelu", "gelu-tanh", "silu", "softplus",
            "huber", "mae");
    /** The library version written into {@code writtenBy}: pom.xml's, as the build recorded it. */
    static final String LIBRARY_VERSION = LibraryVersion.read();
    /** The most layers a file may describe: two tensors each, plus model.json, in a zip archive's entries. */
    static final int MAX_LAYERS = (ZipArchive.MAX_ENTRIES - 1) / 2;

    /**
     * One dense layer as the file describes it.
     *
     * @param units      the layer's outputs
     * @param activation the built-in activation
     * @param dropout    the dropout rate in [0, 1)
     */
    record LayerSpec(int units, Activation activation, double dropout) {
    }

    // ---------------------------------------------------------------- network → file

    /**
     * The description of a network.
     *
     * @param network the network; not modified
     * @return its description
     * @throws IllegalArgumentException if an activation or the loss is not a built-in (a model file names
     *                                  built-ins only)
     */
    static ModelDescription of(Network network) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < network.layers().size(); i++) {
            Layer layer = network.layers().get(i);
            activationName(layer.activation(), i); // refuses a custom activation
            layers.add(new LayerSpec(layer.outputSize(), layer.activation(), layer.dropout()));
        }
        lossName(network.loss());
        return new ModelDescription(network.inputSize(), List.copyOf(layers), network.loss(),
                "backprop4j " + LIBRARY_VERSION, null);
    }

    /**
     * This description with an optimizer's state.
     *
     * @param optimizer the optimizer's description
     * @return a new description
     */
    ModelDescription withOptimizer(OptimizerDescription optimizer) {
        return new ModelDescription(inputSize, layers, loss, writtenBy, optimizer);
    }

    /**
     * The tensors of a network in the documented order: for each layer, weights then biases.
     *
     * @param network the network; not modified (the tensors share its arrays: write them before changing it)
     * @return the tensors
     * @throws IllegalArgumentException if a weight or bias is not finite
     */
    static List<Tensor> tensors(Network network) {
        List<Tensor> tensors = new ArrayList<>();
        for (int i = 0; i < network.layers().size(); i++) {
            Layer layer = network.layers().get(i);
            tensors.add(tensor("layers." + i + ".weights", layer.weights()));
            tensors.add(tensor("layers." + i + ".biases", layer.biases()));
        }
        return tensors;
    }

    private static Tensor tensor(String name, Matrix m) {
        double[] values = m.backingArray();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "cannot save %s: element (%d, %d) is"
                        + " %s; a model file holds finite values only", name, i / m.cols(), i % m.cols(), values[i]));
            }
        }
        return new Tensor(name, m.rows(), m.cols(), values);
    }

    /**
     * The JSON of this description, members in the documented order.
     *
     * @return the {@code model.json} value
     */
    Value toJson() {
        Map<String, Value> root = new LinkedHashMap<>();
        root.put("format", new JString(FORMAT));
        root.put("formatVersion", JNumber.of(formatVersion()));
        root.put("writtenBy", new JString(writtenBy));
        root.put("inputSize", JNumber.of(inputSize));
        List<Value> layerValues = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            Map<String, Value> layer = new LinkedHashMap<>();
            layer.put("type", new JString("dense"));
            layer.put("units", JNumber.of(l.units()));
            Map<String, Value> activation = new LinkedHashMap<>();
            activation.put("name", new JString(activationName(l.activation(), i)));
            if (l.activation() instanceof LeakyReLU leaky) {
                activation.put("alpha", JNumber.of(leaky.alpha()));
            } else if (l.activation() instanceof ELU elu) {
                activation.put("alpha", JNumber.of(elu.alpha()));
            }
            layer.put("activation", new JObject(activation));
            layer.put("dropout", JNumber.of(l.dropout()));
            layerValues.add(new JObject(layer));
        }
        root.put("layers", new JArray(layerValues));
        Map<String, Value> lossMembers = new LinkedHashMap<>();
        lossMembers.put("name", new JString(lossName(loss)));
        if (loss instanceof Huber huber) {
            lossMembers.put("delta", JNumber.of(huber.delta()));
        } else if (loss instanceof CrossEntropy ce && ce.labelSmoothing() > 0.0) {
            lossMembers.put("labelSmoothing", JNumber.of(ce.labelSmoothing()));
        }
        root.put("loss", new JObject(lossMembers));
        if (optimizer != null) {
            root.put("optimizer", optimizer.toJson());
        }
        return new JObject(root);
    }

    /**
     * The lowest format version that holds this description: 2 if it names an activation or loss that
     * version 2 added, uses label smoothing, or holds an optimizer of version 2 (RMSprop, an {@code l1}
     * setting); else 1, so that a network of version-1 names is written byte
     * for byte as before and every older reader reads it.
     *
     * @return 1 or 2
     */
    int formatVersion() {
        boolean newer = VERSION_2_NAMES.contains(lossName(loss))
                || loss instanceof CrossEntropy ce && ce.labelSmoothing() > 0.0;
        for (int i = 0; i < layers.size(); i++) {
            newer |= VERSION_2_NAMES.contains(activationName(layers.get(i).activation(), i));
        }
        return newer || optimizer != null && optimizer.formatVersion() > 1 ? 2 : 1;
    }

    /** The built-in activations, by the class that saves them under its {@link Activation#name()}. */
    private static final List<Class<? extends Activation>> ACTIVATIONS = List.of(ReLU.class, LeakyReLU.class,
            ELU.class, GELU.class, SiLU.class, Softplus.class, Identity.class, Sigmoid.class, Tanh.class,
            Softmax.class);
    private static final String ACTIVATION_NAMES = "relu, leaky-relu, elu, gelu, gelu-tanh, silu, softplus,"
            + " identity, sigmoid, tanh, softmax";
    /** The built-in losses, by the class that saves them under its {@link Loss#name()}. */
    private static final List<Class<? extends Loss>> LOSSES = List.of(MeanSquaredError.class, Huber.class,
            MeanAbsoluteError.class, CrossEntropy.class, BinaryCrossEntropy.class);
    private static final String LOSS_NAMES = "mse, huber, mae, cross-entropy, binary-cross-entropy";

    private static String activationName(Activation a, int layer) {
        if (ACTIVATIONS.contains(a.getClass())) {
            return a.name();
        }
        throw new IllegalArgumentException(String.format(Locale.ROOT, "cannot save layer %d: its activation '%s'"
                + " (%s) is not a built-in. A model file names only %s, never code; an activation of your own"
                + " (Activation.elementwise) cannot be saved", layer, a.name(), a.getClass().getName(),
                ACTIVATION_NAMES));
    }

    private static String lossName(Loss loss) {
        if (LOSSES.contains(loss.getClass())) {
            return loss.name();
        }
        throw new IllegalArgumentException(String.format(Locale.ROOT, "cannot save the network: its loss '%s'"
                + " (%s) is not a built-in. A model file names only %s, never code", loss.name(),
                loss.getClass().getName(), LOSS_NAMES));
    }

    /**
     * The tensors this description requires, in the documented order.
     *
     * @return the {@link #parameterSpecs()}, then the optimizer's tensors, if any
     */
    List<TensorSpec> tensorSpecs() {
        List<TensorSpec> specs = parameterSpecs();
        if (optimizer != null) {
            specs.addAll(optimizer.tensorSpecs(specs));
        }
        return specs;
    }

    /**
     * The network's tensors, in the order of {@link Network#parameters()}.
     *
     * @return for each layer, {@code layers.i.weights} (in × units) then {@code layers.i.biases} (1 × units);
     *         a new, modifiable list
     */
    List<TensorSpec> parameterSpecs() {
        List<TensorSpec> specs = new ArrayList<>();
        int in = inputSize;
        for (int i = 0; i < layers.size(); i++) {
            int out = layers.get(i).units();
            specs.add(new TensorSpec("layers." + i + ".weights", in, out, false, "the weights of layer " + i));
            specs.add(new TensorSpec("layers." + i + ".biases", 1, out, true, "the biases of layer " + i));
            in = out;
        }
        return specs;
    }

    /**
     * Builds the network from its tensors.
     *
     * @param tensors       the tensors of {@link #tensorSpecs()}, in order, of those shapes (the network's
     *                      come first; any after them are ignored here)
     * @param dropoutRandom the generator of the dropout masks, or null to use a new unseeded one
     * @return the network
     * @throws ModelFileException if the description is of a network that cannot be built (e.g. cross-entropy
     *                            without a softmax output)
     */
    Network build(List<Tensor> tensors, RandomGenerator dropoutRandom) throws ModelFileException {
        List<Layer> built = new ArrayList<>(layers.size());
        RandomGenerator random = dropoutRandom;
        try {
            for (int i = 0; i < layers.size(); i++) {
                LayerSpec spec = layers.get(i);
                Tensor w = tensors.get(2 * i);
                Tensor b = tensors.get(2 * i + 1);
                if (spec.dropout() > 0.0 && random == null) {
                    random = new java.util.SplittableRandom();
                }
                built.add(new Layer(Matrix.wrap(w.rows(), w.cols(), w.values()),
                        Matrix.wrap(1, b.cols(), b.values()), spec.activation(), spec.dropout(),
                        spec.dropout() > 0.0 ? random : null));
            }
            return new Network(built, loss);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException("model.json describes a network that cannot be built: "
                    + Json.escapeControls(e.getMessage()), e);
        }
    }

    // ---------------------------------------------------------------- file → description

    /**
     * Validates {@code model.json} and plans the tensors it requires.
     *
     * @param json the parsed {@code model.json}
     * @return the description and its tensors
     * @throws ModelFileException if the description is not a valid description of formatVersion 1 to
     *                            {@value #FORMAT_VERSION}, naming the key
     */
    static TensorArchive.Plan<ModelDescription> plan(Value json) throws ModelFileException {
        ModelDescription d = fromJson(json);
        return new TensorArchive.Plan<>(d, d.tensorSpecs());
    }

    static ModelDescription fromJson(Value json) throws ModelFileException {
        JsonFields root = JsonFields.of(json, "", "format", "formatVersion", "writtenBy", "inputSize", "layers",
                "loss", "optimizer");
        String format = root.has("format") ? root.string("format") : null;
        if (!FORMAT.equals(format)) {
            throw new ModelFileException(format == null
                    ? root.here() + ": missing key \"format\": this is not a backprop4j model file"
                    : root.at("format") + ": " + Json.quote(format) + ", expected \"" + FORMAT + "\": this is not a"
                            + " backprop4j model file");
        }
        long version = root.integer("formatVersion", 1, Integer.MAX_VALUE);
        if (version > FORMAT_VERSION) {
            String by = root.has("writtenBy") && root.get("writtenBy") instanceof JString s
                    ? " (" + Json.printable(s.value()) + ")" : "";
            throw new ModelFileException(String.format(Locale.ROOT, "%s: written by a newer version of"
                    + " backprop4j%s (formatVersion %d); this reader understands formatVersion 1 to %d. Upgrade"
                    + " backprop4j to load it", root.here(), by, version, FORMAT_VERSION));
        }
        String writtenBy = root.has("writtenBy") ? root.string("writtenBy") : null;
        int inputSize = (int) root.integer("inputSize", 1, Integer.MAX_VALUE);
        JArray layerArray = root.array("layers");
        if (layerArray.elements().isEmpty() || layerArray.elements().size() > MAX_LAYERS) {
            throw new ModelFileException(String.format(Locale.ROOT, "%s: has %d elements, expected 1 to %d",
                    root.at("layers"), layerArray.elements().size(), MAX_LAYERS));
        }
        List<LayerSpec> layers = new ArrayList<>();
        long in = inputSize;
        long values = 0;
        for (int i = 0; i < layerArray.elements().size(); i++) {
            JsonFields layer = JsonFields.of(layerArray.elements().get(i), root.path("layers") + "[" + i + "]",
                    "type", "units", "activation", "dropout");
            String type = layer.string("type");
            if (!type.equals("dense")) {
                throw new ModelFileException(layer.at("type") + ": " + Json.quote(type) + "; the only layer type is"
                        + " \"dense\"");
            }
            int units = (int) layer.integer("units", 1, Integer.MAX_VALUE);
            // Checked before anything is allocated: the weights alone must fit in a model file.
            values += in * units + units;
            if (values > TensorArchive.MAX_VALUES) {
                throw new ModelFileException(String.format(Locale.ROOT, "%s: %,d units after %,d inputs make"
                        + " %,d weights, more than the %,d values a model file may hold", layer.at("units"), units,
                        in, in * units, TensorArchive.MAX_VALUES));
            }
            Activation activation = activation(layer.object("activation", "name", "alpha"), version);
            double dropout = layer.has("dropout") ? layer.number("dropout") : 0.0;
            if (!(dropout >= 0.0 && dropout < 1.0)) {
                throw new ModelFileException(layer.at("dropout") + ": " + dropout + " is not in [0, 1)");
            }
            layer.finish();
            layers.add(new LayerSpec(units, activation, dropout));
            in = units;
        }
        JsonFields lossObj = root.object("loss", "name", "delta", "labelSmoothing");
        Loss loss = loss(lossObj, version);
        lossObj.finish();
        OptimizerDescription optimizer = root.has("optimizer")
                ? OptimizerDescription.fromJson(root, "optimizer") : null;
        if (optimizer != null && optimizer.formatVersion() > version) {
            throw new ModelFileException(root.at("optimizer") + ": " + Json.quote(optimizer.name())
                    + (optimizer.settings().containsKey("l1") ? " with an \"l1\" setting" : "")
                    + " came with formatVersion 2, but the file says formatVersion " + version);
        }
        root.finish();
        return new ModelDescription(inputSize, List.copyOf(layers), loss, writtenBy, optimizer);
    }

    private static Activation activation(JsonFields a, long version) throws ModelFileException {
        String name = a.string("name");
        requireVersion(a, name, version);
        Activation result = switch (name) {
            case "relu" -> new ReLU();
            case "identity" -> new Identity();
            case "sigmoid" -> new Sigmoid();
            case "tanh" -> new Tanh();
            case "softmax" -> new Softmax();
            case "gelu" -> GELU.exact();
            case "gelu-tanh" -> GELU.tanh();
            case "silu" -> new SiLU();
            case "softplus" -> new Softplus();
            case "leaky-relu" -> new LeakyReLU(parameter(a, "alpha", v -> v >= 0.0 && v < 1.0, "in [0, 1)"));
            case "elu" -> new ELU(parameter(a, "alpha", v -> v > 0.0, "> 0"));
            default -> throw new ModelFileException(a.at("name") + ": unknown activation " + Json.quote(name)
                    + "; known: " + ACTIVATION_NAMES);
        };
        a.finish();
        return result;
    }

    private static Loss loss(JsonFields l, long version) throws ModelFileException {
        String name = l.string("name");
        requireVersion(l, name, version);
        return switch (name) {
            case "mse" -> new MeanSquaredError();
            case "mae" -> new MeanAbsoluteError();
            case "huber" -> new Huber(parameter(l, "delta", v -> v > 0.0, "> 0"));
            case "binary-cross-entropy" -> new BinaryCrossEntropy();
            case "cross-entropy" -> {
                if (!l.has("labelSmoothing")) {
                    yield new CrossEntropy();
                }
                if (version < 2) {
                    throw new ModelFileException(l.at("labelSmoothing") + ": label smoothing came with"
                            + " formatVersion 2, but the file says formatVersion " + version);
                }
                yield new CrossEntropy(parameter(l, "labelSmoothing", v -> v >= 0.0 && v < 1.0, "in [0, 1)"));
            }
            default -> throw new ModelFileException(l.at("name") + ": unknown loss " + Json.quote(name)
                    + "; known: " + LOSS_NAMES);
        };
    }

    /** An activation's or a loss's parameter: a (finite) number of the object that passes {@code valid}. */
    private static double parameter(JsonFields f, String key, DoublePredicate valid, String rule)
            throws ModelFileException {
        double v = f.number(key);
        if (!valid.test(v)) {
            throw new ModelFileException(f.at(key) + ": " + v + " is not " + rule);
        }
        return v;
    }

    /** Refuses a name of formatVersion 2 in a file that says it is of version 1. */
    private static void requireVersion(JsonFields f, String name, long version) throws ModelFileException {
        if (version < 2 && VERSION_2_NAMES.contains(name)) {
            throw new ModelFileException(f.at("name") + ": " + Json.quote(name) + " came with formatVersion 2,"
                    + " but the file says formatVersion " + version);
        }
    }
}
