package io.github.backprop4j.trace;

import io.github.backprop4j.internal.Svg;
import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.Activation;
import io.github.backprop4j.nn.CrossEntropy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The trace as one self-contained HTML page (see {@link BackpropTrace#toHtml()}). This class writes the
 * words and the structure: a section per stage with its equation, a note, and a figure per matrix it
 * uses; the trace's JSON ({@link TraceJson#writeWindowed}) carries the numbers; the script
 * ({@code trace-page.js}, beside this class) fills the matrices in, explains a cell from the numbers, and
 * moves between the stages. The style sheet is {@code trace-page.css}. Nothing is fetched: no CDN, no
 * font, no image.
 *
 * <p>Besides the trace's entries the page shows two matrices that the equations of the errors hold but
 * the trace does not keep: R′(Z) of each layer whose error has that factor, and the error weighted back,
 * E·Wᵀ of the layer after, of each hidden layer. Both are computed here from the trace's values, with
 * the library's own operations.
 */
final class TraceHtml {

    /** Significant digits of the numbers shown; the script reads it from the page's data. */
    static final int DIGITS = 4;

    private static final String SCRIPT = resource("trace-page.js");
    private static final String STYLE = resource("trace-page.css");
    /** Runs first: hides the stages until the script shows one, and shows any script error on the page. */
    private static final String HEAD_SCRIPT = "document.documentElement.classList.add('js');"
            + "window.onerror=function(m,s,l){var e=document.getElementById('script-errors');"
            + "if(e){e.hidden=false;e.textContent+='Script error: '+m+' (line '+l+'). ';}};";

    private final BackpropTrace trace;
    private final List<BackpropTrace.LayerTrace> layers;
    /** Per layer: R′(Z) where its error's equation has that factor, else null. */
    private final TraceEntry[] derivative;
    /** Per hidden layer: E·Wᵀ of the layer after; null for the output layer. */
    private final TraceEntry[] back;
    private final List<Step> steps = new ArrayList<>();

    /** A matrix shown in a stage, and its part there: given, input, on the way, or result. */
    private record Shown(TraceEntry entry, String role) {
    }

    /** A stage: its id (the result's key), the script's kind of explanation, and what it shows. */
    private record Step(String id, String kind, int layer, String phase, TraceEntry result, String note,
                        List<Shown> shown) {
    }

    private TraceHtml(BackpropTrace trace) {
        this.trace = trace;
        this.layers = trace.layers();
        int count = layers.size();
        this.derivative = new TraceEntry[count];
        this.back = new TraceEntry[count];
        Notation.OutputError form = Notation.OutputError.of(trace.lossFunction());
        for (int l = 0; l < count; l++) {
            BackpropTrace.LayerTrace lt = layers.get(l);
            Activation a = trace.activation(l);
            String z = lt.weightedInput().name();
            boolean hasFactor = !Notation.timesDerivative(a, z).isEmpty() && a.isElementwise();
            if (hasFactor && (l < count - 1 || form != Notation.OutputError.FUSED)) {
                String name = Notation.symbol(a) + "′(" + z + ")";
                derivative[l] = TraceEntry.computed("dR_" + lt.weightedInput().key(), name, name,
                        derivativeMeaning(a, z), Stage.BACKWARD, l, a.derivative(lt.weightedInput().matrix()));
            }
            if (l < count - 1) {
                BackpropTrace.LayerTrace next = layers.get(l + 1);
                String name = next.error().name() + " · " + next.weights().name() + "ᵀ";
                // (E_next · W_nextᵀ)[i,j] = Σₖ E_next[i,k] · W_next[j,k]
                Matrix weighted = next.error().matrix().timesTranspose(next.weights().matrix());
                back[l] = TraceEntry.computed("back_" + lt.error().key(), name, name, next.error().name()
                        + " weighted back through " + next.weights().name(), Stage.BACKWARD, l, weighted);
            }
        }
        planSteps();
    }

    static String render(BackpropTrace trace) {
        return new TraceHtml(trace).page();
    }

    // ------------------------------------------------------------ the stages

    private void planSteps() {
        List<Shown> given = new ArrayList<>(List.of(new Shown(trace.entry("X"), "given")));
        for (BackpropTrace.LayerTrace lt : layers) {
            given.add(new Shown(lt.weights(), "given"));
            given.add(new Shown(lt.biases(), "given"));
        }
        given.add(new Shown(trace.entry("y"), "given"));
        steps.add(new Step("network", "network", -1, "Start", null, "The step starts from these values: X holds"
                + " one sample per row; each W has one row per input and one column per unit of its layer; each B"
                + " one bias per unit, added to every sample; y holds the targets. Go on with Next → or the → key.",
                given));
        for (TraceEntry e : trace.entries()) {
            if (e.equation().endsWith("(given)")) {
                continue; // X, y and W, B before the step: shown in the first stage and where they are used
            }
            if (e.key().equals("C")) {
                steps.add(costStep(e));
                continue;
            }
            BackpropTrace.LayerTrace lt = layers.get(e.layer());
            if (e == lt.weightedInput()) {
                steps.add(step(e, "Z", "Forward", e.name() + "[i,j] is sample i's weighted input to unit j: row i of "
                        + lt.input().name() + " times column j of " + lt.weights().name() + ", plus the bias "
                        + lt.biases().name() + "[0,j], the same for every sample.",
                        input(lt.input()), input(lt.weights()), input(lt.biases())));
            } else if (e == lt.mask()) {
                steps.add(step(e, "M", "Forward", "Dropout: each element is 0 with probability p = " + lt.dropout()
                        + " (the unit is dropped for that sample), else 1/(1 − p), so that the activations keep"
                        + " their expected value."));
            } else if (e == lt.activations()) {
                steps.add(activationStep(e, lt));
            } else if (e == lt.error()) {
                steps.add(errorStep(e, lt));
            } else if (e == lt.weightGradient()) {
                steps.add(step(e, "dW", "Backward", "The gradient of a weight is the input it multiplied times the"
                        + " error of the unit it feeds, averaged over the n = " + trace.samples() + " samples: "
                        + e.name() + "[k,j] = (1/n) · Σᵢ " + lt.input().name() + "[i,k] · " + lt.error().name()
                        + "[i,j].", input(lt.input()), input(lt.error())));
            } else if (e == lt.biasGradient()) {
                steps.add(step(e, "dB", "Backward", "A bias is added to every sample, so its gradient is the mean"
                        + " of its unit's error over the batch: " + e.name() + "[0,j] = (1/n) · Σᵢ "
                        + lt.error().name() + "[i,j].", input(lt.error())));
            } else if (e == lt.weightsAfter()) {
                steps.add(step(e, "W", "Update", updateNote(e), input(lt.weights()), input(lt.weightGradient())));
            } else if (e == lt.biasesAfter()) {
                steps.add(step(e, "B", "Update", updateNote(e), input(lt.biases()), input(lt.biasGradient())));
            }
        }
    }

    /** A stage that shows its result first, then what it is made from, in the order of the equation. */
    private Step step(TraceEntry result, String kind, String phase, String note, Shown... inputs) {
        List<Shown> shown = new ArrayList<>(List.of(new Shown(result, "result")));
        shown.addAll(List.of(inputs));
        return new Step(result.key(), kind, result.layer(), phase, result, note, shown);
    }

    private static Shown input(TraceEntry e) {
        return new Shown(e, "input");
    }

    private Step activationStep(TraceEntry a, BackpropTrace.LayerTrace lt) {
        String z = lt.weightedInput().name();
        String note = switch (lt.activation()) {
            case "relu" -> "ReLU keeps a positive value and turns anything else into 0: where " + z
                    + " ≤ 0 the unit is off for that sample.";
            case "sigmoid" -> "The sigmoid σ(z) = 1/(1 + e^(−z)) squashes every element into (0, 1).";
            case "tanh" -> "tanh squashes every element into (−1, 1).";
            case "softmax" -> "Softmax turns each row into probabilities: e^z of each element over the sum of"
                    + " e^z of its row.";
            default -> "The activation " + lt.activation() + " is applied to every element of " + z + ".";
        };
        if (lt.mask() != null) {
            note += " Then each element is multiplied by the dropout mask " + lt.mask().name() + ".";
        }
        if (lt == layers.get(layers.size() - 1)) {
            note += " " + a.name() + " is the prediction ŷ.";
        }
        return lt.mask() == null ? step(a, "A", "Forward", note, input(lt.weightedInput()))
                : step(a, "A", "Forward", note, input(lt.weightedInput()), input(lt.mask()));
    }

    private Step costStep(TraceEntry c) {
        String o = layers.get(layers.size() - 1).activations().name();
        String note = switch (trace.lossName()) {
            case "mse" -> "Half the squared difference of every prediction from its target, summed over the"
                    + " outputs and averaged over the n = " + trace.samples() + " samples.";
            case "cross-entropy" -> "Minus the log of the probability " + o + " gives the right class, averaged"
                    + " over the n = " + trace.samples() + " samples.";
            default -> "The " + trace.lossName() + " cost of the prediction " + o + ", averaged over the n = "
                    + trace.samples() + " samples.";
        };
        return step(c, "C", "Cost", note, input(layers.get(layers.size() - 1).activations()),
                input(trace.entry("y")));
    }

    private Step errorStep(TraceEntry e, BackpropTrace.LayerTrace lt) {
        int l = e.layer();
        TraceEntry r = derivative[l];
        String off = r == null || !lt.activation().equals("relu") ? "" : " Where " + lt.weightedInput().name()
                + " ≤ 0, " + r.name() + " is 0: the unit was off, and it passes no error back.";
        List<Shown> inputs = new ArrayList<>();
        String note;
        if (l == layers.size() - 1) {
            Notation.OutputError form = Notation.OutputError.of(trace.lossFunction());
            note = switch (form) {
                case FUSED -> "With " + trace.lossName() + " the derivative of the cost and that of the output"
                        + " activation cancel to the difference of the prediction from the target.";
                case SQUARED -> "How far each prediction is from its target, times the slope of the output"
                        + " activation." + off;
                case GENERAL -> "The derivative of the cost with respect to each prediction, times the slope"
                        + " of the output activation.";
            };
            inputs.add(input(lt.activations()));
            inputs.add(input(trace.entry("y")));
        } else {
            BackpropTrace.LayerTrace next = layers.get(l + 1);
            note = "The error of the layer after, " + next.error().name() + ", is weighted back through the weights"
                    + " that carried this layer's activations forward: row i of " + next.error().name()
                    + " times row j of " + next.weights().name() + "." + off;
            inputs.add(input(next.error()));
            inputs.add(input(next.weights()));
            inputs.add(new Shown(back[l], "on the way"));
        }
        if (lt.mask() != null && l < layers.size() - 1) {
            inputs.add(input(lt.mask()));
        }
        if (r != null) {
            inputs.add(input(lt.weightedInput()));
            inputs.add(new Shown(r, "on the way"));
        }
        return step(e, l == layers.size() - 1 ? "Eo" : "Eh", "Backward", note, inputs.toArray(new Shown[0]));
    }

    private String updateNote(TraceEntry after) {
        return isPlainStep(after)
                ? "Gradient descent: every parameter moves against its gradient, by η = " + trace.learningRate()
                + " times it."
                : "The optimizer " + trace.optimizer() + " turns the gradient (and what it remembers of earlier"
                + " steps) into the step each parameter takes.";
    }

    /** Whether the recorded equation is plain gradient descent, W ← W − η · C′(W). */
    private static boolean isPlainStep(TraceEntry after) {
        return after.equation().contains(" − η · C′(");
    }

    private static String derivativeMeaning(Activation a, String z) {
        return switch (a.name()) {
            case "relu" -> "the slope of ReLU at each element of " + z + ": 1 where " + z + " > 0, else 0";
            case "leaky-relu" -> "the slope of leaky ReLU at each element of " + z + ": 1 where " + z
                    + " > 0, else α";
            case "sigmoid" -> "σ′(z) = σ(z)·(1 − σ(z)) at each element of " + z;
            case "tanh" -> "tanh′(z) = 1 − tanh²(z) at each element of " + z;
            default -> "the derivative of " + a.name() + " at each element of " + z;
        };
    }

    // ------------------------------------------------------------ the page

    private String page() {
        StringBuilder sb = new StringBuilder(64 * 1024);
        String title = "One training step of " + trace.network();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(h(title)).append(" — backprop4j</title>\n")
                .append("<script>").append(HEAD_SCRIPT).append("</script>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<a class=\"skip\" href=\"#stages\">Skip to the stage</a>\n");
        sb.append("<header>\n<h1>One training step, stage by stage</h1>\n<p class=\"about\">").append(h(trace.network()))
                .append(" · n = ").append(trace.samples()).append(" samples")
                .append(trace.optimizer() == null ? "" : " · step taken by " + h(trace.optimizer()))
                .append("</p>\n</header>\n");
        nav(sb);
        sb.append("<main id=\"stages\">\n<div id=\"script-errors\" role=\"alert\" hidden></div>\n")
                .append("<noscript><p class=\"noscript\">The numbers and their explanations are filled in by the"
                        + " page's script; without it, each stage shows its equation only.</p></noscript>\n");
        for (int s = 0; s < steps.size(); s++) {
            section(sb, steps.get(s), s);
        }
        sb.append("</main>\n<footer>\n<p>Keys: ← and → go to the previous and next stage; Tab reaches the numbers of a"
                + " result, and each one explains itself. The address names the stage and cell, e.g. <code>#stage=Zh&amp;cell=0,0</code>. Indices count"
                + " from 0; numbers are shown to ").append(DIGITS).append(" significant digits.</p>\n")
                .append("<p>Written by backprop4j's <code>BackpropTrace.toHtml()</code> from one run of the library."
                        + " The data is in this file: the trace's JSON (with long axes windowed, numbers exact)"
                        + " in the element <code>#trace-data</code>.</p>\n</footer>\n");
        sb.append("<script type=\"application/json\" id=\"trace-data\">\n")
                .append(json(TraceJson.writeWindowed(trace, derivedEntries())))
                .append("</script>\n<script type=\"application/json\" id=\"page-data\">\n")
                .append(json(pageData())).append("</script>\n<script>\n").append(SCRIPT).append("</script>\n")
                .append("</body>\n</html>\n");
        return sb.toString();
    }

    private void nav(StringBuilder sb) {
        sb.append("<nav aria-label=\"Stages of the step\">\n<div class=\"bar\">")
                .append("<button type=\"button\" id=\"prev\" aria-keyshortcuts=\"ArrowLeft\">← Previous</button>")
                .append("<p id=\"where\" aria-live=\"polite\"></p>")
                .append("<button type=\"button\" id=\"next\" aria-keyshortcuts=\"ArrowRight\">Next →</button>")
                .append("</div>\n<ol class=\"phases\">\n");
        String phase = null;
        for (Step s : steps) {
            if (!s.phase().equals(phase)) {
                if (phase != null) {
                    sb.append("</ol></li>\n");
                }
                phase = s.phase();
                sb.append("<li><span class=\"phase\">").append(phase).append("</span><ol>");
            }
            sb.append("<li><a href=\"#stage=").append(h(s.id())).append("\" data-stage=\"").append(h(s.id()))
                    .append("\">").append(h(s.result() == null ? "network" : s.result().name())).append("</a></li>");
        }
        sb.append("</ol></li>\n</ol>\n</nav>\n");
    }

    private void section(StringBuilder sb, Step s, int index) {
        String id = h(s.id());
        sb.append("<section class=\"stage\" id=\"stage-").append(id).append("\" data-stage=\"").append(id)
                .append("\" data-kind=\"").append(s.kind()).append("\" data-layer=\"").append(s.layer())
                .append("\" aria-labelledby=\"title-").append(id).append("\">\n<div class=\"head\">\n")
                .append("<p class=\"phase\">").append(s.phase()).append(" · stage ").append(index + 1).append(" of ")
                .append(steps.size()).append("</p>\n<h2 id=\"title-").append(id).append("\" tabindex=\"-1\">");
        if (s.result() == null) {
            sb.append("The network</h2>\n");
        } else {
            sb.append("<span class=\"sym\">").append(h(s.result().name())).append("</span> — ")
                    .append(h(s.result().meaning())).append("</h2>\n<p class=\"equation\">")
                    .append(h(s.result().equation())).append("</p>\n");
        }
        sb.append("<p class=\"note\">").append(h(s.note())).append("</p>\n</div>\n");
        if (s.result() == null) {
            sb.append("<figure class=\"picture\">\n").append(trace.toSvg()).append("<figcaption>");
            for (String d : trace.layerDescriptions()) {
                sb.append("<span>").append(h(d)).append("</span> ");
            }
            sb.append("</figcaption>\n</figure>\n");
        }
        sb.append("<div class=\"mats\">\n");
        for (Shown m : s.shown()) {
            figure(sb, m);
        }
        sb.append("</div>\n");
        if (s.result() != null) {
            String name = h(s.result().name());
            sb.append("<aside class=\"explain\" aria-labelledby=\"why-title-").append(id).append("\">\n")
                    .append("<h3 id=\"why-title-").append(id).append("\">How a number of ").append(name)
                    .append(" was made</h3>\n<p class=\"hint\">Point at a number of ").append(name)
                    .append(", tap it, or Tab to it.</p>\n<output class=\"why\" id=\"why-").append(id)
                    .append("\"></output>\n</aside>\n");
        }
        sb.append("</section>\n");
    }

    private static void figure(StringBuilder sb, Shown m) {
        TraceEntry e = m.entry();
        String role = m.role().replace(' ', '-');
        sb.append("<figure class=\"mat ").append(role).append("\" data-key=\"").append(h(e.key())).append("\">")
                .append("<figcaption><span class=\"role\">").append(m.role()).append("</span> <span class=\"sym\">")
                .append(h(e.name())).append("</span> <span class=\"shape\">").append(e.shape())
                .append("</span> <span class=\"meaning\">").append(h(e.meaning())).append("</span>");
        String rows = window("rows", e.rows());
        String cols = window("columns", e.cols());
        if (rows != null || cols != null) {
            sb.append(" <span class=\"window\">showing ").append(rows == null ? "" : rows)
                    .append(rows != null && cols != null ? "; " : "").append(cols == null ? "" : cols).append("</span>");
        }
        sb.append("</figcaption><div class=\"grid\" data-key=\"").append(h(e.key())).append("\"></div></figure>\n");
    }

    /** "rows 0–3 and 60–63 of 64" for a windowed axis, or null when the axis is shown whole. */
    private static String window(String what, int n) {
        int[] shown = TraceJson.window(n);
        if (shown.length == n) {
            return null;
        }
        int gap = 1;
        while (shown[gap] == shown[gap - 1] + 1) {
            gap++;
        }
        return String.format(Locale.ROOT, "%s %d–%d and %d–%d of %d", what, shown[0], shown[gap - 1], shown[gap],
                shown[shown.length - 1], n);
    }

    private List<TraceEntry> derivedEntries() {
        List<TraceEntry> list = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            if (derivative[l] != null) {
                list.add(derivative[l]);
            }
            if (back[l] != null) {
                list.add(back[l]);
            }
        }
        return list;
    }

    /** What the script needs beyond the trace's JSON: the keys of each layer's entries and the forms. */
    private String pageData() {
        StringBuilder sb = new StringBuilder("{\"digits\": ").append(DIGITS).append(", \"outputError\": ");
        TraceJson.string(sb, Notation.OutputError.of(trace.lossFunction()).name().toLowerCase(Locale.ROOT));
        TraceEntry y = trace.entry("y");
        sb.append(", \"targetIndices\": ").append(y.cols() != layers.get(layers.size() - 1).activations().cols());
        double smoothing = trace.lossFunction() instanceof CrossEntropy ce ? ce.labelSmoothing() : 0.0;
        sb.append(", \"labelSmoothing\": ").append(smoothing);
        TraceEntry after = layers.get(0).weightsAfter();
        sb.append(", \"plainUpdate\": ").append(after != null && isPlainStep(after)).append(",\n \"layers\": [");
        for (int l = 0; l < layers.size(); l++) {
            BackpropTrace.LayerTrace lt = layers.get(l);
            sb.append(l == 0 ? "\n  {" : ",\n  {");
            key(sb, "symbol", Notation.symbol(trace.activation(l)), false);
            entryKey(sb, "input", lt.input());
            entryKey(sb, "W", lt.weights());
            entryKey(sb, "B", lt.biases());
            entryKey(sb, "Z", lt.weightedInput());
            entryKey(sb, "M", lt.mask());
            entryKey(sb, "A", lt.activations());
            entryKey(sb, "E", lt.error());
            entryKey(sb, "dW", lt.weightGradient());
            entryKey(sb, "dB", lt.biasGradient());
            entryKey(sb, "dR", derivative[l]);
            entryKey(sb, "back", back[l]);
            sb.append('}');
        }
        return sb.append("\n]}\n").toString();
    }

    private static void entryKey(StringBuilder sb, String name, TraceEntry e) {
        key(sb, name, e == null ? null : e.key(), true);
    }

    private static void key(StringBuilder sb, String name, String value, boolean comma) {
        sb.append(comma ? ", \"" : "\"").append(name).append("\": ");
        if (value == null) {
            sb.append("null");
        } else {
            TraceJson.string(sb, value);
        }
    }

    /** JSON inside a script element: no {@code </script>} or {@code <!--} can occur once every {@code <} is escaped. */
    private static String json(String json) {
        return json.replace("<", "\\u003c");
    }

    /** Text for HTML: control characters written as visible backslash-u escapes, then XML's five entities. */
    static String h(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return Svg.escape(sb.toString());
    }

    private static String resource(String name) {
        try (InputStream in = TraceHtml.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("trace page: the resource " + name + " is missing beside "
                        + TraceHtml.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("trace page: cannot read " + name, e);
        }
    }
}
