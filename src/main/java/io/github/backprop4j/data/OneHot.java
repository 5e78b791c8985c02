package io.github.backprop4j.data;

import io.github.backprop4j.matrix.Matrix;
import java.util.Locale;

/**
 * One-hot targets for classification: class c of k becomes a row of k values, 1 at column c and 0
 * elsewhere; and back, by taking the column of the largest value.
 */
public final class OneHot {

    private OneHot() {
    }

    /**
     * One row per label, 1 in the label's column and 0 elsewhere.
     *
     * <pre>{@code OneHot.encode(new int[] {2, 0}, 3)  →  [ 0 0 1 ]
     *                                              [ 1 0 0 ]}</pre>
     *
     * @param labels  class indices, each in {@code [0, classes)}; not modified
     * @param classes the number of classes k, ≥ 1
     * @return a new {@code labels.length × classes} matrix
     * @throws IllegalArgumentException if {@code classes < 1} or a label is out of range, naming its index
     *                                  and value
     */
    public static Matrix encode(int[] labels, int classes) {
        Checks.requireClasses("encode", classes);
        Matrix out = Matrix.zeros(labels.length, classes);
        double[] a = out.backingArray();
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "encode: label %d at index %d is outside [0, %d)", label, i, classes));
            }
            a[i * classes + label] = 1.0;
        }
        return out;
    }

    /**
     * The class of each row: the column of its largest value (the first one on a tie), as
     * {@link Matrix#rowArgMax()}. Works on one-hot rows and on predicted class scores alike.
     *
     * @param oneHot an {@code n × k} matrix, not modified
     * @return a new array of {@code n} labels in {@code [0, k)}
     * @throws IllegalStateException if the matrix has rows but no columns (as {@link Matrix#rowArgMax()})
     */
    public static int[] decode(Matrix oneHot) {
        if (oneHot.cols() == 0 && oneHot.rows() > 0) {
            throw new IllegalStateException("decode: a " + oneHot.shape() + " matrix has no columns to choose from");
        }
        return oneHot.rowArgMax();
    }
}
