package io.github.backprop4j.io;

import io.github.backprop4j.io.Json.JNumber;
import io.github.backprop4j.io.Json.JObject;
import io.github.backprop4j.io.Json.JString;
import io.github.backprop4j.io.Json.Value;
import io.github.backprop4j.io.TensorArchive.Tensor;
import io.github.backprop4j.io.TensorArchive.TensorSpec;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.optim.Adam;
import io.github.backprop4j.optim.AdamW;
import io.github.backprop4j.optim.Optimizer;
import io.github.backprop4j.optim.OptimizerState;
import io.github.backprop4j.optim.RMSprop;
import io.github.backprop4j.optim.SgdOptimizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@code "optimizer"} object of {@code model.json} and the {@code optimizer.*} tensors that go with it: the
 * stored form of an {@link OptimizerState}.
 *
 * <pre>
 *   "optimizer": {"name": "sgd", "settings": {…}, "step": 1200}
 *   optimizer.&lt;parameter&gt;.&lt;slot&gt;.npy    for each parameter in the order of Network.parameters(),
 *                                        each slot in the optimizer's order; only once step ≥ 1
 * </pre>
 *
 * <p>The names are a closed list ({@code sgd}, {@code adam}, {@code adamw}, {@code rmsprop}). Which settings
 * each takes (every one may add {@code l1}, present only when λ₁ &gt; 0), and
 * their ranges, are the optimizer's own checks ({@link Optimizer#fromState}); they run on the settings alone
 * before any tensor is read, and once more on the whole state when the optimizer is built.
 *
 * @param name     {@code "sgd"}, {@code "adam"}, {@code "adamw"} or {@code "rmsprop"}
 * @param settings the settings by key, in key order; unmodifiable
 * @param step     the number of steps taken, ≥ 0
 * @param slots    the tensors stored per parameter, in order: none before the first step and for plain SGD,
 *                 {@code velocity} for SGD with momentum, {@code m} then {@code v} for Adam and AdamW; for
 *                 RMSprop {@code v}, then {@code m} if centered, then {@code velocity} if momentum &gt; 0
 */
record OptimizerDescription(String name, SortedMap<String, Double> settings, long step, List<String> slots) {

    /** The prefix of the names of the optimizer's tensors (and entries); reserved for them. */
    static final String PREFIX = "optimizer.";

    /** The names a file may give, in the order messages list them. */
    private static final List<String> NAMES = List.of("sgd", "adam", "adamw", "rmsprop");

    /**
     * The lowest format version that holds this optimizer: 2 for RMSprop or an {@code l1} setting, which
     * formatVersion 2 added; else 1, so that a checkpoint of an older optimizer is written byte for byte as
     * before.
     *
     * @return 1 or 2
     */
    int formatVersion() {
        return name.equals("rmsprop") || settings.containsKey("l1") ? 2 : 1;
    }

    // ---------------------------------------------------------------- optimizer → file

    /**
     * The description of an optimizer's state.
     *
     * @param optimizer the optimizer; not modified
     * @param state     its {@link Optimizer#state()}
     * @return the description
     * @throws IllegalArgumentException if the optimizer is not one of the built-ins (a model file names them
     *                                  only, never code) or its state is not one a file can hold
     */
    static OptimizerDescription of(Optimizer optimizer, OptimizerState state) {
        if (!(optimizer instanceof SgdOptimizer || optimizer instanceof Adam || optimizer instanceof AdamW
                || optimizer instanceof RMSprop)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "cannot save the optimizer %s (%s): it is"
                    + " not a built-in. A model file names only sgd (SgdOptimizer), adam (Adam), adamw (AdamW) and"
                    + " rmsprop (RMSprop), never code", optimizer, optimizer.getClass().getName()));
        }
        if (!NAMES.contains(state.name())) {
            throw new IllegalArgumentException("cannot save the optimizer " + optimizer + ": its state is named \""
                    + state.name() + "\", expected one of " + String.join(", ", NAMES));
        }
        String problem = settingsProblem(state.name(), state.settings());
        if (problem != null) {
            throw new IllegalArgumentException("cannot save the optimizer " + optimizer + ": " + problem);
        }
        return new OptimizerDescription(state.name(), new TreeMap<>(state.settings()), state.step(),
                storedSlots(state.name(), state.settings(), state.step()));
    }

    /**
     * The tensors of {@code state} under their entry names ({@code optimizer.<parameter>.<slot>}), in the
     * planned order, after checking that they are exactly the ones the reader will expect.
     *
     * @param state      the state this description was made from (the tensors are shared, not copied)
     * @param parameters the network's tensors ({@link ModelDescription#parameterSpecs()}), in order
     * @return the tensors to write: none before the first step
     * @throws IllegalArgumentException if the state's tensors do not belong to these parameters (the optimizer
     *                                  was bound to another network), hold a non-finite value, or are
     *                                  non-zero before the first step
     */
    List<Tensor> tensors(OptimizerState state, List<TensorSpec> parameters) {
        List<String> all = slotsOf(name, settings);
        List<OptimizerState.Tensor> given = state.tensors();
        if (given.isEmpty() && slots.isEmpty()) {
            return List.of();
        }
        if (given.size() != parameters.size() * all.size()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "cannot save the %s optimizer's state:"
                    + " it holds %d tensors, but a network of %d parameters needs %d (%s for each); is it the"
                    + " optimizer of this network?", name, given.size(), parameters.size(),
                    parameters.size() * all.size(), String.join(", ", all)));
        }
        List<Tensor> tensors = new ArrayList<>(given.size());
        for (int i = 0; i < parameters.size(); i++) {
            TensorSpec p = parameters.get(i);
            for (int s = 0; s < all.size(); s++) {
                OptimizerState.Tensor t = given.get(i * all.size() + s);
                String expected = p.name() + "." + all.get(s);
                Matrix m = t.value();
                if (!t.name().equals(expected) || !m.hasShape(p.rows(), p.cols())) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT, "cannot save the %s optimizer's"
                            + " state: tensor %d is %s %s, but this network needs %s (%d×%d); is it the"
                            + " optimizer of this network?", name, i * all.size() + s, t.name(), m.shape(),
                            expected, p.rows(), p.cols()));
                }
                double[] values = m.backingArray();
                for (int k = 0; k < values.length; k++) {
                    if (!Double.isFinite(values[k])) {
                        throw new IllegalArgumentException(String.format(Locale.ROOT, "cannot save %s%s: element"
                                + " (%d, %d) is %s; a model file holds finite values only", PREFIX, expected,
                                k / m.cols(), k % m.cols(), values[k]));
                    }
                    if (slots.isEmpty() && Double.doubleToRawLongBits(values[k]) != 0L) {
                        // Before the first step the file stores no tensors, and the reader's optimizer starts
                        // from zeros: other values would not come back.
                        throw new IllegalArgumentException(String.format(Locale.ROOT, "cannot save the %s"
                                + " optimizer's state: it has taken no step, yet %s holds %s at (%d, %d); a model"
                                + " file stores an optimizer's tensors only from its first step on", name,
                                expected, values[k], k / m.cols(), k % m.cols()));
                    }
                }
                if (!slots.isEmpty()) {
                    tensors.add(new Tensor(PREFIX + expected, m.rows(), m.cols(), values));
                }
            }
        }
        return tensors;
    }

    /**
     * The JSON of this description: {@code name}, {@code settings} (in key order), {@code step}.
     *
     * @return the value of the {@code "optimizer"} key
     */
    Value toJson() {
        Map<String, Value> settingValues = new LinkedHashMap<>();
        settings.forEach((key, value) -> settingValues.put(key, JNumber.of(value)));
        Map<String, Value> o = new LinkedHashMap<>();
        o.put("name", new JString(name));
        o.put("settings", new JObject(settingValues));
        o.put("step", JNumber.of(step));
        return new JObject(o);
    }

    // ---------------------------------------------------------------- file → optimizer

    /**
     * Validates the {@code "optimizer"} object: name, settings (checked by the optimizer's own code) and step.
     *
     * @param parent the object that holds it (the top level of {@code model.json})
     * @param key    its key, {@code "optimizer"}
     * @return the description
     * @throws ModelFileException naming the key ({@code model.json: optimizer.settings: …}) if anything is wrong
     */
    static OptimizerDescription fromJson(JsonFields parent, String key) throws ModelFileException {
        JsonFields o = parent.object(key, "name", "settings", "step");
        String name = o.string("name");
        if (!NAMES.contains(name)) {
            throw new ModelFileException(o.at("name") + ": unknown optimizer " + Json.quote(name) + "; known: "
                    + String.join(", ", NAMES));
        }
        JsonFields s = o.object("settings", settingNames(name));
        SortedMap<String, Double> settings = new TreeMap<>();
        for (String setting : s.keys()) {
            settings.put(setting, s.number(setting));
        }
        String problem = settingsProblem(name, settings);
        if (problem != null) {
            // The optimizer's message may echo a key of the file: escaped here, where it comes from a file.
            throw new ModelFileException(s.here() + ": " + Json.escapeControls(problem) + s.unknownKeys());
        }
        long step = o.integer("step", 0, Long.MAX_VALUE);
        o.finish();
        return new OptimizerDescription(name, Collections.unmodifiableSortedMap(settings), step,
                storedSlots(name, settings, step));
    }

    /**
     * The tensors this description requires, in the documented order.
     *
     * @param parameters the network's tensors ({@link ModelDescription#parameterSpecs()}), in order
     * @return for each parameter, for each stored slot, {@code optimizer.<parameter>.<slot>} of the parameter's
     *         shape (a bias's slots may be 1-D like the bias)
     */
    List<TensorSpec> tensorSpecs(List<TensorSpec> parameters) {
        List<TensorSpec> specs = new ArrayList<>(parameters.size() * slots.size());
        for (TensorSpec p : parameters) {
            for (String slot : slots) {
                specs.add(new TensorSpec(PREFIX + p.name() + "." + slot, p.rows(), p.cols(), p.vectorAllowed(),
                        "the " + name + " optimizer's " + slot + " for " + p.purpose()));
            }
        }
        return specs;
    }

    /**
     * Builds the optimizer, bound to {@code network}, from its tensors.
     *
     * @param tensors the tensors of {@link #tensorSpecs}, in order, of those shapes (wrapped, not copied here;
     *                {@link Optimizer#fromState} copies them)
     * @param network the network the optimizer will step
     * @return the optimizer, continuing bitwise where the saved one stopped
     * @throws ModelFileException if the optimizer refuses the state (e.g. a negative second moment in Adam's v)
     */
    Optimizer build(List<Tensor> tensors, Network network) throws ModelFileException {
        List<OptimizerState.Tensor> stateTensors = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) {
            stateTensors.add(new OptimizerState.Tensor(t.name().substring(PREFIX.length()),
                    Matrix.wrap(t.rows(), t.cols(), t.values())));
        }
        try {
            return Optimizer.fromState(new OptimizerState(name, settings, step, stateTensors), network.parameters());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(JsonFields.where("optimizer") + ": the " + name + " optimizer refuses the"
                    + " state the file holds: " + Json.escapeControls(e.getMessage()), e);
        }
    }

    // ---------------------------------------------------------------- the rules both directions share

    /**
     * The optimizer's own checks of its settings (every key present, none unknown, each in range), run before
     * any tensor is read: restoring a state of no step onto no parameters checks the settings and nothing else.
     *
     * @return what is wrong, or null if nothing is
     */
    private static String settingsProblem(String name, Map<String, Double> settings) {
        try {
            Optimizer.fromState(new OptimizerState(name, settings, 0, List.of()), List.of());
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * The settings an optimizer has: those of a new one with L1, as its own {@link Optimizer#state()} names
     * them.
     */
    private static String[] settingNames(String name) {
        Optimizer fresh = switch (name) {
            case "sgd" -> SgdOptimizer.builder().l1(1.0).build();
            case "adam" -> Adam.builder().l1(1.0).build();
            case "adamw" -> AdamW.builder().l1(1.0).build();
            default -> RMSprop.builder().l1(1.0).build();
        };
        return fresh.state().settings().keySet().toArray(String[]::new);
    }

    /** The slots an optimizer keeps per parameter (its settings already checked). */
    private static List<String> slotsOf(String name, Map<String, Double> settings) {
        if (name.equals("adam") || name.equals("adamw")) {
            return List.of("m", "v");
        }
        List<String> slots = new ArrayList<>();
        if (name.equals("rmsprop")) {
            slots.add("v");
            if (settings.get("centered") == 1.0) {
                slots.add("m");
            }
        }
        if (settings.get("momentum") > 0.0) {
            slots.add("velocity");
        }
        return List.copyOf(slots);
    }

    /** The slots a file stores per parameter: none until the first step. */
    private static List<String> storedSlots(String name, Map<String, Double> settings, long step) {
        return step == 0 ? List.of() : slotsOf(name, settings);
    }
}
