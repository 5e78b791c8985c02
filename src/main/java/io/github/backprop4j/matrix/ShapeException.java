package io.github.backprop4j.matrix;

import java.util.Locale;

/**
 * Thrown when the shapes of the matrices given to an operation do not fit together.
 *
 * <p>Every message names the operation, both full shapes and the rule that was broken, for example
 * {@code times: cannot multiply 3×1 by 2×2 (left.cols 1 ≠ right.rows 2)}. The static factories below are
 * the one place where such messages are built, so that every part of the library words them the same
 * way.
 */
public class ShapeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with the given, already formatted, message.
     *
     * @param message what was wrong, naming the operation and the shapes
     */
    public ShapeException(String message) {
        super(message);
    }

    /**
     * Formats a shape as {@code rows×cols}.
     *
     * @param rows the number of rows
     * @param cols the number of columns
     * @return for example {@code "3×2"}
     */
    public static String shape(int rows, int cols) {
        return rows + "×" + cols;
    }

    /**
     * Formats a message with {@link Locale#ROOT}, so numbers never depend on the default locale.
     *
     * @param format a {@link String#format} pattern
     * @param args   its arguments
     * @return a new exception carrying the formatted message
     */
    public static ShapeException of(String format, Object... args) {
        return new ShapeException(String.format(Locale.ROOT, format, args));
    }
}
