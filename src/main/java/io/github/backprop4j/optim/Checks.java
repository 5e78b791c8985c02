package io.github.backprop4j.optim;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Range checks for optimizer and schedule settings. Every message names the setting, the allowed range and
 * the value given, e.g. {@code beta1 must be in [0, 1), got 1.5}.
 */
final class Checks {

    private Checks() {
    }

    /** A setting that must be finite and &gt; 0. */
    static double positive(String setting, double value) {
        if (!(value > 0.0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(setting + " must be finite and > 0, got " + value);
        }
        return value;
    }

    /** A setting that must be finite and ≥ 0. */
    static double nonNegative(String setting, double value) {
        if (!(value >= 0.0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(setting + " must be finite and ≥ 0, got " + value);
        }
        return value;
    }

    /** A decay factor of a moving average: 0 ≤ value &lt; 1. */
    static double fraction(String setting, double value) {
        if (!(value >= 0.0 && value < 1.0)) {
            throw new IllegalArgumentException(setting + " must be in [0, 1), got " + value);
        }
        return value;
    }

    /** A count of steps that must be ≥ {@code min}. */
    static long atLeast(String setting, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(setting + " must be ≥ " + min + ", got " + value);
        }
        return value;
    }

    /**
     * Checks that a state's settings are exactly {@code keys}: none missing, none unknown.
     *
     * @throws IllegalArgumentException naming the first missing or unknown setting
     */
    static void settingKeys(OptimizerState state, List<String> keys) {
        Map<String, Double> settings = state.settings();
        for (String key : keys) {
            if (!settings.containsKey(key)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "%s state: missing setting \"%s\" (expected %s)", state.name(), key, String.join(", ", keys)));
            }
        }
        Set<String> unknown = new TreeSet<>(settings.keySet());
        unknown.removeAll(keys);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s state: unknown setting \"%s\" (expected %s)", state.name(), unknown.iterator().next(),
                    String.join(", ", keys)));
        }
    }
}
