package io.github.backprop4j.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.backprop4j.examples.SeedExample;
import io.github.backprop4j.internal.Decimals;
import io.github.backprop4j.nn.Network;
import io.github.backprop4j.optim.SgdOptimizer;
import io.github.backprop4j.trace.BackpropTrace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation is checked, not pasted: the seed's numbers on docs/math.md and its picture are made
 * again from the code; every {@code …java#Lnn} link must point at a line that holds the link's text (the
 * equation's comment or the code it quotes); every code block marked as quoted must match the file it is
 * quoted from; every relative link must lead to a file, and every {@code math.md#anchor} (in docs and in
 * Javadoc) to a heading.
 *
 * <p>After a deliberate change, {@code mvn test -Dtest=DocsTest -Ddocs.update=true} rewrites the generated
 * blocks, the picture and the line numbers (each link moves to the nearest line that holds its text), and
 * the test then passes; review the diff.
 */
class DocsTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path DOCS = ROOT.resolve("docs");
    private static final Path MATH = DOCS.resolve("math.md");
    private static final Path PICTURE = DOCS.resolve("seed-network.svg");
    private static final Path TRACE_PAGE = DOCS.resolve("seed-trace.html");
    /** A link from a page to a stage of the seed's trace page. */
    private static final Pattern STAGE_LINK = Pattern.compile("\\]\\(seed-trace\\.html#stage=([^)&]+)[^)]*\\)");
    private static final boolean UPDATE = Boolean.getBoolean("docs.update");
    private static final String HINT = " (after a deliberate change: mvn test -Dtest=DocsTest -Ddocs.update=true)";
    private static final int DIGITS = 6;

    /** {@code <!-- trace Zh H -->} … {@code <!-- /trace -->}, indented like the marker. */
    private static final Pattern TRACE_BLOCK = Pattern.compile(
            "(?m)^([ \\t]*)<!-- trace ([^>]*?) -->\\n.*?^[ \\t]*<!-- /trace -->", Pattern.DOTALL);
    /** {@code <!-- value name -->…<!-- /value -->}, a number in a sentence. */
    private static final Pattern VALUE = Pattern.compile("<!-- value (\\w+) -->(.*?)<!-- /value -->");
    /** A Markdown link: [text](target). */
    private static final Pattern LINK = Pattern.compile("\\[((?:[^\\[\\]\\n]|\\[[^\\]\\n]*\\])*)\\]\\(([^)\\s]+)\\)");
    private static final Pattern LINE_LINK = Pattern.compile("(.*\\.java)#L(\\d+)");
    private static final Pattern QUOTED = Pattern.compile(
            "(?m)^<!-- quoted from (\\S+) -->\\n```java\\n(.*?)^```", Pattern.DOTALL);

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> files = Files.list(DOCS)) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    private static void checkOrUpdate(Path file, String actual, String expected) throws IOException {
        if (UPDATE && !actual.equals(expected)) {
            Files.writeString(file, expected, StandardCharsets.UTF_8);
            return;
        }
        assertThat(actual).as("%s is what the code computes%s", ROOT.relativize(file), HINT).isEqualTo(expected);
    }

    // ------------------------------------------------------------ the worked example

    @Test
    void theMathPageShowsTheNumbersTheCodeComputes() throws IOException {
        BackpropTrace trace = BackpropTrace.step(SeedExample.network(), SeedExample.x(), SeedExample.y(),
                new SgdOptimizer(SeedExample.LEARNING_RATE));
        String page = read(MATH);
        Matcher m = TRACE_BLOCK.matcher(page);
        StringBuilder regenerated = new StringBuilder();
        int blocks = 0;
        while (m.find()) {
            String indent = m.group(1);
            List<String> entries = new ArrayList<>();
            for (String key : m.group(2).trim().split("\\s+")) {
                entries.add(trace.entry(key).toMarkdown(DIGITS));
            }
            StringBuilder block = new StringBuilder(indent).append("<!-- trace ").append(m.group(2)).append(" -->\n");
            for (String line : String.join("\n\n", entries).split("\n")) {
                block.append(line.isEmpty() ? "" : indent + line).append('\n');
            }
            block.append(indent).append("<!-- /trace -->");
            m.appendReplacement(regenerated, Matcher.quoteReplacement(block.toString()));
            blocks++;
        }
        m.appendTail(regenerated);
        assertThat(blocks).as("trace blocks on math.md").isGreaterThanOrEqualTo(8);

        Network after = SeedExample.network();
        BackpropTrace.step(after, SeedExample.x(), SeedExample.y(), new SgdOptimizer(SeedExample.LEARNING_RATE));
        after.forward(SeedExample.x());
        Map<String, String> values = Map.of(
                "costBefore", Decimals.significant(trace.cost(), DIGITS),
                "costAfter", Decimals.significant(after.cost(SeedExample.y()), DIGITS));
        Matcher v = VALUE.matcher(regenerated.toString());
        StringBuilder withValues = new StringBuilder();
        while (v.find()) {
            assertThat(values).as("a value named %s", v.group(1)).containsKey(v.group(1));
            v.appendReplacement(withValues, Matcher.quoteReplacement(
                    "<!-- value " + v.group(1) + " -->" + values.get(v.group(1)) + "<!-- /value -->"));
        }
        v.appendTail(withValues);
        checkOrUpdate(MATH, page, withValues.toString());
    }

    @Test
    void theSeedNetworkPictureIsTheOneTheCodeDraws() throws IOException {
        String svg = BackpropTrace.of(SeedExample.network(), SeedExample.x(), SeedExample.y()).toSvg();
        checkOrUpdate(PICTURE, Files.exists(PICTURE) ? read(PICTURE) : "", svg);
        assertThat(read(MATH)).contains("](seed-network.svg)");
    }

    @Test
    void theSeedTracePageIsTheOneTheCodeWrites() throws IOException {
        String html = BackpropTrace.step(SeedExample.network(), SeedExample.x(), SeedExample.y(),
                new SgdOptimizer(SeedExample.LEARNING_RATE)).toHtml();
        checkOrUpdate(TRACE_PAGE, Files.exists(TRACE_PAGE) ? read(TRACE_PAGE) : "", html);
    }

    @Test
    void everyStageTheMathPageLinksToIsOnTheTracePage() throws IOException {
        String page = read(TRACE_PAGE);
        Matcher m = STAGE_LINK.matcher(read(MATH));
        Set<String> linked = new LinkedHashSet<>();
        while (m.find()) {
            linked.add(m.group(1));
            assertThat(page).as("seed-trace.html has the stage %s that math.md links to", m.group(1))
                    .contains("<section class=\"stage\" id=\"stage-" + m.group(1) + "\"");
        }
        // each equation of the step links to its stage: forward, cost, the errors, the gradients, the update
        assertThat(linked).contains("network", "Zh", "H", "Zo", "O", "C", "Eo", "Eh", "dWo", "dBo", "dWh", "dBh",
                "Wh_after", "Bh_after", "Wo_after", "Bo_after");
        assertThat(STAGE_LINK.matcher("[Eh](seed-trace.html#stage=Eh&cell=2,0)").results().map(r -> r.group(1)))
                .containsExactly("Eh");
    }

    // ------------------------------------------------------------ links to lines

    @Test
    void everyLineLinkPointsAtALineThatHoldsItsText() throws IOException {
        List<String> problems = new ArrayList<>();
        int links = 0;
        for (Path page : pages()) {
            String text = read(page);
            Matcher m = LINK.matcher(text);
            StringBuilder updated = new StringBuilder();
            while (m.find()) {
                Matcher line = LINE_LINK.matcher(m.group(2));
                if (!line.matches()) {
                    continue;
                }
                links++;
                String quoted = unquote(m.group(1));
                Path source = page.getParent().resolve(line.group(1)).normalize();
                int number = Integer.parseInt(line.group(2));
                String where = ROOT.relativize(page) + ": [" + quoted + "](" + m.group(2) + ")";
                if (!Files.isRegularFile(source)) {
                    problems.add(where + ": no such file");
                    continue;
                }
                List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
                if (quoted.isBlank()) {
                    problems.add(where + ": a line link needs the text of its line (an equation comment or code)");
                } else if (!holds(lines, number, quoted)) {
                    int nearest = nearest(lines, number, quoted);
                    if (UPDATE && nearest > 0) {
                        m.appendReplacement(updated, Matcher.quoteReplacement(
                                "[" + m.group(1) + "](" + line.group(1) + "#L" + nearest + ")"));
                        continue;
                    }
                    problems.add(where + ": line " + number + " is \"" + (number <= lines.size()
                            ? lines.get(number - 1).trim() : "past the end") + "\""
                            + (nearest > 0 ? "; the text is on line " + nearest : "; the text is on no line"));
                }
            }
            m.appendTail(updated);
            if (UPDATE && !updated.toString().equals(text)) {
                Files.writeString(page, updated.toString(), StandardCharsets.UTF_8);
            }
        }
        assertThat(problems).as("line links that do not point at their text" + HINT).isEmpty();
        assertThat(links).as("line links in the docs").isGreaterThanOrEqualTo(25);
    }

    /** The link text without its code-span backticks and with whitespace runs as one space. */
    private static String unquote(String text) {
        String t = text.trim();
        if (t.length() >= 2 && t.startsWith("`") && t.endsWith("`")) {
            t = t.substring(1, t.length() - 1);
        }
        return squash(t);
    }

    private static String squash(String s) {
        return s.trim().replaceAll("\\s+", " ");
    }

    private static boolean holds(List<String> lines, int number, String text) {
        return number >= 1 && number <= lines.size() && squash(lines.get(number - 1)).contains(text);
    }

    /** The line nearest {@code number} that holds the text, or 0. */
    private static int nearest(List<String> lines, int number, String text) {
        for (int d = 0; d < lines.size(); d++) {
            if (holds(lines, number - d, text)) {
                return number - d;
            }
            if (holds(lines, number + d, text)) {
                return number + d;
            }
        }
        return 0;
    }

    @Test
    void theLineLinkCheckFailsWhenCodeMoves() {
        List<String> lines = List.of("class A {", "    // Z = Input·W + B        (n×out)", "    z = x.times(w);", "}");
        assertThat(holds(lines, 2, "Z = Input·W + B (n×out)")).isTrue();
        assertThat(holds(lines, 3, "Z = Input·W + B")).as("moved by one line").isFalse();
        assertThat(holds(lines, 9, "Z = Input·W + B")).as("past the end").isFalse();
        assertThat(nearest(lines, 4, "Z = Input·W + B")).isEqualTo(2);
        assertThat(nearest(lines, 4, "Eh = (Eo · Woᵀ) ⊙ R′(Zh)")).isZero();
        assertThat(unquote("`Z = Input·W + B`")).isEqualTo("Z = Input·W + B");
    }

    // ------------------------------------------------------------ quoted code

    @Test
    void quotedCodeMatchesTheFileItIsQuotedFrom() throws IOException {
        List<String> problems = new ArrayList<>();
        int quoted = 0;
        for (Path page : pages()) {
            String text = read(page);
            Matcher m = QUOTED.matcher(text);
            while (m.find()) {
                quoted++;
                Path source = page.getParent().resolve(m.group(1)).normalize();
                String where = ROOT.relativize(page) + ", code quoted from " + m.group(1);
                if (!Files.isRegularFile(source)) {
                    problems.add(where + ": no such file");
                    continue;
                }
                String missing = missingLine(Files.readAllLines(source, StandardCharsets.UTF_8), m.group(2));
                if (missing != null) {
                    problems.add(where + ": \"" + missing + "\" is not in the file (in this order)");
                }
            }
        }
        assertThat(problems).as("quoted code that the source does not hold").isEmpty();
        assertThat(quoted).as("quoted code blocks").isGreaterThanOrEqualTo(10);
    }

    /** The first line of the block that is not, in order, a line of the source (both squashed), or null. */
    private static String missingLine(List<String> source, String block) {
        int at = 0;
        for (String line : block.split("\n")) {
            String want = squash(line);
            if (want.isEmpty()) {
                continue;
            }
            while (at < source.size() && !squash(source.get(at)).equals(want)) {
                at++;
            }
            if (at == source.size()) {
                return want;
            }
            at++;
        }
        return null;
    }

    @Test
    void everyJavaBlockInTheMathPageTutorialAndReadmeIsQuoted() throws IOException {
        for (Path page : List.of(MATH, DOCS.resolve("tutorial.md"), ROOT.resolve("README.md"))) {
            String text = read(page);
            int blocks = text.split("```java\n", -1).length - 1;
            Matcher m = QUOTED.matcher(text);
            int marked = 0;
            while (m.find()) {
                marked++;
            }
            assertThat(marked).as("java blocks of %s marked as quoted from a source", page.getFileName())
                    .isEqualTo(blocks);
        }
        assertThat(missingLine(List.of("a();", "  b(1,  2);", "c();"), "a();\nb(1, 2);\n")).isNull();
        assertThat(missingLine(List.of("a();", "b();"), "b();\na();")).isEqualTo("a();");
    }

    // ------------------------------------------------------------ API names in example code

    private static final Pattern JAVA_BLOCK = Pattern.compile("(?m)^```java\\n(.*?)^```", Pattern.DOTALL);
    private static final Pattern STATIC_CALL = Pattern.compile("\\b([A-Z][A-Za-z0-9]*)\\.([a-z][A-Za-z0-9]*)\\(");
    private static final Pattern CONSTRUCTOR = Pattern.compile("\\bnew ([A-Z][A-Za-z0-9]*)\\(");
    private static final List<String> PACKAGES = List.of("matrix", "nn", "optim", "data", "train", "chart", "io",
            "trace");

    /** The library's public class of that simple name, or null (a JDK class, a variable, Spark's). */
    private static Class<?> libraryClass(String simpleName) {
        for (String pkg : PACKAGES) {
            try {
                Class<?> c = Class.forName("io.github.backprop4j." + pkg + "." + simpleName);
                return java.lang.reflect.Modifier.isPublic(c.getModifiers()) ? c : null;
            } catch (ClassNotFoundException e) {
                // not in this package
            }
        }
        return null;
    }

    /**
     * The example code on the pages that is not quoted from a compiled source still names only what exists:
     * every {@code Class.method(} of a library class names a public method of that class (or of a type nested in
     * it), and every {@code new Class(} a class with a public constructor. A renamed or removed method fails
     * here, not in a reader's editor.
     */
    @Test
    void exampleCodeNamesOnlyMethodsAndConstructorsThatExist() throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path page : pages()) {
            Matcher block = JAVA_BLOCK.matcher(read(page));
            while (block.find()) {
                String code = block.group(1);
                Matcher call = STATIC_CALL.matcher(code);
                while (call.find()) {
                    Class<?> c = libraryClass(call.group(1));
                    if (c == null) {
                        continue;
                    }
                    checked++;
                    String method = call.group(2);
                    boolean exists = Stream.of(c.getMethods()).anyMatch(m -> m.getName().equals(method))
                            || Stream.of(c.getClasses()).anyMatch(n -> n.getSimpleName().equals(method));
                    if (!exists) {
                        problems.add(ROOT.relativize(page) + ": " + c.getSimpleName() + "." + method
                                + "( — no public method of that name");
                    }
                }
                Matcher ctor = CONSTRUCTOR.matcher(code);
                while (ctor.find()) {
                    Class<?> c = libraryClass(ctor.group(1));
                    if (c == null) {
                        continue;
                    }
                    checked++;
                    if (c.getConstructors().length == 0) {
                        problems.add(ROOT.relativize(page) + ": new " + c.getSimpleName() + "( — no public constructor");
                    }
                }
            }
        }
        assertThat(problems).as("example code that names what the library does not have").isEmpty();
        assertThat(checked).as("library calls checked in the examples").isGreaterThan(50);
    }

    // ------------------------------------------------------------ links to files and headings

    @Test
    void relativeLinksLeadToFilesAndHeadings() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path page : pages()) {
            Matcher m = LINK.matcher(read(page));
            while (m.find()) {
                String target = m.group(2);
                if (target.startsWith("http") || target.startsWith("mailto:")) {
                    continue;
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : "";
                Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    problems.add(ROOT.relativize(page) + ": " + target + ": no such file");
                } else if (!anchor.isEmpty() && !anchor.startsWith("L") && resolved.toString().endsWith(".md")
                        && !anchors(resolved).contains(anchor)) {
                    problems.add(ROOT.relativize(page) + ": " + target + ": no such heading");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theClassesThatCarryEquationsLinkToTheirSectionOfTheMathPage() throws IOException {
        Set<String> anchors = anchors(MATH);
        Pattern javadocLink = Pattern.compile("docs/math\\.md#([\\w-]+)");
        List<String> classes = List.of("nn/Layer.java", "nn/Network.java", "nn/Activation.java", "nn/Loss.java",
                "nn/MeanSquaredError.java", "nn/CrossEntropy.java", "nn/BinaryCrossEntropy.java", "nn/ReLU.java",
                "optim/SgdOptimizer.java", "trace/BackpropTrace.java");
        for (String c : classes) {
            String source = read(ROOT.resolve("src/main/java/io/github/backprop4j/" + c));
            Matcher m = javadocLink.matcher(source);
            assertThat(m.find()).as("%s links to a section of docs/math.md", c).isTrue();
            do {
                assertThat(anchors).as("%s links to math.md#%s", c, m.group(1)).contains(m.group(1));
            } while (m.find());
        }
        // and the page links back to each of them
        String page = read(MATH);
        for (String c : classes) {
            assertThat(page).as("math.md links to %s", c).contains(c.substring(c.indexOf('/') + 1));
        }
    }

    /** The anchors GitHub makes of a page's headings: lower case, punctuation dropped, spaces as hyphens. */
    static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new LinkedHashSet<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            }
            if (!fenced && line.startsWith("#")) {
                String title = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT);
                String slug = title.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
                String unique = slug;
                for (int k = 1; anchors.contains(unique); k++) {
                    unique = slug + "-" + k;
                }
                anchors.add(unique);
            }
        }
        return anchors;
    }

    @Test
    void anchorsAreMadeAsGitHubMakesThem() throws IOException {
        Path page = Files.createTempFile("anchors", ".md");
        try {
            Files.writeString(page, "# Backpropagation: the three equations\n```\n# not a heading\n```\n"
                    + "## Softmax with cross-entropy, sigmoid\n## Notes\n## Notes\n", StandardCharsets.UTF_8);
            assertThat(anchors(page)).containsExactly("backpropagation-the-three-equations",
                    "softmax-with-cross-entropy-sigmoid", "notes", "notes-1");
        } finally {
            Files.delete(page);
        }
    }
}
