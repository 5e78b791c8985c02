package io.github.backprop4j.optim;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
     * The settings every optimizer may have but states need not hold: L1 ({@code "l1"}), exported only when
     * λ₁ &gt; 0, so that a state (and a model file) without it reads as before.
     */
    static final List<String> OPTIONAL_SETTINGS = List.of("l1");

    /**
     * Checks that a state's settings are exactly {@code keys}, plus any of {@link #OPTIONAL_SETTINGS}: none
     * missing, none unknown.
     *
     * @return the settings, with each optional one that is absent given as 0
     * @throws IllegalArgumentException naming the first missing or unknown setting
     */
    static Map<String, Double> settings(OptimizerState state, List<String> keys) {
        Map<String, Double> settings = state.settings();
        for (String key : keys) {
            if (!settings.containsKey(key)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "%s state: missing setting \"%s\" (expected %s)", state.name(), key, String.join(", ", keys)));
            }
        }
        Set<String> unknown = new TreeSet<>(settings.keySet());
        unknown.removeAll(keys);
        unknown.removeAll(OPTIONAL_SETTINGS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s state: unknown setting \"%s\" (expected %s, and optionally %s)", state.name(),
                    unknown.iterator().next(), String.join(", ", keys), String.join(", ", OPTIONAL_SETTINGS)));
        }
        Map<String, Double> all = new TreeMap<>(settings);
        OPTIONAL_SETTINGS.forEach(key -> all.putIfAbsent(key, 0.0));
        return all;
    }

    /**
     * Refuses a state whose tensors of slot {@code slot} (a mean of squares, such as Adam's and RMSprop's v)
     * hold a negative value.
     *
     * @throws IllegalArgumentException naming the tensor and the index
     */
    static void nonNegativeSlot(OptimizerState state, String slot) {
        for (OptimizerState.Tensor t : state.tensors()) {
            if (t.name().endsWith("." + slot)) {
                double[] v = t.value().backingArray();
                for (int k = 0; k < v.length; k++) {
                    if (v[k] < 0.0) {
                        throw new IllegalArgumentException(String.format(Locale.ROOT,
                                "%s state: tensor %s holds %s at index %d (%s must be ≥ 0)", state.name(), t.name(),
                                v[k], k, slot));
                    }
                }
            }
        }
    }

    /** A flag stored as a number: 1 for {@code true}, 0 for {@code false}. */
    static boolean flag(OptimizerState state, Map<String, Double> settings, String key) {
        double value = settings.get(key);
        if (value != 0.0 && value != 1.0) {
            throw new IllegalArgumentException(state.name() + " state: " + key + " must be 0 or 1, got " + value);
        }
        return value == 1.0;
    }
}
