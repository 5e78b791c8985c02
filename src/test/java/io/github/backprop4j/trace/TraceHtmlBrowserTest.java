package io.github.backprop4j.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.backprop4j.internal.Decimals;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.CrossEntropy;
import io.github.backprop4j.nn.LeakyReLU;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.nn.ReLU;
import io.github.backprop4j.nn.Sigmoid;
import io.github.backprop4j.nn.Softmax;
import io.github.backprop4j.nn.Tanh;
import io.github.backprop4j.optim.Adam;
import java.util.SplittableRandom;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trace page in a real browser, headless Chromium (skipped, with the reason, where it is not installed):
 * every stage renders the trace's numbers, a cell explains itself from them, the keys, buttons, links and
 * the address move between the stages, no script error is logged, and a 784-256-128-10 step on a batch of
 * 64 renders its windows. Each test is one Chromium run; a small driver script appended to a copy of the
 * page presses the keys and reports what happened.
 */
class TraceHtmlBrowserTest {

    @TempDir
    Path work;

    /** Presses keys, clicks and focuses, and writes what the page did into {@code <pre id="driver">}. */
    private static final String DRIVER = """
            <script>
            (function () {
              const out = [];
              const key = k => document.dispatchEvent(new KeyboardEvent('keydown', {key: k, bubbles: true}));
              const state = () => document.querySelector('section.stage.current').dataset.stage + ' ' + location.hash;
              const why = id => Array.from(document.getElementById('why-' + id).children).map(s => s.textContent).join(' | ');
              out.push('start: ' + state());
              key('ArrowRight');
              out.push('right: ' + state());
              key('ArrowLeft');
              key('ArrowLeft');
              out.push('left twice: ' + state() + ' prev disabled ' + document.getElementById('prev').disabled);
              key('ArrowLeft');
              out.push('left at the start: ' + state());
              document.querySelector('nav a[data-stage="Eh"]').click();
              out.push('link: ' + state() + ' focus ' + document.activeElement.id);
              document.querySelector('#stage-Eh td[data-key="Eh"][data-r="2"][data-c="0"]').focus();
              out.push('focus: ' + state() + ' why ' + why('Eh'));
              key('ArrowRight');
              out.push('right from a cell: ' + state() + ' focus ' + document.activeElement.id);
              document.getElementById('next').click();
              out.push('next: ' + state());
              document.querySelector('a.skip').click();
              out.push('skip: ' + state() + ' focus ' + document.activeElement.id);
              document.querySelector('nav a[data-stage="Bo_after"]').click();
              out.push('last: ' + state() + ' next disabled ' + document.getElementById('next').disabled);
              key('ArrowRight');
              out.push('right at the end: ' + state());
              const pre = document.createElement('pre');
              pre.id = 'driver';
              pre.textContent = out.join('\\n');
              document.body.appendChild(pre);
            })();
            </script>
            """;

    private static final Pattern TD = Pattern.compile("<td([^>]*)>([^<]*)</td>");
    private static final Pattern ATTRIBUTE = Pattern.compile("([\\w-]+)=\"([^\"]*)\"");
    private static final Pattern SECTION = Pattern.compile("<section class=\"([^\"]*)\" id=\"stage-(\\w+)\"");
    private static final Pattern WHY = Pattern.compile("<output class=\"why\" id=\"why-(\\w+)\" data-cell=\"(\\d+),(\\d+)\">(.*?)</output>");
    private static final Pattern LINE = Pattern.compile("<span class=\"line\">(.*?)</span>");

    /** A number as the page shows it: the library's rounding to 4 digits, with a real minus sign. */
    private static String shown(double v) {
        return Decimals.significant(v, TraceHtml.DIGITS).replace('-', '−');
    }

    private static String text(String html) {
        return html.replaceAll("<[^>]*>", "").replace("&nbsp;", "\u00a0").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    private Chromium.Dump render(String page, String fragment, boolean driver) throws IOException, InterruptedException {
        Chromium.assumeInstalled();
        Path file = work.resolve("page.html");
        Files.writeString(file, driver ? page.replace("</body>", DRIVER + "</body>") : page, StandardCharsets.UTF_8);
        Chromium.Dump dump = Chromium.dumpDom(file, fragment, work);
        // no script error: none caught by the page, none in Chromium's log, and the script ran to its end
        assertThat(dump.dom()).contains("<div id=\"script-errors\" role=\"alert\" hidden=\"\"></div>")
                .contains("data-ready=\"true\"");
        assertThat(dump.log()).doesNotContain("Uncaught", "ERROR:CONSOLE");
        return dump;
    }

    /** The value of each cell of an entry or derived matrix, as the test computes it from the trace. */
    private static Map<String, Matrix> expectedValues(BackpropTrace trace) {
        Map<String, Matrix> values = new HashMap<>();
        for (TraceEntry e : trace.entries()) {
            values.put(e.key(), e.value());
        }
        for (int l = 0; l < trace.layers().size(); l++) {
            BackpropTrace.LayerTrace lt = trace.layers().get(l);
            if (trace.activation(l).isElementwise()) {
                values.put("dR_" + lt.weightedInput().key(), trace.activation(l).derivative(lt.weightedInput().value()));
            }
            if (l < trace.layers().size() - 1) {
                BackpropTrace.LayerTrace next = trace.layers().get(l + 1);
                values.put("back_" + lt.error().key(), next.error().value().timesTranspose(next.weights().value()));
            }
        }
        return values;
    }

    /** Checks every rendered cell against the trace; returns the number of cells of each key. */
    private static Map<String, Integer> checkCells(String dom, Map<String, Matrix> expected) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Matcher td = TD.matcher(dom);
        while (td.find()) {
            Map<String, String> a = new HashMap<>();
            Matcher attribute = ATTRIBUTE.matcher(td.group(1));
            while (attribute.find()) {
                a.put(attribute.group(1), attribute.group(2));
            }
            if (!a.containsKey("data-key")) {
                continue; // corner, ⋮ and …
            }
            String key = a.get("data-key");
            Matrix m = expected.get(key);
            assertThat(m).as("a matrix named %s", key).isNotNull();
            double v = m.get(Integer.parseInt(a.get("data-r")), Integer.parseInt(a.get("data-c")));
            String where = key + "[" + a.get("data-r") + "," + a.get("data-c") + "]";
            assertThat(Double.doubleToRawLongBits(Double.parseDouble(a.get("data-value")))).as(where)
                    .isEqualTo(Double.doubleToRawLongBits(v));
            assertThat(td.group(2)).as(where).isEqualTo(shown(v));
            counts.merge(key, 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void everyStageOfTheSeedPageShowsTheTracesNumbersAndExplainsThem() throws Exception {
        BackpropTrace trace = TraceHtmlTest.seedStep();
        String dom = render(trace.toHtml(), "#stage=Zh&cell=1,0", true).dom();

        // every stage is there, the one the address names is shown
        Matcher section = SECTION.matcher(dom);
        List<String> stages = new ArrayList<>();
        List<String> current = new ArrayList<>();
        while (section.find()) {
            stages.add(section.group(2));
            if (section.group(1).contains("current")) {
                current.add(section.group(2));
            }
        }
        assertThat(stages).containsExactlyElementsOf(TraceHtmlTest.stageIds(trace));

        // every number shown is the trace's, and each stage shows its whole result (the seed is small)
        Map<String, Integer> counts = checkCells(dom, expectedValues(trace));
        for (TraceEntry e : trace.entries()) {
            assertThat(counts.get(e.key())).as("cells of %s on the page", e.key()).isGreaterThanOrEqualTo(e.rows() * e.cols());
        }
        assertThat(counts).containsKeys("dR_Zh", "dR_Zo", "back_Eh");

        // every stage explains a cell: the address's one for Zh, the first one for the others
        Matcher why = WHY.matcher(dom);
        Map<String, List<String>> explanations = new HashMap<>();
        while (why.find()) {
            String id = why.group(1);
            int r = Integer.parseInt(why.group(2));
            int c = Integer.parseInt(why.group(3));
            List<String> lines = new ArrayList<>();
            Matcher line = LINE.matcher(why.group(4));
            while (line.find()) {
                lines.add(text(line.group(1)));
            }
            assertThat(lines.get(lines.size() - 1)).as("the last line of %s's explanation", id)
                    .endsWith(shown(trace.entry(id).get(r, c)));
            assertThat(text(why.group(4))).contains("Exact value: ");
            explanations.put(id + "[" + r + "," + c + "]", lines);
        }
        assertThat(explanations).hasSize(stages.size() - 1);
        assertThat(explanations.get("Zh[1,0]")).containsExactly("Zh[1,0] = X[1,0]·Wh[0,0] + Bh[0,0]",
                "= 2·0.5 + 0.1", "= 1.1");
        assertThat(explanations.get("Zo[0,0]")).containsExactly("Zo[0,0] = H[0,0]·Wo[0,0] + H[0,1]·Wo[1,0] + Bo[0,0]",
                "= 0.6·0.7 + 0·0.4 + (−0.1)", "= 0.32");
        assertThat(explanations.get("Eo[0,0]")).containsExactly("Eo[0,0] = (O[0,0] − y[0,0]) · R′(Zo[0,0])",
                "= (0.32 − 0.5) · R′(0.32)", "= (−0.18) · 1", "= −0.18");
        assertThat(explanations.get("dWh[0,0]")).containsExactly(
                "C′(Wh)[0,0] = (1/n) · (X[0,0]·Eh[0,0] + X[1,0]·Eh[1,0] + X[2,0]·Eh[2,0])",
                "= (1/3) · (1·(−0.126) + 2·0.259 + (−1)·0)", "= (1/3) · 0.392", "= 0.1307");
        assertThat(explanations.get("C[0,0]")).containsExactly("C = 1/(2n) · Σᵢ Σₖ (O[i,k] − y[i,k])²",
                "= 1/(2·3) · ((0.32 − 0.5)² + (0 − 0.2)² + (0.67 − 0.3)² + (0 − (−0.1))² + (0.3 − 0.1)² + (0.95 − 1.2)²)"
                        .replace(" − ", "\u00a0−\u00a0"),
                "= 1/6 · 0.3218", "= 0.05363");
        assertThat(explanations.get("Wh_after[0,0]")).containsExactly("Wh[0,0] ← Wh[0,0] − η · C′(Wh)[0,0]",
                "= 0.5 − 0.1 · 0.1307", "= 0.4869");
        // the cells the explanation of Zh[1,0] uses are marked, the cell itself framed
        assertThat(dom).contains("data-key=\"X\" data-r=\"1\" data-c=\"0\" data-value=\"2\" class=\"use\"",
                "data-key=\"Wh\" data-r=\"0\" data-c=\"0\" data-value=\"0.5\" class=\"use\"",
                "data-key=\"Bh\" data-r=\"0\" data-c=\"0\" data-value=\"0.1\" class=\"use\"",
                "data-key=\"Zh\" data-r=\"1\" data-c=\"0\" data-value=\"1.1\" tabindex=\"0\" class=\"cur\"");

        // the keys, the buttons, the links and the address
        Matcher driver = Pattern.compile("<pre id=\"driver\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        assertThat(driver.find()).isTrue();
        assertThat(text(driver.group(1)).split("\n")).containsExactly(
                "start: Zh #stage=Zh&cell=1,0",
                "right: H #stage=H",
                "left twice: network #stage=network prev disabled true",
                "left at the start: network #stage=network",
                "link: Eh #stage=Eh focus title-Eh",
                "focus: Eh #stage=Eh&cell=2,0 why Eh[2,0] = (Eo[2,0]·Wo[0,0] + Eo[2,1]·Wo[0,1]) · R′(Zh[2,0])"
                        + " | = (0.2·0.7 + (−0.25)·(−0.3)) · R′(−0.4) | = 0.215 · 0 | = 0"
                        + " | (Eo · Woᵀ)[2,0] is row 2 of Eo times row 0 of Wo (a column of Woᵀ)."
                        + " | R′(Zh[2,0]) = 0 because Zh[2,0] = −0.4 ≤ 0: the unit was off for this sample, so this"
                        + " error is 0 whatever comes back to it. | Exact value: 0",
                "right from a cell: dWh #stage=dWh focus title-dWh",
                "next: dBh #stage=dBh",
                "skip: dBh #stage=dBh focus title-dBh",
                "last: Bo_after #stage=Bo_after next disabled true",
                "right at the end: Bo_after #stage=Bo_after");
        assertThat(current).containsExactly("Bo_after"); // one stage shown, where the driver left it
    }

    @Test
    void aLargeNetworksPageRendersAWindowOfEachMatrix() throws Exception {
        BackpropTrace trace = TraceHtmlTest.largeStep();
        String page = trace.toHtml();
        assertThat(page.getBytes(StandardCharsets.UTF_8).length).isLessThan(400_000);
        String dom = render(page, "#stage=Eh1&cell=60,255", false).dom();
        assertThat(dom).contains("<section class=\"stage current\" id=\"stage-Eh1\"");
        Map<String, Integer> counts = checkCells(dom, expectedValues(trace));
        // 8×8 of Wh1 (784×256) in each of the three stages that show it
        assertThat(counts.get("Wh1")).isEqualTo(3 * 64);
        assertThat(counts).containsKeys("dR_Zh1", "back_Eh1", "Wh1_after");
        Matcher why = WHY.matcher(dom);
        String eh1 = null;
        while (why.find()) {
            if (why.group(1).equals("Eh1")) {
                assertThat(why.group(2) + "," + why.group(3)).isEqualTo("60,255");
                eh1 = text(why.group(4));
            }
        }
        assertThat(eh1).startsWith("Eh1[60,255] = (Σₖ Eh2[60,k]·Wh2[255,k]) · R′(Zh1[60,255])")
                .contains("⟨120 more terms: ").contains("= " + shown(trace.entry("Eh1").get(60, 255)));
        assertThat(dom).doesNotContain("data-r=\"4\""); // every axis of more than 10 shows 0–3, then its last 4
        int renderMs = Integer.parseInt(dom.replaceAll("(?s).*data-render-ms=\"(\\d+)\".*", "$1"));
        assertThat(renderMs).as("milliseconds the script took to draw the page").isLessThan(5_000);
    }

    /** The explanation of each stage's cell on the page, by {@code key[r,c]}: its lines and notes. */
    private static Map<String, String> explanations(String dom) {
        Map<String, String> found = new HashMap<>();
        Matcher why = WHY.matcher(dom);
        while (why.find()) {
            found.put(why.group(1) + "[" + why.group(2) + "," + why.group(3) + "]", text(why.group(4).replace("</span>", " | ")));
        }
        return found;
    }

    @Test
    void dropoutSigmoidAndAdamRenderTheirOwnExplanations() throws Exception {
        Network net = Network.builder().input(3).dense(6, new ReLU()).dropout(0.5).dense(2, new Sigmoid())
                .threads(1).build(new SplittableRandom(3));
        BackpropTrace trace = BackpropTrace.step(net, BackpropTraceTest.random(4, 3, 4), BackpropTraceTest.random(4, 2, 5),
                Adam.builder().learningRate(0.01).build());
        String dom = render(trace.toHtml(), "#stage=Mh", false).dom();
        checkCells(dom, expectedValues(trace));
        Map<String, String> why = explanations(dom);
        assertThat(why).hasSize(TraceHtmlTest.stageIds(trace).size() - 1);
        double m = trace.entry("Mh").get(0, 0);
        assertThat(why.get("Mh[0,0]")).startsWith("Mh[0,0] = " + shown(m) + " | " + (m == 0 ? "Dropped" : "Kept"));
        assertThat(why.get("H[0,0]")).startsWith("H[0,0] = R(Zh[0,0]) · Mh[0,0] | = max(0, ");
        assertThat(why.get("O[0,0]")).startsWith("O[0,0] = σ(Zo[0,0]) | = 1/(1 + e^");
        assertThat(why.get("Eo[0,0]")).startsWith("Eo[0,0] = (O[0,0] − y[0,0]) · σ′(Zo[0,0])");
        assertThat(why.get("Eh[0,0]")).startsWith("Eh[0,0] = (Eo[0,0]·Wo[0,0] + Eo[0,1]·Wo[0,1]) · Mh[0,0] · R′(Zh[0,0])");
        assertThat(why.get("Wo_after[0,0]")).startsWith("Wo[0,0] ← Wo[0,0] + its step | = ").contains("Adam");
    }

    @Test
    void classIndicesAndATraceWithoutAStepRenderToo() throws Exception {
        Network net = Network.builder().input(2).dense(3, new Tanh()).dense(3, new LeakyReLU(0.1))
                .dense(4, new Softmax()).loss(new CrossEntropy()).threads(1).build(new SplittableRandom(6));
        BackpropTrace trace = BackpropTrace.of(net, BackpropTraceTest.random(3, 2, 7), Matrix.column(2, 0, 3));
        String dom = render(trace.toHtml(), "#stage=Eo&cell=0,2", false).dom();
        assertThat(dom).contains("<section class=\"stage current\" id=\"stage-Eo\"");
        checkCells(dom, expectedValues(trace));
        Map<String, String> why = explanations(dom);
        assertThat(why).hasSize(TraceHtmlTest.stageIds(trace).size() - 1).doesNotContainKey("Wo_after[0,0]");
        assertThat(why.get("Eo[0,2]")).startsWith("Eo[0,2] = O[0,2] − [y[0,0] = 2] | = ").contains(" − 1 | ",
                "is 1 if sample 0 is of class 2");
        assertThat(why.get("C[0,0]")).startsWith("C = −(1/n) · Σᵢ log O[i,y[i,0]] | = −(1/3) · (log ");
        assertThat(why.get("H1[0,0]")).startsWith("H1[0,0] = tanh(Zh1[0,0]) | = tanh(");
        assertThat(why.get("Eh1[0,0]")).contains("tanh′(Zh1[0,0])");
    }

    @Test
    void labelSmoothingExplainsTheSmoothedTarget() throws Exception {
        Network net = Network.builder().input(2).dense(3, new Tanh()).dense(3, new Softmax())
                .loss(new CrossEntropy(0.25)).threads(1).build(new SplittableRandom(6));
        BackpropTrace trace = BackpropTrace.of(net, BackpropTraceTest.random(2, 2, 7), Matrix.column(2, 0));
        String dom = render(trace.toHtml(), "#stage=Eo&cell=0,2", false).dom();
        checkCells(dom, expectedValues(trace));
        Map<String, String> why = explanations(dom);
        double o = trace.entry("O").get(0, 2);
        // y′[0,2] = (1 − 0.25)·1 + 0.25/3
        assertThat(why.get("Eo[0,2]")).startsWith("Eo[0,2] = O[0,2] − y′[0,2] | = " + shown(o) + " − "
                + shown(0.75 + 0.25 / 3)).contains("y′[0,2] = (1 − ε)·[y[0,0] = 2] + ε/k = (1 − 0.25)·1 + 0.25/3");
        assertThat(why.get("C[0,0]")).startsWith("C = ").contains("label smoothing ε = 0.25");
    }
}
