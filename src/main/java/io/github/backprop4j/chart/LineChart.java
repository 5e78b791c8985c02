package io.github.backprop4j.chart;

import io.github.backprop4j.internal.AtomicFiles;
import io.github.backprop4j.internal.Svg;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A line chart of one or more named series of (x, y) points, written as a self-contained SVG 1.1
 * document: for example the loss of each epoch on the training and on the validation set.
 *
 * <pre>{@code LineChart loss = LineChart.builder("Loss")
 *         .xLabel("epoch").yLabel("cross-entropy")
 *         .series("training", trainingLoss)       // double[]; x = 1, 2, 3, …
 *         .series("validation", validationLoss)
 *         .build();
 * loss.writeTo(Path.of("loss.svg"));
 * LineChart.writeRowTo(List.of(loss, accuracy), Path.of("training.svg"));   // side by side}</pre>
 *
 * <p>The chart has a fixed size in pixels ({@value LineChart#DEFAULT_WIDTH}×{@value LineChart#DEFAULT_HEIGHT} unless
 * set), a title, axis labels, axes with ticks at 1, 2 or 5 times a power of ten, light grid lines,
 * and a legend below the plot. Each series is drawn as one polyline with a mark at every point, in
 * its own colour from the Okabe–Ito colour-blind-safe palette (Okabe &amp; Ito 2008, "Color
 * Universal Design") and its own dash pattern, so the series stay apart in grey-scale print too. The
 * marks shrink (down to a radius of 1 pixel) when the points crowd together.
 *
 * <p>Points where x or y is NaN or ±∞ are left out, so a series may end early (training that
 * stopped) or have gaps; the line joins the finite points on either side of a gap. A series with
 * no finite point keeps its legend entry and draws nothing. Texts are checked when the chart is
 * built: control characters (line breaks and tabs included), unpaired surrogates, U+FFFE and U+FFFF
 * are refused; {@code & < > " '} are escaped in the output. Texts too wide for the chart are cut
 * short with "…".
 *
 * <p>The output depends only on the chart: the same chart gives the same bytes, whatever the default
 * locale, and numbers are written with at most two decimals. Instances are immutable and safe to
 * share between threads.
 */
public final class LineChart {

    /** The width used unless {@link Builder#size} sets another, in pixels. */
    public static final int DEFAULT_WIDTH = 640;
    /** The height used unless {@link Builder#size} sets another, in pixels. */
    public static final int DEFAULT_HEIGHT = 400;
    /** The smallest width accepted, in pixels. */
    public static final int MIN_WIDTH = 240;
    /** The smallest height accepted, in pixels. */
    public static final int MIN_HEIGHT = 200;
    /** The largest width or height accepted, in pixels. */
    public static final int MAX_SIZE = 10_000;
    /** The most series one chart holds: one per colour of the palette. */
    public static final int MAX_SERIES = 8;

    /** Okabe–Ito, ordered so that the first two (the usual training / validation pair) differ most. */
    private static final String[] COLOURS = {
        "#0072B2", // blue
        "#D55E00", // vermillion
        "#009E73", // bluish green
        "#CC79A7", // reddish purple
        "#E69F00", // orange
        "#56B4E9", // sky blue
        "#000000", // black
        "#F0E442", // yellow, last: faint on white
    };
    /** stroke-dasharray per series; "" is a solid line. */
    private static final String[] DASHES = {"", "7 4", "2 3", "9 3 2 3", "14 4", "4 4", "9 3 2 3 2 3", "1 5"};

    private static final String FONT_FAMILY = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif";
    private static final String INK = "#333333";
    private static final String GRID = "#e3e3e3";
    private static final double TITLE_FONT = 16;
    private static final double LABEL_FONT = 13;
    private static final double TICK_FONT = 11;
    private static final double LEGEND_FONT = 12;
    private static final int PAD = 10;
    private static final int TICK_LENGTH = 5;
    private static final int PLOT_TOP = 40;
    private static final int LEGEND_ROW = 18;
    private static final int LEGEND_SAMPLE = 26;
    private static final int LEGEND_GAP = 18;
    private static final int MIN_PLOT = 60;
    /** Gap between the axis ends and the plot's frame, so that marks never sit on the frame. */
    private static final int INSET = 6;
    private static final double STROKE_WIDTH = 2;
    /** Radius of the point marks where points are at least 7.5 pixels apart; it shrinks to 1 as they crowd. */
    private static final double MARK_RADIUS = 2.5;
    private static final double MIN_MARK_RADIUS = 1;

    private record Series(String name, double[] x, double[] y) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final int width;
    private final int height;
    private final List<Series> series;
    /** The drawing, origin at the top left, without the svg element around it. */
    private final String body;

    private LineChart(Builder b) {
        this.title = b.title;
        this.xLabel = b.xLabel;
        this.yLabel = b.yLabel;
        this.width = b.width;
        this.height = b.height;
        this.series = List.copyOf(b.series);
        this.body = draw();
    }

    /**
     * Starts a chart.
     *
     * @param title the title drawn above the plot; may be empty
     * @return a builder with size {@value LineChart#DEFAULT_WIDTH}×{@value LineChart#DEFAULT_HEIGHT}, empty
     *         axis labels and no series
     * @throws NullPointerException     if {@code title} is null
     * @throws IllegalArgumentException if {@code title} holds a character SVG cannot hold (see the
     *                                  class description)
     */
    public static Builder builder(String title) {
        return new Builder(Svg.checkText(title, "title"));
    }

    /**
     * Builds a {@link LineChart}. Not thread-safe; the arrays given to it are copied, so changing them
     * afterwards does not change the chart.
     */
    public static final class Builder {

        private final String title;
        private String xLabel = "";
        private String yLabel = "";
        private int width = DEFAULT_WIDTH;
        private int height = DEFAULT_HEIGHT;
        private final List<Series> series = new ArrayList<>();

        private Builder(String title) {
            this.title = title;
        }

        /**
         * Sets the label under the x-axis.
         *
         * @param xLabel the label; empty for none
         * @return this builder
         * @throws NullPointerException     if {@code xLabel} is null
         * @throws IllegalArgumentException if it holds a character SVG cannot hold
         */
        public Builder xLabel(String xLabel) {
            this.xLabel = Svg.checkText(xLabel, "xLabel");
            return this;
        }

        /**
         * Sets the label beside the y-axis, drawn rotated.
         *
         * @param yLabel the label; empty for none
         * @return this builder
         * @throws NullPointerException     if {@code yLabel} is null
         * @throws IllegalArgumentException if it holds a character SVG cannot hold
         */
        public Builder yLabel(String yLabel) {
            this.yLabel = Svg.checkText(yLabel, "yLabel");
            return this;
        }

        /**
         * Sets the size of the chart.
         *
         * @param width  in pixels, {@value LineChart#MIN_WIDTH} to {@value LineChart#MAX_SIZE}
         * @param height in pixels, {@value LineChart#MIN_HEIGHT} to {@value LineChart#MAX_SIZE}
         * @return this builder
         * @throws IllegalArgumentException if either is out of its range
         */
        public Builder size(int width, int height) {
            if (width < MIN_WIDTH || width > MAX_SIZE || height < MIN_HEIGHT || height > MAX_SIZE) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "size: %d×%d is out of range; width must be %d to %d and height %d to %d pixels",
                        width, height, MIN_WIDTH, MAX_SIZE, MIN_HEIGHT, MAX_SIZE));
            }
            this.width = width;
            this.height = height;
            return this;
        }

        /**
         * Adds a series whose x values are 1, 2, …, n: the usual per-epoch curve, {@code y[i]} being
         * the value after epoch {@code i + 1}.
         *
         * @param name the name shown in the legend, not empty, unique within the chart
         * @param y    the y values, any length (0 included); NaN and ±∞ are left out of the drawing.
         *             Not modified.
         * @return this builder
         * @throws NullPointerException     if {@code name} or {@code y} is null
         * @throws IllegalArgumentException if the name is empty, already used or holds a character SVG
         *                                  cannot hold, or if the chart has {@value LineChart#MAX_SERIES} series
         *                                  already
         */
        public Builder series(String name, double[] y) {
            Objects.requireNonNull(y, "y");
            double[] x = new double[y.length];
            Arrays.setAll(x, i -> i + 1);
            return add(name, x, y.clone());
        }

        /**
         * Adds a series of the points ({@code x[i]}, {@code y[i]}), joined in the order given.
         *
         * @param name the name shown in the legend, not empty, unique within the chart
         * @param x    the x values. Not modified.
         * @param y    the y values, as many as x values; a point where either is NaN or ±∞ is left
         *             out of the drawing. Not modified.
         * @return this builder
         * @throws NullPointerException     if {@code name}, {@code x} or {@code y} is null
         * @throws IllegalArgumentException if {@code x} and {@code y} differ in length, if the name is
         *                                  empty, already used or holds a character SVG cannot hold,
         *                                  or if the chart has {@value LineChart#MAX_SERIES} series already
         */
        public Builder series(String name, double[] x, double[] y) {
            Objects.requireNonNull(x, "x");
            Objects.requireNonNull(y, "y");
            if (x.length != y.length) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "series %d: x has %d values but y has %d; they must pair up",
                        series.size(), x.length, y.length));
            }
            return add(name, x.clone(), y.clone());
        }

        private Builder add(String name, double[] x, double[] y) {
            Svg.checkText(name, "name");
            int index = series.size();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("series " + index + ": the name is empty; the legend needs one");
            }
            if (index == MAX_SERIES) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "series %d: a chart holds at most %d series, one per palette colour", index, MAX_SERIES));
            }
            for (int i = 0; i < index; i++) {
                if (series.get(i).name().equals(name)) {
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "series %d: series %d has the same name; names must be unique", index, i));
                }
            }
            series.add(new Series(name, x, y));
            return this;
        }

        /**
         * Builds the chart and lays it out.
         *
         * @return the chart
         * @throws IllegalArgumentException if there is no series, or if the size leaves less than
         *                                  60 pixels each way for the plot once the
         *                                  title, tick labels, axis labels and legend have their room
         */
        public LineChart build() {
            if (series.isEmpty()) {
                throw new IllegalArgumentException("build: chart \"" + title
                        + "\" has no series; add one with series(name, y)");
            }
            return new LineChart(this);
        }
    }

    /**
     * Returns the title.
     *
     * @return the title given to {@link #builder}
     */
    public String title() {
        return title;
    }

    /**
     * Returns the x-axis label.
     *
     * @return the label, empty if none
     */
    public String xLabel() {
        return xLabel;
    }

    /**
     * Returns the y-axis label.
     *
     * @return the label, empty if none
     */
    public String yLabel() {
        return yLabel;
    }

    /**
     * Returns the width.
     *
     * @return the width in pixels
     */
    public int width() {
        return width;
    }

    /**
     * Returns the height.
     *
     * @return the height in pixels
     */
    public int height() {
        return height;
    }

    /**
     * Returns the names of the series, in the order they were added (which is the legend's order).
     *
     * @return an unmodifiable list, never empty
     */
    public List<String> seriesNames() {
        return series.stream().map(Series::name).toList();
    }

    /**
     * Returns this chart as a self-contained SVG 1.1 document.
     *
     * @return the document, starting with the XML declaration and ending with a line break; the
     *         same chart always gives the same string
     */
    public String toSvg() {
        return rowToSvg(List.of(this));
    }

    /**
     * Writes {@link #toSvg()} to a file in UTF-8, atomically: into a temporary file in the same folder
     * first, forced to disk, then moved over {@code file} (and the folder forced where the platform allows),
     * so that neither a reader nor a crash ever leaves half a chart. Model files are saved the same way.
     *
     * @param file where to write; its folder must exist. Replaced if it exists.
     * @throws NullPointerException if {@code file} is null
     * @throws IOException          if the file cannot be written
     */
    public void writeTo(Path file) throws IOException {
        writeAtomically(toSvg(), Objects.requireNonNull(file, "file"));
    }

    /**
     * Puts charts side by side, left to right and top-aligned, in one SVG 1.1 document as wide as
     * their widths together and as high as the highest, for example a "loss" and an "accuracy" panel.
     *
     * @param charts the charts, at least one
     * @return the document; the same charts always give the same string
     * @throws NullPointerException     if {@code charts} or one of its elements is null
     * @throws IllegalArgumentException if {@code charts} is empty or their widths add up to more than
     *                                  {@link Integer#MAX_VALUE}
     */
    public static String rowToSvg(List<LineChart> charts) {
        Objects.requireNonNull(charts, "charts");
        if (charts.isEmpty()) {
            throw new IllegalArgumentException("rowToSvg: no charts; give at least one");
        }
        int totalWidth = 0;
        int totalHeight = 0;
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < charts.size(); i++) {
            LineChart chart = Objects.requireNonNull(charts.get(i), "charts[" + i + "]");
            try {
                totalWidth = Math.addExact(totalWidth, chart.width);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("rowToSvg: the charts together are wider than "
                        + Integer.MAX_VALUE + " pixels", e);
            }
            totalHeight = Math.max(totalHeight, chart.height);
            if (!chart.title.isEmpty()) {
                titles.add(chart.title);
            }
        }
        StringBuilder out = new StringBuilder(1 << 12);
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(totalWidth)
                .append("\" height=\"").append(totalHeight)
                .append("\" viewBox=\"0 0 ").append(totalWidth).append(' ').append(totalHeight)
                .append("\" font-family=\"").append(FONT_FAMILY).append("\">\n");
        if (!titles.isEmpty()) {
            out.append("<title>").append(Svg.escape(String.join(" | ", titles))).append("</title>\n");
        }
        out.append("<rect width=\"").append(totalWidth).append("\" height=\"").append(totalHeight)
                .append("\" fill=\"#ffffff\"/>\n");
        int x = 0;
        for (LineChart chart : charts) {
            out.append("<g class=\"chart\" transform=\"translate(").append(x).append(",0)\">\n")
                    .append(chart.body)
                    .append("</g>\n");
            x += chart.width;
        }
        return out.append("</svg>\n").toString();
    }

    /**
     * Writes {@link #rowToSvg} of the charts to a file in UTF-8, atomically as {@link #writeTo} does.
     *
     * @param charts the charts, at least one
     * @param file   where to write; its folder must exist. Replaced if it exists.
     * @throws NullPointerException     if {@code charts}, one of its elements or {@code file} is null
     * @throws IllegalArgumentException if {@code charts} is empty
     * @throws IOException              if the file cannot be written
     */
    public static void writeRowTo(List<LineChart> charts, Path file) throws IOException {
        String svg = rowToSvg(charts);
        writeAtomically(svg, Objects.requireNonNull(file, "file"));
    }

    private static void writeAtomically(String svg, Path file) throws IOException {
        AtomicFiles.write(file, svg.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns a short description, for logs.
     *
     * @return for example {@code LineChart["Loss", 2 series, 640×400]}
     */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "LineChart[\"%s\", %d series, %d×%d]", title, series.size(), width, height);
    }

    // ---------------------------------------------------------------------------------------------
    // Drawing. Vertical layout, top to bottom: title, plot, tick labels, x label, legend rows.

    private String draw() {
        // the data's extent, finite points only
        double xLo = Double.POSITIVE_INFINITY;
        double xHi = Double.NEGATIVE_INFINITY;
        double yLo = Double.POSITIVE_INFINITY;
        double yHi = Double.NEGATIVE_INFINITY;
        boolean xWhole = true; // epoch numbers, say: then no tick at 1.5
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
                    xWhole &= s.x()[i] == Math.rint(s.x()[i]);
                    xLo = Math.min(xLo, s.x()[i]);
                    xHi = Math.max(xHi, s.x()[i]);
                    yLo = Math.min(yLo, s.y()[i]);
                    yHi = Math.max(yHi, s.y()[i]);
                }
            }
        }

        // legend: names cut to the width, items wrapped into centred rows
        double legendRoom = width - 2.0 * PAD;
        String[] names = new String[series.size()];
        double[] itemWidths = new double[series.size()];
        List<List<Integer>> rows = new ArrayList<>();
        double rowWidth = 0;
        for (int i = 0; i < series.size(); i++) {
            names[i] = Svg.fit(series.get(i).name(), legendRoom - LEGEND_SAMPLE - 6, LEGEND_FONT, false);
            itemWidths[i] = LEGEND_SAMPLE + 6 + Svg.width(names[i], LEGEND_FONT, false);
            if (rows.isEmpty() || rowWidth + LEGEND_GAP + itemWidths[i] > legendRoom) {
                rows.add(new ArrayList<>());
                rowWidth = itemWidths[i];
            } else {
                rowWidth += LEGEND_GAP + itemWidths[i];
            }
            rows.get(rows.size() - 1).add(i);
        }

        int tickLabelBaseline = TICK_LENGTH + 3 + (int) Math.ceil(TICK_FONT); // below the plot's bottom
        int xLabelBaseline = tickLabelBaseline + 6 + (int) Math.ceil(LABEL_FONT);
        int legendTop = (xLabel.isEmpty() ? tickLabelBaseline : xLabelBaseline) + 10;
        int plotBottom = height - (legendTop + rows.size() * LEGEND_ROW + PAD / 2);
        int plotHeight = plotBottom - PLOT_TOP;
        requireRoom("height", plotHeight);

        Axis yAxis = Axis.covering(yLo, yHi, Math.max(2, Math.min(8, plotHeight / 50)));
        double yLabelWidth = 0;
        for (int k = 0; k < yAxis.tickCount(); k++) {
            yLabelWidth = Math.max(yLabelWidth, Svg.width(yAxis.label(k), TICK_FONT, false));
        }
        int yAxisLabelRoom = yLabel.isEmpty() ? 0 : (int) Math.ceil(LABEL_FONT) + 8;
        int plotLeft = PAD + yAxisLabelRoom + (int) Math.ceil(yLabelWidth) + TICK_LENGTH + 4;

        // x ticks: fewer if their labels would touch; room at both ends for the first and last label
        int rightMargin = 2 * PAD;
        Axis xAxis = null;
        int plotWidth = 0;
        for (int pass = 0; pass < 3; pass++) {
            plotWidth = width - rightMargin - plotLeft;
            requireRoom("width", plotWidth);
            for (int target = Math.max(2, Math.min(10, plotWidth / 90)); target >= 2; target--) {
                xAxis = Axis.covering(xLo, xHi, target, xWhole);
                if (xLabelsFit(xAxis, plotWidth) || target == 2) {
                    break;
                }
            }
            // a label is centred on its tick, which is INSET inside the frame
            int firstHalf = (int) Math.ceil(Svg.width(xAxis.label(0), TICK_FONT, false) / 2) - INSET;
            int lastHalf = (int) Math.ceil(Svg.width(xAxis.label(xAxis.tickCount() - 1), TICK_FONT, false) / 2)
                    - INSET;
            if (firstHalf + 2 <= plotLeft && lastHalf + 2 <= rightMargin || pass == 2) {
                break; // (after two widenings a label may stick out a little; the layout stays consistent)
            }
            plotLeft = Math.max(plotLeft, firstHalf + 2);
            rightMargin = Math.max(rightMargin, lastHalf + 2);
        }

        int mostPoints = 1;
        for (Series s : series) {
            mostPoints = Math.max(mostPoints, s.x().length);
        }
        double pointSpacing = (plotWidth - 2.0 * INSET) / mostPoints;
        double markRadius = Math.max(MIN_MARK_RADIUS, Math.min(MARK_RADIUS, pointSpacing / 3));
        Frame f = new Frame(plotLeft, PLOT_TOP, plotWidth, plotHeight, xAxis, yAxis, Svg.num(markRadius));
        StringBuilder out = new StringBuilder(1 << 12);
        if (!title.isEmpty()) {
            out.append("<title>").append(Svg.escape(title)).append("</title>\n");
            text(out, width / 2.0, 24, "middle", TITLE_FONT, " font-weight=\"bold\"",
                    Svg.fit(title, width - 2.0 * PAD, TITLE_FONT, true));
        }
        drawAxes(out, f, tickLabelBaseline);
        if (!xLabel.isEmpty()) {
            text(out, f.left + f.width / 2.0, plotBottom + xLabelBaseline, "middle", LABEL_FONT, "",
                    Svg.fit(xLabel, f.width, LABEL_FONT, false));
        }
        if (!yLabel.isEmpty()) {
            double x = PAD + Math.ceil(LABEL_FONT);
            double y = f.top + f.height / 2.0;
            text(out, x, y, "middle", LABEL_FONT,
                    " transform=\"rotate(-90 " + Svg.num(x) + " " + Svg.num(y) + ")\"",
                    Svg.fit(yLabel, f.height, LABEL_FONT, false));
        }
        for (int i = 0; i < series.size(); i++) {
            drawSeries(out, f, i);
        }
        drawLegend(out, rows, names, itemWidths, plotBottom + legendTop, f.markRadius);
        return out.toString();
    }

    /** The plot area in pixels and the axes that map data into it. */
    private record Frame(int left, int top, int width, int height, Axis x, Axis y, String markRadius) {

        double px(double v) {
            return left + INSET + x.fraction(v) * (width - 2 * INSET);
        }

        double py(double v) {
            return top + height - INSET - y.fraction(v) * (height - 2 * INSET);
        }
    }

    private void requireRoom(String dimension, int plot) {
        if (plot < MIN_PLOT) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "build: chart \"%s\" at %d×%d leaves %d pixels of %s for the plot, fewer than %d, once the"
                    + " title, labels and legend (%d series) have their room; make it larger",
                    title, width, height, plot, dimension, MIN_PLOT, series.size()));
        }
    }

    private static boolean xLabelsFit(Axis axis, int plotWidth) {
        if (axis.tickCount() < 2) {
            return true;
        }
        double spacing = (plotWidth - 2 * INSET) * (axis.fraction(axis.tick(1)) - axis.fraction(axis.tick(0)));
        for (int k = 0; k < axis.tickCount(); k++) {
            if (Svg.width(axis.label(k), TICK_FONT, false) + 8 > spacing) {
                return false;
            }
        }
        return true;
    }

    private static void drawAxes(StringBuilder out, Frame f, int tickLabelBaseline) {
        double bottom = f.top + f.height;
        // grid, snapped to the pixel grid so that 1-pixel lines stay sharp
        out.append("<g class=\"grid\" stroke=\"").append(GRID).append("\" stroke-width=\"1\">\n");
        for (int k = 0; k < f.x.tickCount(); k++) {
            String x = Svg.num(Math.round(f.px(f.x.tick(k))) + 0.5);
            out.append("<line x1=\"").append(x).append("\" y1=\"").append(f.top)
                    .append("\" x2=\"").append(x).append("\" y2=\"").append(f.top + f.height).append("\"/>\n");
        }
        for (int k = 0; k < f.y.tickCount(); k++) {
            String y = Svg.num(Math.round(f.py(f.y.tick(k))) - 0.5);
            out.append("<line x1=\"").append(f.left).append("\" y1=\"").append(y)
                    .append("\" x2=\"").append(f.left + f.width).append("\" y2=\"").append(y).append("\"/>\n");
        }
        out.append("</g>\n");

        out.append("<rect class=\"plot-area\" x=\"").append(Svg.num(f.left + 0.5))
                .append("\" y=\"").append(Svg.num(f.top - 0.5))
                .append("\" width=\"").append(f.width).append("\" height=\"").append(f.height)
                .append("\" fill=\"none\" stroke=\"").append(INK).append("\" stroke-width=\"1\"/>\n");

        out.append("<g class=\"ticks\" stroke=\"").append(INK).append("\" stroke-width=\"1\">\n");
        for (int k = 0; k < f.x.tickCount(); k++) {
            String x = Svg.num(Math.round(f.px(f.x.tick(k))) + 0.5);
            out.append("<line x1=\"").append(x).append("\" y1=\"").append(Svg.num(bottom))
                    .append("\" x2=\"").append(x).append("\" y2=\"").append(Svg.num(bottom + TICK_LENGTH))
                    .append("\"/>\n");
        }
        for (int k = 0; k < f.y.tickCount(); k++) {
            String y = Svg.num(Math.round(f.py(f.y.tick(k))) - 0.5);
            out.append("<line x1=\"").append(f.left - TICK_LENGTH).append("\" y1=\"").append(y)
                    .append("\" x2=\"").append(f.left).append("\" y2=\"").append(y).append("\"/>\n");
        }
        out.append("</g>\n");

        out.append("<g class=\"x-tick-labels\" font-size=\"").append(Svg.num(TICK_FONT))
                .append("\" fill=\"").append(INK).append("\" text-anchor=\"middle\">\n");
        for (int k = 0; k < f.x.tickCount(); k++) {
            out.append("<text x=\"").append(Svg.num(f.px(f.x.tick(k)))).append("\" y=\"")
                    .append(Svg.num(bottom + tickLabelBaseline)).append("\">")
                    .append(Svg.escape(f.x.label(k))).append("</text>\n");
        }
        out.append("</g>\n");
        out.append("<g class=\"y-tick-labels\" font-size=\"").append(Svg.num(TICK_FONT))
                .append("\" fill=\"").append(INK).append("\" text-anchor=\"end\">\n");
        for (int k = 0; k < f.y.tickCount(); k++) {
            out.append("<text x=\"").append(f.left - TICK_LENGTH - 3).append("\" y=\"")
                    .append(Svg.num(f.py(f.y.tick(k)) + 0.35 * TICK_FONT)).append("\">")
                    .append(Svg.escape(f.y.label(k))).append("</text>\n");
        }
        out.append("</g>\n");
    }

    private void drawSeries(StringBuilder out, Frame f, int index) {
        Series s = series.get(index);
        StringBuilder points = new StringBuilder();
        StringBuilder marks = new StringBuilder();
        for (int i = 0; i < s.x().length; i++) {
            if (!Double.isFinite(s.x()[i]) || !Double.isFinite(s.y()[i])) {
                continue; // training stopped, or a gap: the line joins the finite neighbours
            }
            String px = Svg.num(f.px(s.x()[i]));
            String py = Svg.num(f.py(s.y()[i]));
            if (points.length() > 0) {
                points.append(' ');
            }
            points.append(px).append(',').append(py);
            marks.append("<circle cx=\"").append(px).append("\" cy=\"").append(py).append("\" r=\"")
                    .append(f.markRadius).append("\"/>\n");
        }
        if (points.length() == 0) {
            return;
        }
        out.append("<g class=\"series\" fill=\"").append(COLOURS[index]).append("\">\n")
                .append("<title>").append(Svg.escape(s.name())).append("</title>\n")
                .append("<polyline points=\"").append(points).append("\" fill=\"none\" stroke=\"")
                .append(COLOURS[index]).append("\" stroke-width=\"").append(Svg.num(STROKE_WIDTH)).append('"')
                .append(dash(index)).append(" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>\n")
                .append(marks)
                .append("</g>\n");
    }

    private static String dash(int index) {
        return DASHES[index].isEmpty() ? "" : " stroke-dasharray=\"" + DASHES[index] + "\"";
    }

    private void drawLegend(StringBuilder out, List<List<Integer>> rows, String[] names, double[] itemWidths,
                            int top, String markRadius) {
        out.append("<g class=\"legend\" font-size=\"").append(Svg.num(LEGEND_FONT))
                .append("\" fill=\"").append(INK).append("\">\n");
        for (int r = 0; r < rows.size(); r++) {
            List<Integer> row = rows.get(r);
            double rowWidth = LEGEND_GAP * (row.size() - 1.0);
            for (int i : row) {
                rowWidth += itemWidths[i];
            }
            double x = (width - rowWidth) / 2;
            double y = top + r * LEGEND_ROW + LEGEND_ROW / 2.0;
            for (int i : row) {
                String y0 = Svg.num(y);
                out.append("<line x1=\"").append(Svg.num(x)).append("\" y1=\"").append(y0)
                        .append("\" x2=\"").append(Svg.num(x + LEGEND_SAMPLE)).append("\" y2=\"").append(y0)
                        .append("\" stroke=\"").append(COLOURS[i]).append("\" stroke-width=\"")
                        .append(Svg.num(STROKE_WIDTH)).append('"').append(dash(i)).append("/>\n");
                out.append("<circle cx=\"").append(Svg.num(x + LEGEND_SAMPLE / 2.0)).append("\" cy=\"").append(y0)
                        .append("\" r=\"").append(markRadius).append("\" fill=\"").append(COLOURS[i])
                        .append("\"/>\n");
                out.append("<text x=\"").append(Svg.num(x + LEGEND_SAMPLE + 6)).append("\" y=\"")
                        .append(Svg.num(y + 0.35 * LEGEND_FONT)).append("\">")
                        .append(Svg.escape(names[i])).append("</text>\n");
                x += itemWidths[i] + LEGEND_GAP;
            }
        }
        out.append("</g>\n");
    }

    private static void text(StringBuilder out, double x, double y, String anchor, double fontSize,
                             String extra, String text) {
        out.append("<text x=\"").append(Svg.num(x)).append("\" y=\"").append(Svg.num(y))
                .append("\" text-anchor=\"").append(anchor).append("\" font-size=\"").append(Svg.num(fontSize))
                .append("\" fill=\"").append(INK).append('"').append(extra).append('>')
                .append(Svg.escape(text)).append("</text>\n");
    }
}
