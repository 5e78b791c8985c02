package io.github.backprop4j.trace;

import io.github.backprop4j.internal.MatrixText;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The JSON form of a trace (see {@link BackpropTrace#toJson()}): a small writer, no parser. The HTML page
 * ({@link TraceHtml}) embeds a windowed form of the same JSON.
 */
final class TraceJson {

    static final String FORMAT = "backprop4j-trace";
    static final int VERSION = 1;

    private TraceJson() {
    }

    static String write(BackpropTrace trace) {
        return write(trace, false, List.of());
    }

    /**
     * The JSON a page embeds: as {@link #write(BackpropTrace)}, but every entry holds only the window of its
     * values that the page shows (along each axis, {@link #window}), with the indices of its rows and
     * columns in {@code "rowIndex"} and {@code "colIndex"}; NaN and ±∞ as the strings {@code "NaN"},
     * {@code "Infinity"} and {@code "-Infinity"} (JavaScript's JSON.parse takes no bare NaN); and the
     * page's {@code derived} entries (R′(Z), E·Wᵀ) in a list of their own.
     */
    static String writeWindowed(BackpropTrace trace, List<TraceEntry> derived) {
        return write(trace, true, derived);
    }

    /**
     * The indices of an axis of length n that a page shows: all of them up to {@link MatrixText#MAX_ROWS},
     * else the first and last {@link MatrixText#ROWS_KEPT} — the text rendering's window of rows.
     */
    static int[] window(int n) {
        return Arrays.stream(MatrixText.shown(n, MatrixText.MAX_ROWS, MatrixText.ROWS_KEPT)).filter(i -> i >= 0)
                .toArray();
    }

    private static String write(BackpropTrace trace, boolean windowed, List<TraceEntry> derived) {
        StringBuilder sb = new StringBuilder(1024);
        sb.append("{\n  \"format\": ");
        string(sb, FORMAT);
        sb.append(",\n  \"version\": ").append(VERSION);
        sb.append(",\n  \"network\": ");
        string(sb, trace.network());
        sb.append(",\n  \"loss\": ");
        string(sb, trace.lossName());
        sb.append(",\n  \"samples\": ").append(trace.samples());
        sb.append(",\n  \"cost\": ");
        number(sb, trace.cost(), windowed);
        sb.append(",\n  \"optimizer\": ");
        if (trace.optimizer() == null) {
            sb.append("null,\n  \"learningRate\": null");
        } else {
            string(sb, trace.optimizer());
            sb.append(",\n  \"learningRate\": ");
            number(sb, trace.learningRate(), windowed);
        }
        sb.append(",\n  \"layers\": [");
        List<BackpropTrace.LayerTrace> layers = trace.layers();
        for (int i = 0; i < layers.size(); i++) {
            BackpropTrace.LayerTrace l = layers.get(i);
            sb.append(i == 0 ? "\n    {\"name\": " : ",\n    {\"name\": ");
            string(sb, l.name());
            sb.append(", \"index\": ").append(i);
            sb.append(", \"inputs\": ").append(l.weights().rows()).append(", \"units\": ").append(l.weights().cols());
            sb.append(", \"activation\": ");
            string(sb, l.activation());
            sb.append(", \"dropout\": ");
            number(sb, l.dropout());
            sb.append(", \"description\": ");
            string(sb, trace.layerDescriptions().get(i));
            sb.append('}');
        }
        sb.append("\n  ],\n  \"entries\": [");
        entries(sb, trace.entries(), windowed);
        if (windowed) {
            sb.append("\n  ],\n  \"derived\": [");
            entries(sb, derived, true);
        }
        return sb.append("\n  ]\n}\n").toString();
    }

    private static void entries(StringBuilder sb, List<TraceEntry> entries, boolean windowed) {
        for (int i = 0; i < entries.size(); i++) {
            sb.append(i == 0 ? "\n" : ",\n");
            entry(sb, entries.get(i), windowed);
        }
    }

    private static void entry(StringBuilder sb, TraceEntry e, boolean windowed) {
        sb.append("    {\"key\": ");
        string(sb, e.key());
        sb.append(", \"name\": ");
        string(sb, e.name());
        sb.append(", \"equation\": ");
        string(sb, e.equation());
        sb.append(", \"meaning\": ");
        string(sb, e.meaning());
        sb.append(", \"stage\": ");
        string(sb, e.stage().name().toLowerCase(Locale.ROOT));
        sb.append(", \"layer\": ").append(e.layer());
        sb.append(", \"rows\": ").append(e.rows()).append(", \"cols\": ").append(e.cols());
        int[] rows = windowed ? window(e.rows()) : all(e.rows());
        int[] cols = windowed ? window(e.cols()) : all(e.cols());
        if (windowed) {
            sb.append(",\n     \"rowIndex\": ").append(Arrays.toString(rows))
                    .append(", \"colIndex\": ").append(Arrays.toString(cols));
        }
        sb.append(",\n     \"values\": [");
        double[] data = e.matrix().backingArray();
        for (int i = 0; i < rows.length; i++) {
            sb.append(i == 0 ? "[" : ", [");
            for (int j = 0; j < cols.length; j++) {
                if (j > 0) {
                    sb.append(", ");
                }
                number(sb, data[rows[i] * e.cols() + cols[j]], windowed);
            }
            sb.append(']');
        }
        sb.append("]}");
    }

    private static int[] all(int n) {
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        return all;
    }

    /** The shortest decimal that reads back as the same double; NaN and ±∞ as Python's json writes them. */
    static void number(StringBuilder sb, double v) {
        number(sb, v, false);
    }

    /** As {@link #number(StringBuilder, double)}, NaN and ±∞ in quotes when {@code quoted}. */
    private static void number(StringBuilder sb, double v, boolean quoted) {
        if (!Double.isFinite(v)) {
            String name = Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
            sb.append(quoted ? "\"" + name + "\"" : name);
        } else {
            sb.append(Double.toString(v));
        }
    }

    /** A JSON string: quotes, backslashes and control characters escaped, everything else as it is. */
    static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
