package io.github.backprop4j.trace;

import io.github.backprop4j.internal.MatrixText;
import io.github.backprop4j.matrix.Matrix;
import java.util.Objects;

/**
 * One value of a recorded training step: its name in the seed's notation ({@code Zh}, {@code C′(Wh)}),
 * the equation that made it ({@code Zh = X·Wh + Bh}), what it means, its stage and layer, and a copy of
 * the matrix itself. Immutable: later steps of the network do not change it, and {@link #value()} hands
 * out copies.
 */
public final class TraceEntry {

    private final String key;
    private final String name;
    private final String equation;
    private final String meaning;
    private final Stage stage;
    private final int layer;
    private final Matrix value;

    TraceEntry(String key, String name, String equation, String meaning, Stage stage, int layer, Matrix value) {
        this.key = key;
        this.name = name;
        this.equation = equation;
        this.meaning = meaning;
        this.stage = stage;
        this.layer = layer;
        this.value = value.copy();
    }

    /**
     * The entry's key: its name in ASCII, unique in the trace, used by {@link BackpropTrace#entry} and as
     * the JSON key — {@code Zh}, {@code dWh} for C′(Wh), {@code Wh_after} for Wh after the step.
     *
     * @return the key
     */
    public String key() {
        return key;
    }

    /**
     * The name in the seed's notation: {@code X}, {@code Wh}, {@code Zh}, {@code H}, {@code Eo},
     * {@code C′(Wh)}; Wh after the step is named {@code Wh} too (its {@link #key()} and
     * {@link #stage()} tell them apart).
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The equation that computed this value, in the seed's notation, e.g.
     * {@code Eh = (Eo · Woᵀ) ⊙ R′(Zh)}; for a given value (X, y, W and B before the step), what it is,
     * e.g. {@code Wh (given)}.
     *
     * @return the equation
     */
    public String equation() {
        return equation;
    }

    /**
     * What the value means, in words: {@code hidden layer error}, {@code output weights}.
     *
     * @return the meaning
     */
    public String meaning() {
        return meaning;
    }

    /**
     * The part of the step the value belongs to.
     *
     * @return the stage
     */
    public Stage stage() {
        return stage;
    }

    /**
     * The index of the layer the value belongs to, from 0 for the first; −1 for X, y and C.
     *
     * @return the layer index, or −1
     */
    public int layer() {
        return layer;
    }

    /**
     * The number of rows.
     *
     * @return the rows of the value (1 for C and for the biases)
     */
    public int rows() {
        return value.rows();
    }

    /**
     * The number of columns.
     *
     * @return the columns of the value
     */
    public int cols() {
        return value.cols();
    }

    /**
     * The shape as text, e.g. {@code 3×2}.
     *
     * @return rows×cols
     */
    public String shape() {
        return value.shape();
    }

    /**
     * One element of the value.
     *
     * @param r the row, 0 ≤ r &lt; {@link #rows()}
     * @param c the column, 0 ≤ c &lt; {@link #cols()}
     * @return the element
     * @throws IndexOutOfBoundsException if (r, c) is outside the value
     */
    public double get(int r, int c) {
        return value.get(r, c);
    }

    /**
     * A copy of the value; changing it does not change the trace.
     *
     * @return a new matrix, {@link #rows()} × {@link #cols()}
     */
    public Matrix value() {
        return value.copy();
    }

    /** The recorded matrix itself, for this package's renderings; never handed out. */
    Matrix matrix() {
        return value;
    }

    /**
     * The entry for a terminal: the equation, the shape and the meaning on one line, then the matrix with
     * {@code digits} significant digits, aligned on the decimal point, {@code 0} for −0, and elided in the
     * middle when it has more than {@value MatrixText#MAX_ROWS} rows or {@value MatrixText#MAX_COLS}
     * columns:
     * <pre>
     * Zh = X·Wh + Bh    3×2    hidden weighted input
     *      0.6  -0.6
     *      1.1  -1.4
     *     -0.4   1
     * </pre>
     *
     * @param digits significant digits, 1 to 17
     * @return the text, lines separated by {@code \n}, without a final line break
     * @throws IllegalArgumentException if {@code digits} is out of range
     */
    public String toText(int digits) {
        String rowsText = MatrixText.block(value.backingArray(), rows(), cols(), digits, "    ");
        return heading() + (rowsText.isEmpty() ? "" : "\n" + rowsText);
    }

    /**
     * The entry as Markdown: the equation in bold with the shape and meaning, then the matrix as in
     * {@link #toText} in a {@code text} code block.
     *
     * @param digits significant digits, 1 to 17
     * @return the Markdown, ending with the code block's closing fence and no line break
     * @throws IllegalArgumentException if {@code digits} is out of range
     */
    public String toMarkdown(int digits) {
        return "**" + equation + "** — " + shape() + ", " + meaning + "\n\n```text\n"
                + MatrixText.block(value.backingArray(), rows(), cols(), digits, "") + "\n```";
    }

    private String heading() {
        return equation + "    " + shape() + "    " + meaning;
    }

    /**
     * The key, equation and shape, e.g. {@code Zh: Zh = X·Wh + Bh (3×2)}.
     *
     * @return a one-line description
     */
    @Override
    public String toString() {
        return key + ": " + equation + " (" + shape() + ")";
    }

    static TraceEntry given(String key, String meaning, Stage stage, int layer, Matrix value) {
        return new TraceEntry(key, key, key + " (given)", meaning, stage, layer, value);
    }

    static TraceEntry computed(String key, String name, String equation, String meaning, Stage stage, int layer,
                               Matrix value) {
        return new TraceEntry(key, name, Objects.requireNonNull(equation), meaning, stage, layer, value);
    }
}
