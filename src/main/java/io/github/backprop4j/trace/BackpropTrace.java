package io.github.backprop4j.trace;

import io.github.backprop4j.internal.Decimals;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;
import io.github.backprop4j.nn.Activation;
import io.github.backprop4j.nn.Layer;
import io.github.backprop4j.nn.Loss;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.optim.Optimizer;
import io.github.backprop4j.optim.SgdOptimizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One training step recorded in the seed article's names: for every layer its Input, W and B before the
 * step, Z, A (and the dropout mask M), the error E, C′(W) and C′(B), and — when the step is taken — W and B
 * after it; plus y, the cost C and the loss's name. Every value is a copy, so later steps do not change a
 * trace.
 *
 * <h2>Names</h2>
 * A network of two layers gets the seed's names: X, Wh, Bh, Zh, H, Wo, Bo, Zo, O (= ŷ), y, C, Eo, Eh,
 * C′(Wh), C′(Bh), C′(Wo), C′(Bo). One layer is the output layer o (Wo, Zo, O, Eo). With L &gt; 2 layers
 * the hidden ones are numbered: h1, h2, …, h(L−1), then o — Wh1, Zh1, H1, Eh1, … Each name's
 * {@link TraceEntry#key() key} is its ASCII form ({@code dWh} for C′(Wh), {@code Wh_after} for Wh after
 * the step). <a href="https://github.com/backprop4j/backprop4j/blob/main/docs/math.md#the-trace-of-one-step">docs/math.md</a> shows the seed's step rendered.
 *
 * <pre>{@code BackpropTrace trace = BackpropTrace.step(network, x, y, new SgdOptimizer(0.1));
 * System.out.println(trace.toText(6));               // every equation, then its matrix
 * double eh = trace.entry("Eh").get(1, 0);           // one number
 * Files.writeString(Path.of("step.json"), trace.toJson());}</pre>
 *
 * <h2>Changes to the network</h2>
 * {@link #of} changes nothing: it runs the step on a copy of the network (its weights, buffers, gradients
 * and dropout generators are left as they were). {@link #step} is a training step: the network and the
 * optimizer change exactly as with {@code network.forward(x); network.backward(y); optimizer.step(network)},
 * bit for bit, and the trace records the step.
 */
public final class BackpropTrace {

    /** The seed of the generator that draws the dropout masks of {@link #of}. */
    public static final long DROPOUT_SEED = 0;

    private final String network;
    private final String loss;
    private final String optimizer;
    private final double learningRate;
    private final List<String> layerDescriptions;
    private final List<TraceEntry> entries;
    private final Map<String, TraceEntry> byKey;
    private final List<LayerTrace> layers;
    private final double cost;
    // what the HTML page needs to compute R′(Z) and to name the form of Eo; both stateless
    private final List<Activation> activations;
    private final Loss lossFunction;

    /**
     * What a trace holds of one layer; the Input is X or the previous layer's A. {@code mask} is null
     * without dropout; {@code weightsAfter} and {@code biasesAfter} are null unless the step was taken.
     *
     * @param name          the layer's name in the trace: h, o, h1, …
     * @param activation    the name of its activation R, e.g. {@code relu}
     * @param dropout       its dropout rate p, 0 for none
     * @param input         Input, {@code n × in}
     * @param weights       W before the step, {@code in × out}
     * @param biases        B before the step, {@code 1 × out}
     * @param weightedInput Z = Input·W + B, {@code n × out}
     * @param mask          the dropout mask M, {@code n × out}, or null
     * @param activations   A = R(Z) (⊙ M), {@code n × out}
     * @param error         E, {@code n × out}
     * @param weightGradient C′(W), {@code in × out}
     * @param biasGradient  C′(B), {@code 1 × out}
     * @param weightsAfter  W after the step, or null
     * @param biasesAfter   B after the step, or null
     */
    public record LayerTrace(String name, String activation, double dropout, TraceEntry input, TraceEntry weights, TraceEntry biases,
                             TraceEntry weightedInput, TraceEntry mask, TraceEntry activations, TraceEntry error,
                             TraceEntry weightGradient, TraceEntry biasGradient, TraceEntry weightsAfter,
                             TraceEntry biasesAfter) {
    }

    private BackpropTrace(String network, Loss loss, String optimizer, double learningRate,
                          List<String> layerDescriptions, List<TraceEntry> entries, List<LayerTrace> layers,
                          double cost, List<Activation> activations) {
        this.network = network;
        this.loss = loss.name();
        this.lossFunction = loss;
        this.activations = List.copyOf(activations);
        this.optimizer = optimizer;
        this.learningRate = learningRate;
        this.layerDescriptions = List.copyOf(layerDescriptions);
        this.entries = List.copyOf(entries);
        Map<String, TraceEntry> keys = new LinkedHashMap<>();
        for (TraceEntry e : entries) {
            keys.put(e.key(), e);
        }
        this.byKey = Collections.unmodifiableMap(keys);
        this.layers = List.copyOf(layers);
        this.cost = cost;
    }

    // ---------------------------------------------------------------- recording

    /**
     * Traces the forward and backward pass of {@code network} on one batch without changing the network:
     * the passes run on a copy of it (same weights, loss and thread count), so its weights, buffers,
     * gradients and dropout generators are untouched. Dropout masks, if any layer has dropout, are drawn
     * from {@code new SplittableRandom(}{@value #DROPOUT_SEED}{@code )}, so the same call gives the same
     * trace. The trace has no {@link Stage#UPDATE} entries.
     *
     * @param network the network; not modified
     * @param x       X, {@code n × in} with n ≥ 1; not modified
     * @param y       the targets, {@code n × out} (or what the loss accepts); not modified
     * @return the trace
     * @throws ShapeException           if {@code x} or {@code y} does not fit the network; the message
     *                                  names the layer by its trace name
     * @throws IllegalArgumentException if the batch is empty, a weight is not finite, or the loss refuses
     *                                  the targets' values
     */
    public static BackpropTrace of(Network network, Matrix x, Matrix y) {
        checkBatch(network, x, y);
        SplittableRandom masks = new SplittableRandom(DROPOUT_SEED);
        List<Layer> copies = new ArrayList<>(network.layers().size());
        for (Layer l : network.layers()) {
            copies.add(new Layer(l.weights(), l.biases(), l.activation(), l.dropout(), l.dropout() > 0 ? masks : null));
        }
        Network copy = new Network(copies, network.loss());
        copy.setThreads(network.threads());
        copy.forward(x);
        double cost = copy.backward(y);
        return new Recorder(copy, x, y, cost).finish(null, null);
    }

    /**
     * Takes one training step and traces it: {@code network.forward(x)}, {@code network.backward(y)} and
     * {@code optimizer.step(network)}, which change the network's weights, buffers and dropout generators
     * and the optimizer's state exactly as those three calls do, bit for bit. The trace holds W and B both
     * before and after the step.
     *
     * @param network   the network; modified (one training step)
     * @param x         X, {@code n × in} with n ≥ 1; not modified
     * @param y         the targets, {@code n × out} (or what the loss accepts); not modified
     * @param optimizer the optimizer that takes the step; modified as by {@link Optimizer#step(Network)}
     * @return the trace
     * @throws ShapeException           if {@code x} or {@code y} does not fit the network; the message
     *                                  names the layer by its trace name (nothing is changed)
     * @throws IllegalArgumentException if the batch is empty, or the loss refuses the targets' values
     * @throws IllegalStateException    if the optimizer is bound to another network
     */
    public static BackpropTrace step(Network network, Matrix x, Matrix y, Optimizer optimizer) {
        Objects.requireNonNull(optimizer, "optimizer");
        checkBatch(network, x, y);
        network.forward(x);
        double cost = network.backward(y);
        Recorder recorder = new Recorder(network, x, y, cost);
        double rate = optimizer.learningRate();
        optimizer.step(network);
        return recorder.finish(optimizer, rate);
    }

    /** The shape checks of forward and backward, made before anything runs, naming layers by trace name. */
    private static void checkBatch(Network network, Matrix x, Matrix y) {
        Objects.requireNonNull(network, "network");
        Notation names = new Notation(network.layers().size());
        Layer first = network.layers().get(0);
        if (x.cols() != network.inputSize()) {
            throw ShapeException.of("trace: X is %s with %d columns, but layer %s (%s) takes %d inputs", x.shape(),
                    x.cols(), names.suffix(0), describe(first), first.inputSize());
        }
        if (x.rows() == 0) {
            throw new IllegalArgumentException("trace: the batch is empty (X is " + x.shape() + ")");
        }
        int last = network.layers().size() - 1;
        if (y.rows() != x.rows() || !network.loss().acceptsTargetWidth(y.cols(), network.outputSize())) {
            throw ShapeException.of("trace: y is %s, but X has %d rows and layer %s (%s) gives %d outputs"
                            + " (%s expects %d×%d)", y.shape(), x.rows(), names.suffix(last),
                    describe(network.outputLayer()), network.outputSize(), network.loss().name(), x.rows(),
                    network.outputSize());
        }
    }

    /** For example {@code 1 → 2, R = relu}: the activation under its symbol in the equations. */
    private static String describe(Layer l) {
        String name = l.activation().name();
        String r = Notation.symbol(l.activation());
        return String.format(Locale.ROOT, "%d → %d, %s", l.inputSize(), l.outputSize(),
                r.isEmpty() || r.equals(name) ? name : r + " = " + name);
    }

    /** Copies the values of a network after its forward and backward pass into entries, in stage order. */
    private static final class Recorder {
        private final Network network;
        private final Notation names;
        private final List<TraceEntry> forward = new ArrayList<>();
        private final List<TraceEntry> backward = new ArrayList<>();
        private final TraceEntry[][] perLayer;
        private final TraceEntry targets;
        private final TraceEntry costEntry;
        private final double cost;

        // slots of perLayer
        private static final int INPUT = 0, W = 1, B = 2, Z = 3, M = 4, A = 5, E = 6, DW = 7, DB = 8;

        Recorder(Network network, Matrix x, Matrix y, double cost) {
            this.network = network;
            this.cost = cost;
            List<Layer> layers = network.layers();
            int count = layers.size();
            this.names = new Notation(count);
            this.perLayer = new TraceEntry[count][9];
            TraceEntry input = TraceEntry.given("X", "the input, one sample per row", Stage.FORWARD, -1, x);
            forward.add(input);
            for (int l = 0; l < count; l++) {
                Layer layer = layers.get(l);
                String role = names.role(l);
                TraceEntry[] slot = perLayer[l];
                slot[INPUT] = input;
                slot[W] = TraceEntry.given(names.weights(l), role + " weights", Stage.FORWARD, l, layer.weights());
                slot[B] = TraceEntry.given(names.biases(l), role + " bias, added to every row", Stage.FORWARD, l,
                        layer.biases());
                String z = names.weightedInput(l);
                slot[Z] = TraceEntry.computed(z, z, z + " = " + input.name() + "·" + names.weights(l) + " + "
                        + names.biases(l), role + " weighted input", Stage.FORWARD, l, layer.weightedInput());
                String a = names.activations(l);
                String applied = Notation.apply(layer.activation(), z);
                Matrix mask = layer.dropoutMask();
                if (mask != null) {
                    String m = names.mask(l);
                    slot[M] = TraceEntry.computed(m, m, m + " = dropout mask, 0 with probability p = "
                                    + layer.dropout() + ", else 1/(1 − p)", role + " dropout mask",
                            Stage.FORWARD, l, mask);
                    applied += " ⊙ " + m;
                }
                slot[A] = TraceEntry.computed(a, a, a + " = " + applied, role + " activations"
                        + (l == count - 1 ? ", the prediction ŷ" : ""), Stage.FORWARD, l, layer.activations());
                forward.addAll(nonNull(slot[W], slot[B], slot[Z], slot[M], slot[A]));
                input = slot[A];
            }
            boolean indices = y.cols() != network.outputSize();
            this.targets = TraceEntry.given("y", indices ? "the targets, one class index per row"
                    : "the targets, one row per sample", Stage.COST, -1, y);
            this.costEntry = TraceEntry.computed("C", "C", Notation.cost(network.loss(), indices),
                    "the cost (" + network.loss().name() + "), averaged over the n = " + x.rows() + " samples",
                    Stage.COST, -1, Matrix.of(1, 1, cost));
            for (int l = count - 1; l >= 0; l--) {
                Layer layer = layers.get(l);
                String role = names.role(l);
                TraceEntry[] slot = perLayer[l];
                String e = names.error(l);
                String equation = l == count - 1
                        ? names.outputError(network.loss(), layer.activation(), indices)
                        : names.hiddenError(l, layer.activation(), layer.dropout() > 0);
                slot[E] = TraceEntry.computed(e, e, equation, role + (role.contains("layer") ? " error" : " layer error"),
                        Stage.BACKWARD, l, layer.error());
                String w = names.weights(l);
                String b = names.biases(l);
                slot[DW] = TraceEntry.computed("d" + w, "C′(" + w + ")", "C′(" + w + ") = (1/n) · "
                                + slot[INPUT].name() + "ᵀ · " + e, "gradient of C with respect to " + w,
                        Stage.BACKWARD, l, layer.weightGradient());
                slot[DB] = TraceEntry.computed("d" + b, "C′(" + b + ")", "C′(" + b + ") = (1/n) · Σᵢ " + e,
                        "gradient of C with respect to " + b + ": the column means of " + e, Stage.BACKWARD, l,
                        layer.biasGradient());
                backward.addAll(List.of(slot[E], slot[DW], slot[DB]));
            }
        }

        BackpropTrace finish(Optimizer optimizer, Double rate) {
            List<TraceEntry> all = new ArrayList<>(forward);
            all.add(targets);
            all.add(costEntry);
            all.addAll(backward);
            List<Layer> layers = network.layers();
            List<LayerTrace> traces = new ArrayList<>(layers.size());
            List<String> descriptions = new ArrayList<>(layers.size());
            for (int l = 0; l < layers.size(); l++) {
                Layer layer = layers.get(l);
                TraceEntry[] slot = perLayer[l];
                TraceEntry wAfter = null;
                TraceEntry bAfter = null;
                if (optimizer != null) {
                    wAfter = after(names.weights(l), layer.weights(), l, optimizer, rate);
                    bAfter = after(names.biases(l), layer.biases(), l, optimizer, rate);
                    all.add(wAfter);
                    all.add(bAfter);
                }
                traces.add(new LayerTrace(names.suffix(l), layer.activation().name(), layer.dropout(), slot[INPUT], slot[W], slot[B], slot[Z], slot[M], slot[A],
                        slot[E], slot[DW], slot[DB], wAfter, bAfter));
                descriptions.add(String.format(Locale.ROOT, "%s = layer %d (%s%s)", names.suffix(l), l,
                        describe(layer), layer.dropout() > 0 ? ", dropout p = " + layer.dropout() : ""));
            }
            return new BackpropTrace(network.toString(), network.loss(),
                    optimizer == null ? null : optimizer.toString(), optimizer == null ? Double.NaN : rate,
                    descriptions, all, traces, cost, layers.stream().map(Layer::activation).toList());
        }

        private TraceEntry after(String name, Matrix value, int l, Optimizer optimizer, double rate) {
            boolean plain = optimizer instanceof SgdOptimizer sgd && sgd.momentum() == 0.0 && sgd.weightDecay() == 0.0;
            String equation = plain
                    ? name + " ← " + name + " − η · C′(" + name + ")"
                    : name + " ← " + name + " + step of " + optimizer + " from C′(" + name + ")";
            return TraceEntry.computed(name + "_after", name, equation, names.role(l) + (name.startsWith("W")
                    ? " weights" : " bias") + " after the step (η = " + rate + ")", Stage.UPDATE, l, value);
        }

        private static List<TraceEntry> nonNull(TraceEntry... entries) {
            List<TraceEntry> list = new ArrayList<>(entries.length);
            for (TraceEntry e : entries) {
                if (e != null) {
                    list.add(e);
                }
            }
            return list;
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Every entry in the order of the step: X, then for each layer W, B, Z, M (with dropout) and A; y and
     * C; for each layer from the last, E, C′(W) and C′(B); and after a {@link #step}, W and B after it.
     *
     * @return an unmodifiable list
     */
    public List<TraceEntry> entries() {
        return entries;
    }

    /**
     * The entry with the given key, e.g. {@code "Eh"}, {@code "dWo"}, {@code "Wh_after"}.
     *
     * @param key an entry's {@link TraceEntry#key()}
     * @return the entry
     * @throws IllegalArgumentException if the trace has no such entry; the message lists the keys it has
     */
    public TraceEntry entry(String key) {
        TraceEntry e = byKey.get(key);
        if (e == null) {
            throw new IllegalArgumentException("trace: no entry \"" + key + "\"; the entries are " + byKey.keySet());
        }
        return e;
    }

    /**
     * What the trace holds of each layer, from the first.
     *
     * @return an unmodifiable list, one per layer
     */
    public List<LayerTrace> layers() {
        return layers;
    }

    /**
     * The cost C of the batch before the step.
     *
     * @return C
     */
    public double cost() {
        return cost;
    }

    /**
     * The loss's name, e.g. {@code mse} or {@code cross-entropy}.
     *
     * @return the name
     */
    public String lossName() {
        return loss;
    }

    /**
     * The number of samples n in the batch.
     *
     * @return the rows of X
     */
    public int samples() {
        return entry("X").rows();
    }

    /**
     * The network, as its {@code toString} describes it, e.g. {@code Network[1 → 2 relu → 2 relu, loss mse]}.
     *
     * @return the description
     */
    public String network() {
        return network;
    }

    /**
     * The optimizer that took the step, as its {@code toString} describes it, e.g. {@code SGD(η=0.1)}.
     *
     * @return the description, or {@code null} for a trace without a step
     */
    public String optimizer() {
        return optimizer;
    }

    /**
     * The learning rate η of the step.
     *
     * @return η, or NaN for a trace without a step
     */
    public double learningRate() {
        return learningRate;
    }

    /**
     * Each layer in a line: its trace name, index, sizes, activation and dropout, e.g.
     * {@code h = layer 0 (1 → 2, R = relu)}.
     *
     * @return an unmodifiable list, one per layer
     */
    public List<String> layerDescriptions() {
        return layerDescriptions;
    }

    /** The activation R of layer {@code l}, for the page's R′(Z). */
    Activation activation(int l) {
        return activations.get(l);
    }

    /** The loss, for the page's form of Eo. */
    Loss lossFunction() {
        return lossFunction;
    }

    /**
     * Whether the step was taken ({@link #step}), so that the trace holds W and B after it.
     *
     * @return {@code true} for a trace made by {@link #step}
     */
    public boolean hasUpdate() {
        return optimizer != null;
    }

    // ---------------------------------------------------------------- renderings

    /**
     * The whole step for a terminal: a heading naming the network and its layers' trace names, then, stage
     * by stage, every entry as {@link TraceEntry#toText} renders it (equation, shape, meaning, the matrix
     * aligned and elided when large). A trace of a 784-256-128-10 network on a batch of 64 is about 200
     * lines.
     *
     * @param digits significant digits of every number, 1 to 17
     * @return the text, lines separated by {@code \n}, ending with a line break
     * @throws IllegalArgumentException if {@code digits} is out of range
     */
    public String toText(int digits) {
        Decimals.checkDigits(digits);
        StringBuilder sb = new StringBuilder(heading()).append('\n');
        Stage stage = null;
        for (TraceEntry e : entries) {
            if (e.stage() != stage) {
                stage = e.stage();
                sb.append("\n── ").append(stage.name().toLowerCase(Locale.ROOT)).append(" ──\n");
            }
            sb.append('\n').append(e.toText(digits)).append('\n');
        }
        return sb.toString();
    }

    /**
     * The whole step as Markdown, for documentation and notebooks: a heading per stage and each entry as
     * {@link TraceEntry#toMarkdown} renders it.
     *
     * @param digits significant digits of every number, 1 to 17
     * @return the Markdown, ending with a line break
     * @throws IllegalArgumentException if {@code digits} is out of range
     */
    public String toMarkdown(int digits) {
        Decimals.checkDigits(digits);
        StringBuilder sb = new StringBuilder();
        for (String line : heading().split("\n")) {
            sb.append(line).append("  \n");
        }
        Stage stage = null;
        for (TraceEntry e : entries) {
            if (e.stage() != stage) {
                stage = e.stage();
                String title = stage.name().toLowerCase(Locale.ROOT);
                sb.append("\n### ").append(Character.toUpperCase(title.charAt(0))).append(title.substring(1)).append('\n');
            }
            sb.append('\n').append(e.toMarkdown(digits)).append('\n');
        }
        return sb.toString();
    }

    /**
     * The whole step as JSON, every number with full float64 precision (the shortest decimal that reads
     * back as the same double, so the values round-trip bit for bit; NaN and the infinities are written
     * {@code NaN}, {@code Infinity} and {@code -Infinity}, as Python's {@code json} module writes and reads
     * them). numpy reads it as {@code np.array(e["values"])} per entry:
     * <pre>
     * {"format": "backprop4j-trace", "version": 1, "network": "…", "loss": "mse", "samples": 3,
     *  "cost": 0.05363333333333334, "optimizer": "SGD(η=0.1)", "learningRate": 0.1,
     *  "layers": [{"name": "h", "index": 0, "inputs": 1, "units": 2, "activation": "relu", "dropout": 0.0}, …],
     *  "entries": [{"key": "X", "name": "X", "equation": "X (given)", "meaning": "…", "stage": "forward",
     *               "layer": -1, "rows": 3, "cols": 1, "values": [[1.0], [2.0], [-1.0]]}, …]}
     * </pre>
     *
     * @return the JSON text, ending with a line break
     */
    public String toJson() {
        return TraceJson.write(this);
    }

    /**
     * The network of the trace as an SVG picture: a circle per unit (X, then each layer), every weight an
     * edge labelled with its value before the step, every bias under its unit, and the names and shapes of
     * X, W, B, Z, A and E under the columns. Wide layers are drawn with their first and last units and ⋮
     * between; weights are labelled while a layer has at most 16. docs/seed-network.svg is this picture of
     * the seed's network.
     *
     * @return a standalone SVG document, ending with a line break
     */
    public String toSvg() {
        return NetworkPicture.draw(this);
    }

    /**
     * The step as one self-contained HTML page to explore in a browser, with no network access and no
     * build step: inline CSS, a small script, the data as embedded JSON. It draws the network
     * ({@link #toSvg()}), then shows the step stage by stage — each computed entry (Zh, H, …, C, Eo,
     * C′(Wo), …, and W after the step) with its equation, the matrices it is made from and the result —
     * and explains every cell of a result that is pointed at or focused from this run's numbers, e.g.
     * {@code Zh[1,0] = X[1,0]·Wh[0,0] + Bh[0,0] = 2·0.5 + 0.1 = 1.1}.
     *
     * <p>Stages are reached with the buttons, the ← and → keys, or the address:
     * {@code page.html#stage=Eh} opens the stage of Eh and {@code page.html#stage=Eh&cell=2,0} explains
     * Eh[2,0]; the stage ids are the entries' {@link TraceEntry#key() keys}, and {@code network} is the
     * first stage. An axis longer than 10 shows its first and last 4 indices, the way {@link #toText}
     * elides, so a 784-256-128-10 step on a batch of 64 makes a page of about 140 kB; the
     * numbers it does show are exact (float64, as in {@link #toJson()}) and displayed to 4 significant
     * digits. docs/seed-trace.html is this page for the seed's step.
     *
     * @return the page, ending with a line break
     * @throws IllegalArgumentException if an activation's name holds a control character, which the
     *                                  network's picture ({@link #toSvg()}) cannot hold
     */
    public String toHtml() {
        return TraceHtml.render(this);
    }

    private String heading() {
        StringBuilder sb = new StringBuilder("One training step of ").append(network)
                .append(String.format(Locale.ROOT, "\nn = %d samples", samples()));
        if (optimizer != null) {
            sb.append(", step taken by ").append(optimizer);
        }
        sb.append("\nLayers: ");
        for (int l = 0; l < layerDescriptions.size(); l++) {
            sb.append(l == 0 ? "" : "\n        ").append(layerDescriptions.get(l));
        }
        return sb.toString();
    }

    /**
     * The first lines of {@link #toText}: the network, n, the optimizer and the layers' names.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return heading();
    }
}
