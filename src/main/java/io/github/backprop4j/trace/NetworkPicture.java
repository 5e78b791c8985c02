package io.github.backprop4j.trace;

import io.github.backprop4j.internal.Decimals;
import io.github.backprop4j.internal.Svg;
import java.util.List;
import java.util.stream.Stream;

/**
 * The network of a trace drawn as SVG: one column of circles per layer of units (X first), every weight an
 * edge labelled with its value, every bias under its unit, and the names and shapes of X, W, B, Z and A
 * under the columns. Positive weights are solid blue lines, negative ones dashed orange, so colour is never
 * the only sign. Layers wider than {@value #MAX_UNITS} units show their first and last units with ⋮ between;
 * weights are labelled while a layer has at most {@value #MAX_LABELLED} of them.
 */
final class NetworkPicture {

    static final int MAX_UNITS = 8;
    static final int MAX_LABELLED = 16;

    private static final double GAP = 230;
    private static final double ROW = 84;
    private static final double R = 21;
    private static final double MARGIN = 95;
    private static final double TOP = 78;
    private static final double FONT = 13;
    private static final String POSITIVE = "#1f5fa8";
    private static final String NEGATIVE = "#b35806";

    private NetworkPicture() {
    }

    static String draw(BackpropTrace trace) {
        List<BackpropTrace.LayerTrace> layers = trace.layers();
        int columns = layers.size() + 1;
        int[] units = new int[columns];
        units[0] = layers.get(0).weights().rows();
        for (int l = 0; l < layers.size(); l++) {
            units[l + 1] = layers.get(l).weights().cols();
        }
        int tallest = 0;
        for (int u : units) {
            tallest = Math.max(tallest, shown(u).length);
        }
        double width = Math.max(720, 2 * MARGIN + (columns - 1) * GAP);
        double left = (width - (columns - 1) * GAP) / 2;
        double nodesBottom = TOP + (tallest - 1) * ROW;
        double height = nodesBottom + 170;
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(Svg.num(width))
                .append("\" height=\"").append(Svg.num(height)).append("\" viewBox=\"0 0 ").append(Svg.num(width))
                .append(' ').append(Svg.num(height)).append("\" font-family=\"DejaVu Sans, Verdana, sans-serif\""
                        + " font-size=\"").append(Svg.num(FONT)).append("\" role=\"img\">\n");
        StringBuilder shape = new StringBuilder("X");
        for (BackpropTrace.LayerTrace l : layers) {
            shape.append(" → ").append(l.name());
        }
        String title = "The network " + shape + ": " + String.join(", ", equations(trace));
        boolean biases = true;
        for (int c = 1; c < columns; c++) {
            biases &= units[c] <= MAX_UNITS;
        }
        sb.append("<title>").append(Svg.escape(title)).append("</title>\n");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        text(sb, width / 2, 26, "middle", "bold", Svg.fit("The network " + shape + " of the trace", width - 20,
                FONT + 1, true));
        text(sb, width / 2, 46, "middle", "normal", Svg.fit("edges: weights (solid blue ≥ 0, dashed orange < 0)"
                + (biases ? "; under each unit: its bias" : ""), width - 20, FONT, false));

        // edges first, so that the circles cover their ends
        for (int l = 0; l < layers.size(); l++) {
            TraceEntry w = layers.get(l).weights();
            int[] from = shown(units[l]);
            int[] to = shown(units[l + 1]);
            boolean labelled = (long) w.rows() * w.cols() <= MAX_LABELLED;
            for (int i = 0; i < from.length; i++) {
                for (int j = 0; j < to.length; j++) {
                    if (from[i] < 0 || to[j] < 0) {
                        continue;
                    }
                    double v = w.get(from[i], to[j]);
                    double x1 = x(left, l) + R;
                    double y1 = y(i, from.length, tallest);
                    double x2 = x(left, l + 1) - R;
                    double y2 = y(j, to.length, tallest);
                    sb.append("<line x1=\"").append(Svg.num(x1)).append("\" y1=\"").append(Svg.num(y1))
                            .append("\" x2=\"").append(Svg.num(x2)).append("\" y2=\"").append(Svg.num(y2))
                            .append("\" stroke=\"").append(v < 0 ? NEGATIVE : POSITIVE).append("\" stroke-width=\"")
                            .append(Svg.num(labelled ? 1.2 + Math.min(Math.abs(v), 2.0) : 0.6)).append('"')
                            .append(v < 0 ? " stroke-dasharray=\"6 4\"" : "").append("/>\n");
                    if (labelled) {
                        // Where edges fan out from or into one unit, their middles are apart; where they
                        // cross, a quarter of the way from the source is apart.
                        boolean crossing = from.length > 1 && to.length > 1 && i != j;
                        double t = crossing ? 0.25 : 0.5;
                        double lx = x1 + (x2 - x1) * t;
                        double ly = y1 + (y2 - y1) * t - 7;
                        String label = names(trace, l, "W") + "[" + from[i] + "," + to[j] + "] = "
                                + Decimals.significant(v, 3);
                        sb.append("<text x=\"").append(Svg.num(lx)).append("\" y=\"").append(Svg.num(ly))
                                .append("\" text-anchor=\"middle\" font-size=\"11\" paint-order=\"stroke\""
                                        + " stroke=\"#ffffff\" stroke-width=\"4\" fill=\"")
                                .append(v < 0 ? NEGATIVE : POSITIVE).append("\">").append(Svg.escape(label))
                                .append("</text>\n");
                    }
                }
            }
        }
        for (int c = 0; c < columns; c++) {
            int[] rows = shown(units[c]);
            String unitName = c == 0 ? "x" : trace.layers().get(c - 1).name();
            for (int i = 0; i < rows.length; i++) {
                double cy = y(i, rows.length, tallest);
                if (rows[i] < 0) {
                    text(sb, x(left, c), cy + 5, "middle", "bold", "⋮");
                    continue;
                }
                sb.append("<circle cx=\"").append(Svg.num(x(left, c))).append("\" cy=\"").append(Svg.num(cy))
                        .append("\" r=\"").append(Svg.num(R)).append("\" fill=\"")
                        .append(c == 0 ? "#eeeeee" : "#fff7d6").append("\" stroke=\"#333333\" stroke-width=\"1.5\"/>\n");
                text(sb, x(left, c), cy + 5, "middle", "normal", unitName + subscript(rows[i] + 1));
                if (c > 0 && units[c] <= MAX_UNITS) {
                    TraceEntry b = trace.layers().get(c - 1).biases();
                    text(sb, x(left, c), cy + R + 16, "middle", "normal", "b = " + Decimals.significant(b.get(0, rows[i]), 3));
                }
            }
        }
        // names and shapes under the columns, and the parameters between them
        double labels = nodesBottom + R + 48;
        text(sb, x(left, 0), labels, "middle", "bold", "X  " + trace.entry("X").shape());
        text(sb, x(left, 0), labels + 18, "middle", "normal", "input");
        for (int l = 0; l < layers.size(); l++) {
            BackpropTrace.LayerTrace lt = layers.get(l);
            text(sb, x(left, l + 1), labels, "middle", "bold", lt.weightedInput().name() + ", "
                    + lt.activations().name() + "  " + lt.activations().shape());
            text(sb, x(left, l + 1), labels + 18, "middle", "normal", lt.weightedInput().equation());
            text(sb, x(left, l + 1), labels + 36, "middle", "normal", lt.activations().equation() + ", "
                    + lt.error().name() + " " + lt.error().shape());
            text(sb, (x(left, l) + x(left, l + 1)) / 2, labels + 66, "middle", "normal", lt.weights().name() + " "
                    + lt.weights().shape() + ", " + lt.biases().name() + " " + lt.biases().shape());
        }
        return sb.append("</svg>\n").toString();
    }

    private static List<String> equations(BackpropTrace trace) {
        return trace.layers().stream().flatMap(l -> Stream.of(l.weightedInput().equation(),
                l.activations().equation())).toList();
    }

    private static String names(BackpropTrace trace, int l, String symbol) {
        return symbol + trace.layers().get(l).name();
    }

    /** The units drawn of a column of n: all, or the first and last with −1 (⋮) between. */
    private static int[] shown(int n) {
        if (n <= MAX_UNITS) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] some = new int[MAX_UNITS];
        int head = MAX_UNITS / 2;
        for (int i = 0; i < head; i++) {
            some[i] = i;
        }
        some[head] = -1;
        for (int i = head + 1; i < MAX_UNITS; i++) {
            some[i] = n - (MAX_UNITS - i);
        }
        return some;
    }

    private static double x(double left, int column) {
        return left + column * GAP;
    }

    /** Columns are centred on the tallest one. */
    private static double y(int i, int count, int tallest) {
        return TOP + (tallest - count) * ROW / 2 + i * ROW;
    }

    private static String subscript(int n) {
        StringBuilder sb = new StringBuilder();
        for (char c : Integer.toString(n).toCharArray()) {
            sb.append((char) ('₀' + (c - '0')));
        }
        return sb.toString();
    }

    private static void text(StringBuilder sb, double x, double y, String anchor, String weight, String text) {
        sb.append("<text x=\"").append(Svg.num(x)).append("\" y=\"").append(Svg.num(y)).append("\" text-anchor=\"")
                .append(anchor).append('"').append("bold".equals(weight) ? " font-weight=\"bold\"" : "")
                .append(" fill=\"#111111\">").append(Svg.escape(Svg.checkText(text, "label"))).append("</text>\n");
    }

}
