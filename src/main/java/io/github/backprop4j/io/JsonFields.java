package io.github.backprop4j.io;

import io.github.backprop4j.io.Json.JArray;
import io.github.backprop4j.io.Json.JNumber;
import io.github.backprop4j.io.Json.JObject;
import io.github.backprop4j.io.Json.JString;
import io.github.backprop4j.io.Json.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A JSON object of {@code model.json} being validated: typed getters that name the key in their messages, and a
 * check that no key was left unread, so that a misspelt key is never silently ignored.
 *
 * <p>Every message about a key of {@code model.json} has one form, built here: the document, a colon, the key
 * path, a colon, what is wrong — {@code model.json: layers[1].units: …}, {@code model.json: inputSize: …}; a
 * message about a whole object names the object the same way ({@code model.json: layers[0]: missing key
 * "units"}), or the document alone for the top-level object. Keys and strings of the file are echoed as JSON
 * literals ({@link Json#quote}), so a stray control character is seen.
 */
final class JsonFields {

    private final String keyPath;
    private final Map<String, Value> members;
    private final Set<String> known;
    private final Set<String> used = new HashSet<>();

    private JsonFields(String keyPath, Map<String, Value> members, Set<String> known) {
        this.keyPath = keyPath;
        this.members = members;
        this.known = known;
    }

    /**
     * The object {@code v}, found at {@code keyPath}.
     *
     * @param v       the value, which must be an object
     * @param keyPath where it is: {@code ""} for the top-level object, else e.g. {@code layers[0]} or
     *                {@code optimizer.settings}
     * @param known   every key the object may have, for the message about a missing key (which names the keys
     *                present that are none of these); none for an object whose keys are all read in a loop
     * @return the fields
     * @throws ModelFileException if {@code v} is not an object
     */
    static JsonFields of(Value v, String keyPath, String... known) throws ModelFileException {
        if (!(v instanceof JObject o)) {
            throw new ModelFileException(where(keyPath) + ": is " + v.kind() + ", expected an object");
        }
        return new JsonFields(keyPath, o.members(), Set.of(known));
    }

    /**
     * The place of a key path in messages.
     *
     * @param keyPath e.g. {@code layers[0].units}, or {@code ""} for the whole document
     * @return {@code model.json: layers[0].units}, or {@code model.json}; a key of the file in the path (as in
     *         {@code optimizer.settings.<key>}) with its control characters escaped
     */
    static String where(String keyPath) {
        return keyPath.isEmpty() ? TensorArchive.DESCRIPTION
                : TensorArchive.DESCRIPTION + ": " + Json.escapeControls(keyPath);
    }

    /**
     * The key path of a member of this object.
     *
     * @param key the member's key
     * @return e.g. {@code layers[0].units}
     */
    String path(String key) {
        return keyPath.isEmpty() ? key : keyPath + "." + key;
    }

    /**
     * The place of a member of this object in messages.
     *
     * @param key the member's key
     * @return e.g. {@code model.json: layers[0].units}
     */
    String at(String key) {
        return where(path(key));
    }

    /** The place of this object in messages: {@code model.json: layers[0]}, or {@code model.json}. */
    String here() {
        return where(keyPath);
    }

    /** The keys, in document order. */
    Set<String> keys() {
        return members.keySet();
    }

    boolean has(String key) {
        return members.containsKey(key);
    }

    Value get(String key) throws ModelFileException {
        Value v = members.get(key);
        if (v == null) {
            throw new ModelFileException(here() + ": missing key " + Json.quote(key) + unknownKeys());
        }
        used.add(key);
        return v;
    }

    /**
     * The keys present that are none of the known ones, for a message about a missing key: a key with a stray
     * character (<code>"loss&#92;u0000"</code>) is then seen beside the one it was meant to be.
     *
     * @return {@code ; the object has the unknown key "…"} (escaped; all of them), or {@code ""} if there is none
     *         or no known keys were given
     */
    String unknownKeys() {
        List<String> strange = new ArrayList<>();
        for (String key : members.keySet()) {
            if (!known.isEmpty() && !known.contains(key)) {
                strange.add(Json.quote(key));
            }
        }
        return strange.isEmpty() ? "" : "; the object has the unknown " + (strange.size() == 1 ? "key " : "keys ")
                + String.join(", ", strange) + " (keys are compared exactly)";
    }

    JsonFields object(String key, String... knownKeys) throws ModelFileException {
        return of(get(key), path(key), knownKeys);
    }

    String string(String key) throws ModelFileException {
        if (get(key) instanceof JString s) {
            return s.value();
        }
        throw wrongType(key, "a string");
    }

    JArray array(String key) throws ModelFileException {
        if (get(key) instanceof JArray a) {
            return a;
        }
        throw wrongType(key, "an array");
    }

    /**
     * A number, which must be within the range of a double: a literal so large that it would be ±∞ is refused,
     * and so is a non-zero literal so small that it would be 0 ({@code 1e-999}), which would silently change what
     * the file means (a leaky ReLU's slope of {@code 1e-999} is not a plain ReLU's 0). A literal whose nearest
     * double is subnormal is accepted: it is the nearest double, as for any literal, and the writer writes such
     * values so.
     */
    double number(String key) throws ModelFileException {
        if (get(key) instanceof JNumber n) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                throw new ModelFileException(at(key) + ": " + Json.printable(n.text()) + " is out of the range of a"
                        + " double (its magnitude is above " + Double.MAX_VALUE + ")");
            }
            if (d == 0.0 && !n.isZero()) {
                throw new ModelFileException(at(key) + ": " + Json.printable(n.text()) + " is out of the range of a"
                        + " double (it is not 0, but its magnitude is below " + Double.MIN_VALUE + ", so it would"
                        + " be read as 0)");
            }
            return d;
        }
        throw wrongType(key, "a number");
    }

    long integer(String key, long min, long max) throws ModelFileException {
        if (!(get(key) instanceof JNumber n) || !n.isInteger()) {
            throw wrongType(key, "an integer (no fraction or exponent)");
        }
        long v = n.longValue();
        if (v < min || v > max) {
            throw new ModelFileException(String.format(Locale.ROOT, "%s: %s is out of range [%d, %d]", at(key),
                    Json.printable(n.text()), min, max));
        }
        return v;
    }

    private ModelFileException wrongType(String key, String expected) {
        return new ModelFileException(at(key) + ": is " + members.get(key).kind() + ", expected " + expected);
    }

    /** Refuses keys no getter asked for, so a misspelt key is never silently ignored. */
    void finish() throws ModelFileException {
        for (String key : members.keySet()) {
            if (!used.contains(key)) {
                throw new ModelFileException(here() + ": unknown key " + Json.quote(key));
            }
        }
    }
}
