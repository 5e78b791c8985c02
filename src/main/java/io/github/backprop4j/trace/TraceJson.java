package io.github.backprop4j.trace;

import java.util.List;
import java.util.Locale;

/** The JSON form of a trace (see {@link BackpropTrace#toJson()}): a small writer, no parser. */
final class TraceJson {

    static final String FORMAT = "backprop4j-trace";
    static final int VERSION = 1;

    private TraceJson() {
    }

    static String write(BackpropTrace trace) {
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
        number(sb, trace.cost());
        sb.append(",\n  \"optimizer\": ");
        if (trace.optimizer() == null) {
            sb.append("null,\n  \"learningRate\": null");
        } else {
            string(sb, trace.optimizer());
            sb.append(",\n  \"learningRate\": ");
            number(sb, trace.learningRate());
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
        List<TraceEntry> entries = trace.entries();
        for (int i = 0; i < entries.size(); i++) {
            sb.append(i == 0 ? "\n" : ",\n");
            entry(sb, entries.get(i));
        }
        return sb.append("\n  ]\n}\n").toString();
    }

    private static void entry(StringBuilder sb, TraceEntry e) {
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
        sb.append(",\n     \"values\": [");
        double[] data = e.matrix().backingArray();
        for (int r = 0; r < e.rows(); r++) {
            sb.append(r == 0 ? "[" : ", [");
            for (int c = 0; c < e.cols(); c++) {
                if (c > 0) {
                    sb.append(", ");
                }
                number(sb, data[r * e.cols() + c]);
            }
            sb.append(']');
        }
        sb.append("]}");
    }

    /** The shortest decimal that reads back as the same double; NaN and ±∞ as Python's json writes them. */
    static void number(StringBuilder sb, double v) {
        if (Double.isNaN(v)) {
            sb.append("NaN");
        } else if (Double.isInfinite(v)) {
            sb.append(v > 0 ? "Infinity" : "-Infinity");
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
