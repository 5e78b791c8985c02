package io.github.backprop4j.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withPrecision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import io.github.backprop4j.internal.Xml;
import io.github.backprop4j.internal.Xml.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LineChartTest {

    private static final String SVG_NS = "http://www.w3.org/2000/svg";
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    private static LineChart trainingCurves() {
        return LineChart.builder("Loss").xLabel("epoch").yLabel("cross-entropy")
                .series("training", new double[] {2.2, 1.4, 0.9, 0.7, 0.6, 0.55})
                .series("validation", new double[] {2.3, 1.6, 1.1, 0.95, NAN, NAN}) // stopped after epoch 4
                .build();
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers on the parsed document (test scope only: the library itself does not use java.xml)

    static Element parse(String svg) {
        return Xml.parse(svg);
    }

    static List<Element> elements(Element root, String name) {
        return root.find(name);
    }

    static List<Element> withClass(Element root, String name, String cssClass) {
        return root.find(name, cssClass);
    }

    static int pointCount(Element polyline) {
        return polyline.attr("points").split(" ").length;
    }

    static List<String> texts(Element root) {
        return root.find("text").stream().map(Element::text).toList();
    }

    static double attr(Element e, String name) {
        return Double.parseDouble(e.attr(name));
    }

    /** Checks what every chart must satisfy, and returns the parsed document. */
    static Element assertValid(LineChart chart) {
        String svg = chart.toSvg();
        assertThat(svg).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ")
                .endsWith("</svg>\n")
                .doesNotContain("NaN", "Infinity", "E+", "E-");
        assertThat(chart.toSvg()).as("same chart, same bytes").isEqualTo(svg);
        Element root = parse(svg);
        assertThat(root.namespace()).isEqualTo(SVG_NS);
        assertThat(root.name()).isEqualTo("svg");
        assertThat(root.attr("version")).isEqualTo("1.1");
        assertThat(attr(root, "width")).isEqualTo(chart.width());
        assertThat(attr(root, "height")).isEqualTo(chart.height());
        assertNumbersFinite(root);
        Element frame = withClass(root, "rect", "plot-area").get(0);
        assertThat(attr(frame, "x")).isPositive();
        assertThat(attr(frame, "y")).isPositive();
        assertThat(attr(frame, "x") + attr(frame, "width")).isLessThanOrEqualTo(chart.width());
        assertThat(attr(frame, "y") + attr(frame, "height")).isLessThanOrEqualTo(chart.height());
        for (Element text : elements(root, "text")) {
            assertThat(attr(text, "x")).as("x of %s", text.text()).isBetween(0.0, (double) chart.width());
            assertThat(attr(text, "y")).as("y of %s", text.text()).isBetween(0.0, (double) chart.height());
        }
        assertMarksInsidePlotArea(root);
        assertTicksNice(root, "x-tick-labels");
        assertTicksNice(root, "y-tick-labels");
        return root;
    }

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    /** Every numeric attribute holds plain, finite numbers with at most two decimals. */
    static void assertNumbersFinite(Element root) {
        List<String> numeric = List.of("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height",
                "stroke-width", "font-size");
        for (Element element : root.all()) {
            element.attributes().forEach((name, value) -> {
                if (numeric.contains(name)) {
                    assertThat(value).as("%s of <%s>", name, element.name()).matches(NUMBER);
                } else if (name.equals("points")) {
                    for (String point : value.split(" ")) {
                        assertThat(point).as("point").matches(NUMBER + "," + NUMBER);
                    }
                }
            });
        }
    }

    /** Every polyline vertex and point mark lies inside its panel's plot frame. */
    static void assertMarksInsidePlotArea(Element doc) {
        for (Element panel : withClass(doc, "g", "chart")) {
            Element frame = withClass(panel, "rect", "plot-area").get(0);
            double x0 = attr(frame, "x");
            double y0 = attr(frame, "y");
            double x1 = x0 + attr(frame, "width");
            double y1 = y0 + attr(frame, "height");
            for (Element polyline : elements(panel, "polyline")) {
                for (String point : polyline.attr("points").split(" ")) {
                    String[] xy = point.split(",");
                    assertThat(Double.parseDouble(xy[0])).isBetween(x0, x1);
                    assertThat(Double.parseDouble(xy[1])).isBetween(y0, y1);
                }
            }
            for (Element series : withClass(panel, "g", "series")) {
                for (Element circle : elements(series, "circle")) {
                    assertThat(attr(circle, "cx")).isBetween(x0, x1);
                    assertThat(attr(circle, "cy")).isBetween(y0, y1);
                }
            }
        }
    }

    /** Tick labels parse as numbers in equal steps of 1, 2 or 5 times a power of ten. */
    static void assertTicksNice(Element doc, String group) {
        for (Element labels : withClass(doc, "g", group)) {
            List<Double> values = texts(labels).stream().map(Double::parseDouble).toList();
            assertThat(values).isNotEmpty();
            if (values.size() < 2) {
                continue;
            }
            double step = values.get(1) / 2 - values.get(0) / 2; // halves: a step of 1e308 must not overflow
            assertThat(step).isPositive();
            for (int k = 1; k < values.size(); k++) {
                assertThat(values.get(k) / 2 - values.get(k - 1) / 2).as("step %d of %s", k, values)
                        .isCloseTo(step, withPrecision(step * 1e-6));
            }
            double full = step * 2;
            double mantissa = full / Math.pow(10, Math.floor(Math.log10(full)));
            assertThat(List.of(1.0, 2.0, 5.0, 10.0)).as("step %s of %s", full, values)
                    .anySatisfy(m -> assertThat(mantissa).isCloseTo(m, withPrecision(1e-6)));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The document

    @Test
    void trainingCurvesGiveOnePolylinePerSeriesWithItsFinitePoints() {
        Element doc = assertValid(trainingCurves());

        List<Element> polylines = elements(doc, "polyline");
        assertThat(polylines).hasSize(2);
        assertThat(pointCount(polylines.get(0))).isEqualTo(6);
        assertThat(pointCount(polylines.get(1))).isEqualTo(4);
        List<Element> series = withClass(doc, "g", "series");
        assertThat(elements(series.get(0), "circle")).hasSize(6);
        assertThat(elements(series.get(1), "circle")).hasSize(4);
    }

    @Test
    void hasTitleAxisLabelsAndLegend() {
        Element doc = assertValid(trainingCurves());

        assertThat(texts(doc)).contains("Loss", "epoch", "cross-entropy");
        assertThat(texts(withClass(doc, "g", "legend").get(0))).containsExactly("training", "validation");
        assertThat(elements(doc, "title").get(0).text()).isEqualTo("Loss");
    }

    @Test
    void seriesDifferInColourAndDash() {
        LineChart.Builder builder = LineChart.builder("eight");
        for (int i = 0; i < LineChart.MAX_SERIES; i++) {
            builder.series("s" + i, new double[] {i, i + 1});
        }
        Element doc = assertValid(builder.build());

        List<Element> polylines = elements(doc, "polyline");
        assertThat(polylines).hasSize(8);
        assertThat(polylines.stream().map(p -> p.attr("stroke")).distinct()).hasSize(8);
        assertThat(polylines.stream().map(p -> p.attr("stroke-dasharray")).distinct()).hasSize(8);
    }

    @Test
    void pointsFollowTheData() {
        LineChart chart = LineChart.builder("up").series("y = x", new double[] {0, 1, 2}, new double[] {0, 1, 2})
                .build();
        Element polyline = elements(assertValid(chart), "polyline").get(0);

        String[] points = polyline.attr("points").split(" ");
        double[] xs = Arrays.stream(points).mapToDouble(p -> Double.parseDouble(p.split(",")[0])).toArray();
        double[] ys = Arrays.stream(points).mapToDouble(p -> Double.parseDouble(p.split(",")[1])).toArray();
        assertThat(xs[1] - xs[0]).isPositive().isCloseTo(xs[2] - xs[1], withPrecision(0.02));
        assertThat(ys[0] - ys[1]).as("SVG's y grows downwards").isPositive().isCloseTo(ys[1] - ys[2],
                withPrecision(0.02));
    }

    @Test
    void epochsAreTickedAtWholeNumbersOnly() {
        LineChart epochs = LineChart.builder("five epochs").series("loss", new double[] {0.9, 0.6, 0.5, 0.47, 0.44})
                .build();
        LineChart fractions = LineChart.builder("fractions")
                .series("loss", new double[] {1, 1.5, 2}, new double[] {0.9, 0.6, 0.5}).build();

        assertThat(texts(withClass(assertValid(epochs), "g", "x-tick-labels").get(0)))
                .containsExactly("1", "2", "3", "4", "5");
        assertThat(texts(withClass(assertValid(fractions), "g", "x-tick-labels").get(0)))
                .containsExactly("1.0", "1.2", "1.4", "1.6", "1.8", "2.0");
    }

    @Test
    void marksShrinkWhenPointsCrowdButEveryPointKeepsOne() {
        double[] many = new double[300];
        Arrays.setAll(many, i -> Math.exp(-i / 30.0));
        Element sparse = assertValid(trainingCurves());
        Element dense = assertValid(LineChart.builder("long run").series("loss", many).build());

        assertThat(elements(withClass(sparse, "g", "series").get(0), "circle"))
                .allSatisfy(c -> assertThat(attr(c, "r")).isEqualTo(2.5));
        assertThat(elements(withClass(dense, "g", "series").get(0), "circle")).hasSize(300)
                .allSatisfy(c -> assertThat(attr(c, "r")).isEqualTo(1.0));
    }

    @Test
    void sameInputGivesSameBytesWhateverTheDefaultLocale() {
        String before = trainingCurves().toSvg();
        Locale saved = Locale.getDefault();
        try {
            for (Locale locale : List.of(Locale.GERMANY, Locale.forLanguageTag("ar-EG"), Locale.forLanguageTag("hi-IN"),
                    Locale.forLanguageTag("th-TH-u-nu-thai"))) {
                Locale.setDefault(locale);
                assertThat(trainingCurves().toSvg()).as("under %s", locale).isEqualTo(before);
            }
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void arraysAreCopied() {
        double[] y = {1, 2, 3};
        LineChart chart = LineChart.builder("copy").series("y", y).build();
        String before = chart.toSvg();

        y[0] = NAN;

        assertThat(chart.toSvg()).isEqualTo(before);
    }

    @Test
    void accessorsAndToString() {
        LineChart chart = LineChart.builder("Accuracy").xLabel("epoch").yLabel("fraction").size(500, 300)
                .series("training", new double[] {0.5}).series("validation", new double[] {0.4}).build();

        assertThat(chart.title()).isEqualTo("Accuracy");
        assertThat(chart.xLabel()).isEqualTo("epoch");
        assertThat(chart.yLabel()).isEqualTo("fraction");
        assertThat(chart.width()).isEqualTo(500);
        assertThat(chart.height()).isEqualTo(300);
        assertThat(chart.seriesNames()).containsExactly("training", "validation");
        assertThat(chart.toString()).isEqualTo("LineChart[\"Accuracy\", 2 series, 500×300]");
    }

    // ---------------------------------------------------------------------------------------------
    // Awkward data

    static Stream<Arguments> awkwardData() {
        return Stream.of(
                Arguments.of("empty series", new double[0], new double[0], 0),
                Arguments.of("single point", new double[] {1}, new double[] {0.5}, 1),
                Arguments.of("all equal", new double[] {1, 2, 3}, new double[] {0.5, 0.5, 0.5}, 3),
                Arguments.of("all zero", new double[] {1, 2, 3}, new double[] {0, 0, 0}, 3),
                Arguments.of("all at one x", new double[] {7, 7, 7}, new double[] {1, 2, 3}, 3),
                Arguments.of("all NaN", new double[] {1, 2}, new double[] {NAN, NAN}, 0),
                Arguments.of("infinities", new double[] {1, 2, 3, 4}, new double[] {INF, 1, -INF, 2}, 2),
                Arguments.of("non-finite x", new double[] {NAN, 2, INF}, new double[] {1, 2, 3}, 1),
                Arguments.of("negative", new double[] {-3, -2, -1}, new double[] {-5, -0.001, -1e4}, 3),
                Arguments.of("tiny", new double[] {1, 2, 3}, new double[] {1e-300, 3e-300, 2e-300}, 3),
                Arguments.of("huge", new double[] {1e300, 2e300}, new double[] {1e300, -1e300}, 2),
                Arguments.of("whole double range", new double[] {-Double.MAX_VALUE, Double.MAX_VALUE},
                        new double[] {Double.MAX_VALUE, -Double.MAX_VALUE}, 2),
                Arguments.of("subnormal", new double[] {Double.MIN_VALUE, 2 * Double.MIN_VALUE},
                        new double[] {-Double.MIN_VALUE, Double.MIN_VALUE}, 2),
                Arguments.of("tiny and huge together", new double[] {1, 2}, new double[] {1e-300, 1e300}, 2),
                Arguments.of("nearly equal", new double[] {1, 2}, new double[] {1, Math.nextUp(1.0)}, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("awkwardData")
    void awkwardDataGivesAValidChart(String what, double[] x, double[] y, int finitePoints) {
        // (what is not drawn: "all NaN" would trip the check that no NaN is in the output)
        LineChart chart = LineChart.builder("awkward").xLabel("x").yLabel("y").series("data", x, y).build();

        Element doc = assertValid(chart);

        List<Element> polylines = elements(doc, "polyline");
        if (finitePoints == 0) {
            assertThat(polylines).isEmpty();
            assertThat(texts(withClass(doc, "g", "legend").get(0))).as("still in the legend").containsExactly("data");
        } else {
            assertThat(polylines).hasSize(1);
            assertThat(pointCount(polylines.get(0))).isEqualTo(finitePoints);
        }
    }

    @Test
    void seriesThatStopsEarlyKeepsTheAxesOfTheOthers() {
        LineChart chart = LineChart.builder("stopped")
                .series("long", new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
                .series("stopped", new double[] {1, 2, 3, NAN, NAN, NAN, NAN, NAN, NAN, NAN})
                .series("nothing", new double[] {NAN, NAN})
                .build();

        Element doc = assertValid(chart);

        assertThat(elements(doc, "polyline")).hasSize(2);
        assertThat(texts(withClass(doc, "g", "x-tick-labels").get(0))).contains("10");
    }

    // ---------------------------------------------------------------------------------------------
    // Hostile text

    @Test
    void hostileTextIsEscapedAndRoundTrips() {
        String name = "<script>alert('x')</script> & \"quoted\" ]]> <!-- -->";
        String title = "</title><svg onload=\"alert(1)\">";
        LineChart chart = LineChart.builder(title).xLabel("a < b").yLabel("x & y").size(1200, 400)
                .series(name, new double[] {1, 2}).build();

        String svg = chart.toSvg();
        Element doc = assertValid(chart);

        assertThat(svg).doesNotContain("<script", "<svg onload", "<!--");
        assertThat(elements(doc, "svg")).as("no svg element inside").isEmpty();
        assertThat(texts(doc)).contains(title, "a < b", "x & y", name);
        assertThat(elements(doc, "title").get(0).text()).isEqualTo(title);
    }

    @Test
    void unicodeRoundTrips() {
        String name = "Verlust 📉 損失 — naïve ‹x›";
        Element doc = assertValid(LineChart.builder(name).series(name, new double[] {1, 2}).build());

        assertThat(texts(withClass(doc, "g", "legend").get(0))).containsExactly(name);
    }

    @Test
    void controlCharactersAreRefusedWhereTheyAreGiven() {
        LineChart.Builder builder = LineChart.builder("ok");

        assertThatIllegalArgumentException().isThrownBy(() -> LineChart.builder("bell\u0007"))
                .withMessageStartingWith("title: character U+0007 at index 4");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.xLabel("two\nlines"))
                .withMessageStartingWith("xLabel: character U+000A");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.yLabel("\u0000"))
                .withMessageStartingWith("yLabel: character U+0000");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.series("half \uD800", new double[] {1}))
                .withMessageStartingWith("name: character U+D800").withMessageContaining("unpaired");
    }

    @Test
    void longTextIsCutShortToFit() {
        String title = "A title far too long for a chart that is only two hundred and forty pixels wide, really";
        String name = "a series name that is also much too long for the legend of so small a chart";
        LineChart chart = LineChart.builder(title).size(LineChart.MIN_WIDTH, LineChart.MIN_HEIGHT)
                .series(name, new double[] {1, 2, 3}).build();

        Element doc = assertValid(chart);

        assertThat(texts(doc)).anySatisfy(t -> assertThat(t).startsWith("A title far").endsWith("…"))
                .anySatisfy(t -> assertThat(t).startsWith("a series name").endsWith("…"));
        assertThat(elements(doc, "title").get(0).text()).as("the tooltip keeps it whole").isEqualTo(title);
    }

    // ---------------------------------------------------------------------------------------------
    // Seeded random series

    static LongStream seeds() {
        return LongStream.range(0, 60);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void randomSeriesGiveValidChartsWithTheirFinitePoints(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        LineChart.Builder builder = LineChart.builder("seed " + seed).xLabel("x").yLabel("y")
                .size(random.nextInt(LineChart.MIN_WIDTH + 300, 1600), random.nextInt(LineChart.MIN_HEIGHT + 180, 900));
        int seriesCount = 1 + random.nextInt(LineChart.MAX_SERIES);
        int[] finite = new int[seriesCount];
        boolean epochs = random.nextBoolean();
        for (int s = 0; s < seriesCount; s++) {
            int n = random.nextInt(4) == 0 ? random.nextInt(2) : random.nextInt(60);
            double[] x = new double[n];
            double[] y = new double[n];
            int exponent = random.nextInt(-300, 300);
            double offset = random.nextInt(3) == 0 ? random.nextDouble(-1e3, 1e3) * Math.pow(10, exponent) : 0;
            for (int i = 0; i < n; i++) {
                x[i] = epochs ? i + 1 : AxisTest.randomValue(random);
                y[i] = switch (random.nextInt(20)) {
                    case 0 -> NAN;
                    case 1 -> random.nextBoolean() ? INF : -INF;
                    case 2 -> AxisTest.randomValue(random);
                    default -> offset + random.nextGaussian() * Math.pow(10, exponent);
                };
                if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                    finite[s]++;
                }
            }
            String name = "s" + s + (random.nextBoolean() ? " <&\"'>" : "");
            if (epochs) {
                builder.series(name, y);
            } else {
                builder.series(name, x, y);
            }
        }
        LineChart chart = builder.build();

        Element doc = assertValid(chart);

        List<Element> series = withClass(doc, "g", "series");
        int drawn = 0;
        for (int s = 0; s < seriesCount; s++) {
            if (finite[s] == 0) {
                continue;
            }
            Element group = series.get(drawn++);
            assertThat(elements(group, "title").get(0).text()).startsWith("s" + s);
            assertThat(pointCount(elements(group, "polyline").get(0))).isEqualTo(finite[s]);
            assertThat(elements(group, "circle")).hasSize(finite[s]);
        }
        assertThat(series).hasSize(drawn);
        assertThat(texts(withClass(doc, "g", "legend").get(0))).hasSize(seriesCount);
    }

    // ---------------------------------------------------------------------------------------------
    // Side by side

    @Test
    void rowPutsChartsSideBySide() {
        LineChart loss = trainingCurves();
        LineChart accuracy = LineChart.builder("Accuracy").size(500, 460)
                .series("training", new double[] {0.5, 0.8, 0.9}).build();

        String svg = LineChart.rowToSvg(List.of(loss, accuracy));
        Element doc = parse(svg);

        Element root = doc;
        assertThat(attr(root, "width")).isEqualTo(640 + 500);
        assertThat(attr(root, "height")).isEqualTo(460);
        List<Element> panels = withClass(doc, "g", "chart");
        assertThat(panels).extracting(p -> p.attr("transform"))
                .containsExactly("translate(0,0)", "translate(640,0)");
        assertThat(elements(panels.get(0), "polyline")).hasSize(2);
        assertThat(elements(panels.get(1), "polyline")).hasSize(1);
        assertThat(elements(doc, "title").get(0).text()).isEqualTo("Loss | Accuracy");
        assertNumbersFinite(root);
        assertMarksInsidePlotArea(doc);
        assertThat(LineChart.rowToSvg(List.of(loss, accuracy))).isEqualTo(svg);
        assertThat(LineChart.rowToSvg(List.of(loss))).isEqualTo(loss.toSvg());
    }

    // ---------------------------------------------------------------------------------------------
    // Files

    @Test
    void writeToWritesTheSvgInUtf8AndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        LineChart chart = LineChart.builder("Verlust ‹ä›").series("📉", new double[] {1, 2}).build();
        Path file = dir.resolve("loss.svg");
        Files.writeString(file, "an older chart, replaced");

        chart.writeTo(file);

        assertThat(Files.readAllBytes(file)).isEqualTo(chart.toSvg().getBytes(StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void writeRowToWritesTheRow(@TempDir Path dir) throws IOException {
        List<LineChart> charts = List.of(trainingCurves(), trainingCurves());
        Path file = dir.resolve("curves.svg");

        LineChart.writeRowTo(charts, file);

        assertThat(Files.readString(file)).isEqualTo(LineChart.rowToSvg(charts));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void writeToAMissingFolderFailsAndLeavesNothing(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("missing").resolve("loss.svg");

        assertThatThrownBy(() -> trainingCurves().writeTo(file)).isInstanceOf(NoSuchFileException.class);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Refused arguments

    @Test
    void nullArgumentsNameTheParameter() {
        LineChart.Builder builder = LineChart.builder("t");
        double[] y = {1};

        assertThatNullPointerException().isThrownBy(() -> LineChart.builder(null)).withMessage("title");
        assertThatNullPointerException().isThrownBy(() -> builder.xLabel(null)).withMessage("xLabel");
        assertThatNullPointerException().isThrownBy(() -> builder.yLabel(null)).withMessage("yLabel");
        assertThatNullPointerException().isThrownBy(() -> builder.series(null, y)).withMessage("name");
        assertThatNullPointerException().isThrownBy(() -> builder.series("a", null)).withMessage("y");
        assertThatNullPointerException().isThrownBy(() -> builder.series("a", null, y)).withMessage("x");
        assertThatNullPointerException().isThrownBy(() -> builder.series("a", y, null)).withMessage("y");
        assertThatNullPointerException().isThrownBy(() -> trainingCurves().writeTo(null)).withMessage("file");
        assertThatNullPointerException().isThrownBy(() -> LineChart.rowToSvg(null)).withMessage("charts");
        assertThatNullPointerException().isThrownBy(() -> LineChart.rowToSvg(Arrays.asList(trainingCurves(), null)))
                .withMessage("charts[1]");
        assertThatNullPointerException().isThrownBy(() -> LineChart.writeRowTo(List.of(trainingCurves()), null))
                .withMessage("file");
    }

    @Test
    void aChartNeedsASeries() {
        assertThatIllegalArgumentException().isThrownBy(() -> LineChart.builder("Loss").build())
                .withMessage("build: chart \"Loss\" has no series; add one with series(name, y)");
    }

    @Test
    void rowNeedsAChart() {
        assertThatIllegalArgumentException().isThrownBy(() -> LineChart.rowToSvg(List.of()))
                .withMessageContaining("no charts");
    }

    @ParameterizedTest
    @MethodSource("badSizes")
    void sizeOutOfRangeIsRefused(int width, int height) {
        assertThatIllegalArgumentException().isThrownBy(() -> LineChart.builder("t").size(width, height))
                .withMessageStartingWith("size: " + width + "×" + height + " is out of range");
    }

    static Stream<Arguments> badSizes() {
        return Stream.of(Arguments.of(0, 400), Arguments.of(-640, 400), Arguments.of(239, 400),
                Arguments.of(640, 199), Arguments.of(10_001, 400), Arguments.of(640, Integer.MAX_VALUE));
    }

    @Test
    void minimumSizeHoldsAChartWithLabels() {
        assertValid(LineChart.builder("Loss").xLabel("epoch").yLabel("loss").size(240, 200)
                .series("training", new double[] {3, 2, 1}).series("validation", new double[] {3, 2.5, 2}).build());
    }

    @Test
    void sizeTooSmallForTheLegendIsRefused() {
        LineChart.Builder builder = LineChart.builder("crowded").xLabel("x").yLabel("y").size(240, 200);
        for (int i = 0; i < LineChart.MAX_SERIES; i++) {
            builder.series("series number " + i, new double[] {i});
        }

        assertThatIllegalArgumentException().isThrownBy(builder::build)
                .withMessageContaining("leaves").withMessageContaining("of height for the plot")
                .withMessageContaining("make it larger");
    }

    @Test
    void seriesMustPairUpBeNamedUniquelyAndFitThePalette() {
        LineChart.Builder builder = LineChart.builder("t").series("a", new double[] {1});

        assertThatIllegalArgumentException().isThrownBy(() -> builder.series("b", new double[2], new double[3]))
                .withMessage("series 1: x has 2 values but y has 3; they must pair up");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.series("a", new double[] {2}))
                .withMessage("series 1: series 0 has the same name; names must be unique");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.series("", new double[] {2}))
                .withMessageContaining("the name is empty");
        for (int i = 1; i < LineChart.MAX_SERIES; i++) {
            builder.series("s" + i, new double[] {i});
        }
        assertThatIllegalArgumentException().isThrownBy(() -> builder.series("ninth", new double[] {9}))
                .withMessage("series 8: a chart holds at most 8 series, one per palette colour");
    }
}
