package io.github.backprop4j.internal;

import java.util.Arrays;

/**
 * A row-major matrix as aligned text: numbers to a chosen count of significant digits
 * ({@link Decimals#significant}), each column aligned on its decimal point, and a large matrix elided in
 * the middle — its first and last rows and columns kept, {@code ⋮} and {@code …} between. The one
 * rendering behind {@code Matrix.toString} and the trace's text and Markdown.
 */
public final class MatrixText {

    /** Matrices with more rows than this show their first and last {@value #ROWS_KEPT}. */
    public static final int MAX_ROWS = 10;
    /** Rows kept at each end of an elided matrix. */
    public static final int ROWS_KEPT = 4;
    /** Matrices with more columns than this show their first and last {@value #COLS_KEPT}. */
    public static final int MAX_COLS = 8;
    /** Columns kept at each end of an elided matrix. */
    public static final int COLS_KEPT = 3;

    private static final int ELIDED = -1;

    private MatrixText() {
    }

    /**
     * The rows of a matrix, one line each (lines joined by {@code \n}, no trailing spaces, no final line
     * break), each line starting with {@code indent}. An empty matrix gives the empty string.
     *
     * @param data   the values, row-major, {@code rows·cols} of them; not modified
     * @param rows   the rows
     * @param cols   the columns
     * @param digits significant digits, 1 to {@value Decimals#MAX_DIGITS}
     * @param indent put before every line
     * @return the text
     * @throws IllegalArgumentException if {@code digits} is out of range or {@code data} is shorter than
     *                                  {@code rows·cols}
     */
    public static String block(double[] data, int rows, int cols, int digits, String indent) {
        Decimals.checkDigits(digits);
        if ((long) rows * cols > data.length) {
            throw new IllegalArgumentException("block: " + data.length + " values for " + rows + "×" + cols);
        }
        int[] rs = shown(rows, MAX_ROWS, ROWS_KEPT);
        int[] cs = shown(cols, MAX_COLS, COLS_KEPT);
        if (rs.length == 0 || cs.length == 0) {
            return "";
        }
        // Each shown cell split at its decimal point: left part right-aligned, the rest left-aligned.
        String[][] left = new String[rs.length][cs.length];
        String[][] right = new String[rs.length][cs.length];
        int[] leftWidth = new int[cs.length];
        int[] rightWidth = new int[cs.length];
        for (int i = 0; i < rs.length; i++) {
            for (int j = 0; j < cs.length; j++) {
                String text;
                if (rs[i] == ELIDED) {
                    text = cs[j] == ELIDED ? "⋱" : "⋮";
                } else {
                    text = cs[j] == ELIDED ? "…" : Decimals.significant(data[rs[i] * cols + cs[j]], digits);
                }
                int dot = text.indexOf('.');
                left[i][j] = dot < 0 ? text : text.substring(0, dot);
                right[i][j] = dot < 0 ? "" : text.substring(dot);
                leftWidth[j] = Math.max(leftWidth[j], left[i][j].length());
                rightWidth[j] = Math.max(rightWidth[j], right[i][j].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rs.length; i++) {
            if (i > 0) {
                sb.append('\n');
            }
            int start = sb.length();
            sb.append(indent);
            for (int j = 0; j < cs.length; j++) {
                if (j > 0) {
                    sb.append("  ");
                }
                pad(sb, leftWidth[j] - left[i][j].length()).append(left[i][j]).append(right[i][j]);
                pad(sb, rightWidth[j] - right[i][j].length());
            }
            int end = sb.length();
            while (end > start && sb.charAt(end - 1) == ' ') {
                end--;
            }
            sb.setLength(end);
        }
        return sb.toString();
    }

    private static StringBuilder pad(StringBuilder sb, int spaces) {
        for (int k = 0; k < spaces; k++) {
            sb.append(' ');
        }
        return sb;
    }

    /**
     * The indices shown along an axis of length n: all of them while n ≤ {@code max}, else the first and
     * last {@code kept} with −1 (the elided middle) between. The trace's HTML page shows the same window.
     *
     * @param n    the length of the axis, ≥ 0
     * @param max  the longest axis shown whole
     * @param kept the indices kept at each end of a longer axis, 2·kept ≤ max
     * @return the indices in order, −1 marking the gap
     */
    public static int[] shown(int n, int max, int kept) {
        if (n <= max) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] idx = new int[2 * kept + 1];
        for (int i = 0; i < kept; i++) {
            idx[i] = i;
            idx[kept + 1 + i] = n - kept + i;
        }
        idx[kept] = ELIDED;
        return idx;
    }
}
