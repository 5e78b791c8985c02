package io.github.backprop4j.io;

import io.github.backprop4j.io.Json.JArray;
import io.github.backprop4j.io.Json.JNumber;
import io.github.backprop4j.io.Json.JObject;
import io.github.backprop4j.io.Json.JString;
import io.github.backprop4j.io.Json.Value;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A JSON object of {@code model.json} being validated: typed getters that name the key path in their
 * messages ({@code model.json: layers[1].units: …}), and a check that no key was left unread, so that a
 * misspelt key is never silently ignored.
 */
final class JsonFields {

    final String path;
    private final Map<String, Value> members;
    private final Set<String> used = new HashSet<>();

    private JsonFields(String path, Map<String, Value> members) {
        this.path = path;
        this.members = members;
    }

    static JsonFields of(Value v, String path) throws ModelFileException {
        if (!(v instanceof JObject o)) {
            throw new ModelFileException(path + ": is " + v.kind() + ", expected an object");
        }
        return new JsonFields(path, o.members());
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
            throw new ModelFileException(path + ": missing key \"" + key + "\"");
        }
        used.add(key);
        return v;
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

    double number(String key) throws ModelFileException {
        if (get(key) instanceof JNumber n) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                throw new ModelFileException(path + "." + key + ": " + Json.printable(n.text())
                        + " is out of the range of a double");
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
            throw new ModelFileException(String.format(Locale.ROOT, "%s.%s: %s is out of range [%d, %d]", path,
                    key, Json.printable(n.text()), min, max));
        }
        return v;
    }

    private ModelFileException wrongType(String key, String expected) {
        return new ModelFileException(path + "." + key + ": is " + members.get(key).kind() + ", expected "
                + expected);
    }

    /** Refuses keys no getter asked for, so a misspelt key is never silently ignored. */
    void finish() throws ModelFileException {
        for (String key : members.keySet()) {
            if (!used.contains(key)) {
                throw new ModelFileException(path + ": unknown key \"" + Json.printable(key) + "\"");
            }
        }
    }
}
