package io.github.backprop4j.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.backprop4j.examples.SeedExample;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.Activation;
import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.ReLU;
import io.github.backprop4j.nn.Softmax;
import io.github.backprop4j.optim.SgdOptimizer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The trace page as text, without a browser: self-contained, one stage per computed entry, the embedded
 * numbers exact and windowed, text escaped, and the colours of its style sheet legible. TraceHtmlBrowserTest
 * renders it in Chromium.
 */
class TraceHtmlTest {

    /** One entry of the page's JSON: its key, shape, the indices shown and the values at them. */
    record Embedded(String key, int rows, int cols, int[] rowIndex, int[] colIndex, double[][] values) {
    }

    private static final Pattern EMBEDDED = Pattern.compile("\\{\"key\": \"([^\"]+)\".*?\"rows\": (\\d+), \"cols\": (\\d+),\\n"
            + " {5}\"rowIndex\": \\[([^\\]]*)\\], \"colIndex\": \\[([^\\]]*)\\],\\n {5}\"values\": \\[(.*?)\\]\\}", Pattern.DOTALL);

    /** Every entry of the trace's JSON embedded in a page, derived ones included, by key. */
    static Map<String, Embedded> embedded(String page) {
        String json = page.substring(page.indexOf("<script type=\"application/json\" id=\"trace-data\">"),
                page.indexOf("<script type=\"application/json\" id=\"page-data\">"));
        Map<String, Embedded> entries = new LinkedHashMap<>();
        Matcher m = EMBEDDED.matcher(json);
        while (m.find()) {
            int[] rows = ints(m.group(4));
            int[] cols = ints(m.group(5));
            String[] rowTexts = m.group(6).substring(1, m.group(6).length() - 1).split("\\], \\[");
            double[][] values = new double[rowTexts.length][];
            for (int i = 0; i < rowTexts.length; i++) {
                values[i] = Arrays.stream(rowTexts[i].split(", ")).mapToDouble(s -> Double.parseDouble(s.replace("\"", "")))
                        .toArray();
            }
            entries.put(m.group(1), new Embedded(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    rows, cols, values));
        }
        return entries;
    }

    private static int[] ints(String list) {
        return Arrays.stream(list.split(", ")).mapToInt(Integer::parseInt).toArray();
    }

    static BackpropTrace seedStep() {
        return BackpropTrace.step(SeedExample.network(), SeedExample.x(), SeedExample.y(),
                new SgdOptimizer(SeedExample.LEARNING_RATE));
    }

    /** The large case: 784-256-128-10 with softmax and cross-entropy, one SGD step on 64 samples. */
    static BackpropTrace largeStep() {
        Network net = Network.builder().input(784).dense(256, new ReLU()).dense(128, new ReLU()).dense(10, new Softmax())
                .loss(new CrossEntropy()).threads(1).build(new SplittableRandom(5));
        Matrix y = Matrix.zeros(64, 10);
        for (int i = 0; i < 64; i++) {
            y.set(i, i % 10, 1);
        }
        SplittableRandom r = new SplittableRandom(3);
        Matrix x = Matrix.zeros(64, 784).fill(() -> r.nextDouble(0, 1));
        return BackpropTrace.step(net, x, y, new SgdOptimizer(0.01));
    }

    /** The keys of the stages: network, then every computed entry in the order of the step. */
    static List<String> stageIds(BackpropTrace trace) {
        List<String> ids = new ArrayList<>(List.of("network"));
        trace.entries().stream().filter(e -> !e.equation().endsWith("(given)")).map(TraceEntry::key).forEach(ids::add);
        return ids;
    }

    @Test
    void thePageIsOneSelfContainedFileWithAStagePerComputedEntry() {
        BackpropTrace trace = seedStep();
        String page = trace.toHtml();
        assertThat(page).startsWith("<!DOCTYPE html>\n<html lang=\"en\">").endsWith("</html>\n")
                .contains("<meta charset=\"utf-8\">", "<meta name=\"viewport\"", "<style>", trace.toSvg());
        // nothing is fetched, nothing is evaluated: the only URL is the SVG's namespace name
        assertThat(page.replace("xmlns=\"http://www.w3.org/2000/svg\"", ""))
                .doesNotContain("http:", "https:", "src=", "<link", "@import", "url(", "eval(", "fetch(",
                        "XMLHttpRequest", "new Function", "innerHTML", "document.write");
        Matcher sections = Pattern.compile("<section class=\"stage\" id=\"stage-(\\w+)\" data-stage=\"(\\w+)\"")
                .matcher(page);
        List<String> ids = new ArrayList<>();
        while (sections.find()) {
            assertThat(sections.group(2)).isEqualTo(sections.group(1));
            ids.add(sections.group(1));
        }
        assertThat(ids).containsExactlyElementsOf(stageIds(trace)).containsExactly("network", "Zh", "H", "Zo", "O",
                "C", "Eo", "dWo", "dBo", "Eh", "dWh", "dBh", "Wh_after", "Bh_after", "Wo_after", "Bo_after");
        for (String id : ids) {
            assertThat(page).as("the navigation links to stage %s", id).contains("<a href=\"#stage=" + id + "\"");
        }
        // each stage's equation and the matrices it uses, the result first
        assertThat(page).contains("<p class=\"equation\">Eh = (Eo · Woᵀ) ⊙ R′(Zh)</p>",
                "<p class=\"equation\">Zh = X·Wh + Bh</p>", "<p class=\"equation\">C′(Wh) = (1/n) · Xᵀ · Eh</p>",
                "<p class=\"equation\">Wo ← Wo − η · C′(Wo)</p>");
        String eh = page.substring(page.indexOf("id=\"stage-Eh\""), page.indexOf("id=\"stage-dWh\""));
        assertThat(figures(eh)).containsExactly("result Eh", "input Eo", "input Wo", "on-the-way back_Eh",
                "input Zh", "on-the-way dR_Zh");
        String zh = page.substring(page.indexOf("id=\"stage-Zh\""), page.indexOf("id=\"stage-H\""));
        assertThat(figures(zh)).containsExactly("result Zh", "input X", "input Wh", "input Bh");
        assertThat(page).contains("\"outputError\": \"squared\"", "\"plainUpdate\": true", "\"targetIndices\": false");
    }

    private static List<String> figures(String html) {
        Matcher m = Pattern.compile("<figure class=\"mat ([\\w-]+)\" data-key=\"(\\w+)\">").matcher(html);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1) + " " + m.group(2));
        }
        return found;
    }

    @Test
    void theEmbeddedNumbersAreTheTracesBitForBitAndTheDerivedOnesAreComputedFromThem() {
        BackpropTrace trace = seedStep();
        Map<String, Embedded> json = embedded(trace.toHtml());
        assertThat(json.keySet()).containsAll(trace.entries().stream().map(TraceEntry::key).toList())
                .contains("dR_Zh", "dR_Zo", "back_Eh").hasSize(trace.entries().size() + 3);
        for (TraceEntry e : trace.entries()) {
            assertSameValues(json.get(e.key()), e.value());
        }
        Matrix zh = trace.entry("Zh").value();
        assertSameValues(json.get("dR_Zh"), new ReLU().derivative(zh));
        assertSameValues(json.get("back_Eh"), trace.entry("Eo").value().timesTranspose(trace.entry("Wo").value()));
        // R′(Zh) ⊙ (Eo · Woᵀ) is Eh: the page's intermediate matrices make the recorded error
        assertThat(json.get("back_Eh").values()[2][0] * json.get("dR_Zh").values()[2][0]).isZero();
        assertThat(trace.entry("Eh").get(2, 0)).isZero();
    }

    static void assertSameValues(Embedded shown, Matrix expected) {
        assertThat(shown.rows()).isEqualTo(expected.rows());
        assertThat(shown.cols()).isEqualTo(expected.cols());
        assertThat(shown.rowIndex()).containsExactly(TraceJson.window(expected.rows()));
        assertThat(shown.colIndex()).containsExactly(TraceJson.window(expected.cols()));
        for (int i = 0; i < shown.rowIndex().length; i++) {
            for (int j = 0; j < shown.colIndex().length; j++) {
                double v = expected.get(shown.rowIndex()[i], shown.colIndex()[j]);
                assertThat(Double.doubleToRawLongBits(shown.values()[i][j])).as("%s[%d,%d]", shown.key(),
                        shown.rowIndex()[i], shown.colIndex()[j]).isEqualTo(Double.doubleToRawLongBits(v));
            }
        }
    }

    @Test
    void aLargeStepMakesASmallPageOfWindows() {
        BackpropTrace trace = largeStep();
        String page = trace.toHtml();
        // the whole trace in JSON is some 17 MB; the page shows a window of each matrix
        assertThat(page.getBytes(StandardCharsets.UTF_8).length).isLessThan(400_000);
        Map<String, Embedded> json = embedded(page);
        assertThat(json.get("Wh1").rowIndex()).containsExactly(0, 1, 2, 3, 780, 781, 782, 783);
        assertThat(json.get("Wh1").colIndex()).containsExactly(0, 1, 2, 3, 252, 253, 254, 255);
        assertThat(json.get("O").colIndex()).hasSize(10);
        for (TraceEntry e : trace.entries()) {
            assertSameValues(json.get(e.key()), e.value());
        }
        assertThat(json).containsKeys("dR_Zh1", "dR_Zh2", "back_Eh1", "back_Eh2").doesNotContainKey("dR_Zo");
        assertThat(page).contains("<span class=\"window\">showing rows 0–3 and 780–783 of 784; columns 0–3 and"
                + " 252–255 of 256</span>", "\"outputError\": \"fused\"", "<p class=\"equation\">Eo = O − y</p>");
        assertThat(stageIds(trace)).hasSize(23);
    }

    @Test
    void textIsEscapedAndTheDataCannotCloseItsScript() {
        Activation odd = Activation.elementwise("</script><b>&\"", z -> z, z -> 1);
        Network net = Network.builder().input(2).dense(2, odd).dense(1, new ReLU()).build(new SplittableRandom(1));
        String page = BackpropTrace.of(net, Matrix.of(1, 2, 0.5, -0.5), Matrix.of(1, 1, 1.0)).toHtml();
        assertThat(page).contains("&lt;/script&gt;&lt;b&gt;&amp;&quot;", "\\u003c/script>\\u003cb>&\\\"")
                .doesNotContain("</script><b>");
        assertThat(page.split("</script>", -1)).as("script elements closed").hasSize(5); // head, 2 data, main
        assertThat(TraceHtml.h("a\u0007b<")).isEqualTo("a\\u0007b&lt;");
    }

    @Test
    void nonFiniteNumbersReachTheScriptAsStrings() {
        Network net = Network.builder().input(1).dense(1, new ReLU()).build(new SplittableRandom(2));
        BackpropTrace trace = BackpropTrace.of(net, Matrix.of(1, 1, Double.POSITIVE_INFINITY), Matrix.of(1, 1, 0.0));
        String page = trace.toHtml();
        // JSON.parse reads no bare NaN or Infinity; the page's JSON quotes them, toJson keeps Python's form
        assertThat(page).contains("\"values\": [[\"Infinity\"]]").doesNotContain(": NaN", "[NaN", " Infinity]");
        assertThat(trace.toJson()).contains("[[Infinity]]");
    }

    // ------------------------------------------------------------ contrast

    /** Text and background pairs of the style sheet, each at least 4.5 : 1 (WCAG AA for text). */
    private static final List<String[]> TEXT_PAIRS = List.of(
            new String[] {"fg", "bg"}, new String[] {"fg", "panel"}, new String[] {"fg", "result-bg"},
            new String[] {"fg", "use-bg"}, new String[] {"fg", "stripe"}, new String[] {"fg", "current-bg"},
            new String[] {"muted", "bg"}, new String[] {"muted", "panel"}, new String[] {"muted", "result-bg"},
            new String[] {"accent", "bg"}, new String[] {"accent", "current-bg"},
            new String[] {"error-fg", "error-bg"});
    /** Borders and the focus ring against what they sit on, at least 3 : 1 (WCAG AA for graphics). */
    private static final List<String[]> GRAPHIC_PAIRS = List.of(
            new String[] {"line", "bg"}, new String[] {"accent", "bg"}, new String[] {"accent", "result-bg"},
            new String[] {"accent", "use-bg"});

    @Test
    void everyColourPairOfTheStyleSheetHasEnoughContrast() {
        String page = seedStep().toHtml();
        Map<String, String> colours = new LinkedHashMap<>();
        Matcher m = Pattern.compile("--([\\w-]+): (#[0-9a-f]{6});").matcher(page);
        while (m.find()) {
            colours.put(m.group(1), m.group(2));
        }
        assertThat(colours).hasSizeGreaterThanOrEqualTo(12);
        for (String[] pair : TEXT_PAIRS) {
            assertThat(contrast(colours.get(pair[0]), colours.get(pair[1]))).as("%s on %s", pair[0], pair[1])
                    .isGreaterThanOrEqualTo(4.5);
        }
        for (String[] pair : GRAPHIC_PAIRS) {
            assertThat(contrast(colours.get(pair[0]), colours.get(pair[1]))).as("%s on %s", pair[0], pair[1])
                    .isGreaterThanOrEqualTo(3.0);
        }
        // the formula itself: black on white is 21 : 1, and #767676 on white the well-known 4.54 : 1
        assertThat(contrast("#000000", "#ffffff")).isEqualTo(21.0);
        assertThat(contrast("#767676", "#ffffff")).isBetween(4.53, 4.55);
    }

    /** The WCAG 2 contrast ratio of two sRGB colours. */
    static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(String hex) {
        double[] weights = {0.2126, 0.7152, 0.0722};
        double l = 0;
        for (int k = 0; k < 3; k++) {
            double c = Integer.parseInt(hex.substring(1 + 2 * k, 3 + 2 * k), 16) / 255.0;
            l += weights[k] * (c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
        }
        return l;
    }

    @Test
    void aNameThatHtmlCannotHoldIsRefusedAsBySvg() {
        Activation bell = Activation.elementwise("bell\u0007", z -> z, z -> 1);
        Network net = Network.builder().input(1).dense(1, bell).build(new SplittableRandom(3));
        BackpropTrace trace = BackpropTrace.of(net, Matrix.of(1, 1, 1.0), Matrix.of(1, 1, 0.0));
        assertThatThrownBy(trace::toHtml).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+0007").hasMessageContaining("control character");
    }
}
