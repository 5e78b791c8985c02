package io.github.backprop4j.matrix;

import io.github.backprop4j.internal.Kernels;
import io.github.backprop4j.internal.MatrixText;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import java.util.function.DoubleUnaryOperator;

/**
 * A dense matrix of {@code double}s, stored row-major in one array.
 *
 * <pre>
 *   rows × cols, element (r, c) at data[r * cols + c]
 *
 *            c=0      c=1     …  c=cols-1
 *   r=0   [ data[0]  data[1]  …  data[cols-1]    ]
 *   r=1   [ data[cols]        …  data[2*cols-1]  ]
 *   …
 * </pre>
 *
 * <p>In this library one row is one sample: a batch of n inputs with {@code in} features each is an
 * {@code n × in} matrix, and a bias is a single row ({@code 1 × out}) added to every row.
 *
 * <p>Operations come in two tiers, named so that they cannot be confused:
 * <ul>
 *   <li>Readable operations return a new matrix and leave their operands unchanged: {@link #times},
 *       {@link #transposeTimes} (Aᵀ·B), {@link #timesTranspose} (A·Bᵀ), {@link #plus}, {@link #minus},
 *       {@link #hadamard}, {@link #scale}, {@link #plusRow}, {@link #columnSums}, {@link #map},
 *       {@link #transpose}.</li>
 *   <li>Hot-path operations write into a destination ({@code …Into(…, out)}) or into {@code this}
 *       ({@code …InPlace}), allocate nothing, and refuse a destination that is also an input of a
 *       product.</li>
 * </ul>
 * Both tiers run the same kernels, so they give bitwise identical results. The {@code …Into} products
 * also take a thread count; they split the output among threads, never a sum, so the result is bitwise
 * the same for any count.
 *
 * <p>Shapes are checked on every call; a mismatch throws {@link ShapeException} naming the operation,
 * both shapes and the rule. Zero-size matrices (0 rows or 0 columns) are allowed everywhere.
 *
 * <p>A matrix is mutable and not thread-safe for writing; many threads may read one that no thread
 * writes.
 */
public final class Matrix {


    private final int rows;
    private final int cols;
    private final double[] data;

    private Matrix(int rows, int cols, double[] data) {
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    // ---------------------------------------------------------------- factories

    /**
     * A new {@code rows × cols} matrix of zeros.
     *
     * @param rows number of rows, ≥ 0
     * @param cols number of columns, ≥ 0
     * @return the new matrix
     * @throws IllegalArgumentException if a dimension is negative or rows·cols exceeds the largest array
     */
    public static Matrix zeros(int rows, int cols) {
        return new Matrix(rows, cols, new double[checkedSize(rows, cols)]);
    }

    /**
     * A new {@code rows × cols} matrix with every element set to {@code value}.
     *
     * @param rows  number of rows, ≥ 0
     * @param cols  number of columns, ≥ 0
     * @param value the value of every element
     * @return the new matrix
     * @throws IllegalArgumentException if a dimension is negative or too large
     */
    public static Matrix filled(int rows, int cols, double value) {
        Matrix m = zeros(rows, cols);
        Arrays.fill(m.data, value);
        return m;
    }

    /**
     * The {@code n × n} identity matrix.
     *
     * @param n the size, ≥ 0
     * @return the new matrix
     * @throws IllegalArgumentException if {@code n} is negative or too large
     */
    public static Matrix identity(int n) {
        Matrix m = zeros(n, n);
        for (int i = 0; i < n; i++) {
            m.data[i * n + i] = 1.0;
        }
        return m;
    }

    /**
     * A new {@code rows × cols} matrix holding a copy of {@code values}, given row by row.
     *
     * <pre>{@code Matrix w = Matrix.of(2, 2, 1.0, 2.0,
     *                                  3.0, 4.0);}</pre>
     *
     * @param rows   number of rows, ≥ 0
     * @param cols   number of columns, ≥ 0
     * @param values rows·cols values, row-major; copied, not modified
     * @return the new matrix
     * @throws IllegalArgumentException if {@code values.length ≠ rows·cols} or a dimension is negative
     */
    public static Matrix of(int rows, int cols, double... values) {
        int size = checkedSize(rows, cols);
        if (values.length != size) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "of: %d values given for a %s matrix, expected %d", values.length, ShapeException.shape(rows, cols),
                    size));
        }
        return new Matrix(rows, cols, values.clone());
    }

    /**
     * A new matrix holding a copy of the given rows.
     *
     * @param rows the rows, all of the same length; copied, not modified. An empty array gives a 0×0
     *             matrix.
     * @return the new {@code rows.length × rows[0].length} matrix
     * @throws IllegalArgumentException if the rows differ in length
     */
    public static Matrix fromRows(double[]... rows) {
        int r = rows.length;
        int c = r == 0 ? 0 : rows[0].length;
        Matrix m = zeros(r, c);
        for (int i = 0; i < r; i++) {
            if (rows[i].length != c) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "fromRows: row %d has %d values, row 0 has %d", i, rows[i].length, c));
            }
            System.arraycopy(rows[i], 0, m.data, i * c, c);
        }
        return m;
    }

    /**
     * A new {@code 1 × values.length} row vector holding a copy of {@code values}.
     *
     * @param values the elements; copied, not modified
     * @return the new row vector
     */
    public static Matrix row(double... values) {
        return new Matrix(1, values.length, values.clone());
    }

    /**
     * A new {@code values.length × 1} column vector holding a copy of {@code values}.
     *
     * @param values the elements; copied, not modified
     * @return the new column vector
     */
    public static Matrix column(double... values) {
        return new Matrix(values.length, 1, values.clone());
    }

    /**
     * A matrix that uses {@code data} itself as its storage, <em>without copying</em>: later writes to
     * the array show in the matrix and the other way round.
     *
     * @param rows number of rows, ≥ 0
     * @param cols number of columns, ≥ 0
     * @param data rows·cols values, row-major; kept, not copied
     * @return a matrix backed by {@code data}
     * @throws IllegalArgumentException if {@code data.length ≠ rows·cols} or a dimension is negative
     */
    public static Matrix wrap(int rows, int cols, double[] data) {
        int size = checkedSize(rows, cols);
        if (data.length != size) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "wrap: array of %d values for a %s matrix, expected %d", data.length,
                    ShapeException.shape(rows, cols), size));
        }
        return new Matrix(rows, cols, data);
    }

    private static int checkedSize(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("matrix dimensions must be ≥ 0, got " + ShapeException.shape(rows, cols));
        }
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("matrix of " + ShapeException.shape(rows, cols)
                    + " has more elements than a Java array can hold");
        }
        return (int) size;
    }

    // ---------------------------------------------------------------- access

    /**
     * The number of rows.
     *
     * @return rows, ≥ 0
     */
    public int rows() {
        return rows;
    }

    /**
     * The number of columns.
     *
     * @return cols, ≥ 0
     */
    public int cols() {
        return cols;
    }

    /**
     * The number of elements, rows·cols.
     *
     * @return the element count
     */
    public int size() {
        return data.length;
    }

    /**
     * Whether this matrix has the given shape.
     *
     * @param rows the expected rows
     * @param cols the expected columns
     * @return {@code true} if {@code rows() == rows && cols() == cols}
     */
    public boolean hasShape(int rows, int cols) {
        return this.rows == rows && this.cols == cols;
    }

    /**
     * Whether this matrix has the same shape as {@code other}.
     *
     * @param other another matrix, not modified
     * @return {@code true} if rows and columns are equal
     */
    public boolean sameShape(Matrix other) {
        return rows == other.rows && cols == other.cols;
    }

    /**
     * This matrix's shape as {@code rows×cols}, e.g. {@code "32×784"}.
     *
     * @return the shape
     */
    public String shape() {
        return ShapeException.shape(rows, cols);
    }

    /**
     * The element at row {@code r}, column {@code c}.
     *
     * @param r row index, 0 ≤ r &lt; rows
     * @param c column index, 0 ≤ c &lt; cols
     * @return the element
     * @throws IndexOutOfBoundsException if an index is out of range, naming both indices and the shape
     */
    public double get(int r, int c) {
        return data[index(r, c)];
    }

    /**
     * Sets the element at row {@code r}, column {@code c}. Modifies this matrix.
     *
     * @param r     row index, 0 ≤ r &lt; rows
     * @param c     column index, 0 ≤ c &lt; cols
     * @param value the new value
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public void set(int r, int c, double value) {
        data[index(r, c)] = value;
    }

    private int index(int r, int c) {
        if (r < 0 || r >= rows || c < 0 || c >= cols) {
            throw new IndexOutOfBoundsException(String.format(Locale.ROOT,
                    "index (%d, %d) is outside a %s matrix", r, c, shape()));
        }
        return r * cols + c;
    }

    /**
     * The backing array itself, <em>not a copy</em>: row-major, element (r, c) at {@code r * cols + c}.
     * Writes to it change this matrix. Meant for loops that must not allocate, such as an activation's
     * element-wise pass; everything else should use {@link #toArray()}.
     *
     * @return the storage of this matrix
     */
    public double[] backingArray() {
        return data;
    }

    /**
     * A copy of the elements, row-major.
     *
     * @return a new array of rows·cols values
     */
    public double[] toArray() {
        return data.clone();
    }

    /**
     * A copy of the elements as an array of rows.
     *
     * @return a new {@code rows × cols} array
     */
    public double[][] toArray2D() {
        double[][] out = new double[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = Arrays.copyOfRange(data, r * cols, (r + 1) * cols);
        }
        return out;
    }

    /**
     * A copy of this matrix.
     *
     * @return a new matrix with the same shape and elements
     */
    public Matrix copy() {
        return new Matrix(rows, cols, data.clone());
    }

    /**
     * A copy of the rows {@code from} (inclusive) to {@code to} (exclusive).
     *
     * @param from first row, 0 ≤ from ≤ to
     * @param to   end row, from ≤ to ≤ rows
     * @return a new {@code (to − from) × cols} matrix
     * @throws IndexOutOfBoundsException if the range is not within the rows
     */
    public Matrix rowRange(int from, int to) {
        if (from < 0 || to > rows || from > to) {
            throw new IndexOutOfBoundsException(String.format(Locale.ROOT,
                    "rowRange: rows [%d, %d) are outside a %s matrix", from, to, shape()));
        }
        return new Matrix(to - from, cols, Arrays.copyOfRange(data, from * cols, to * cols));
    }

    /**
     * Copies the elements of {@code source} into this matrix. Modifies this matrix.
     *
     * @param source a matrix of the same shape, not modified
     * @return this matrix
     * @throws ShapeException if the shapes differ
     */
    public Matrix setTo(Matrix source) {
        requireSameShape("setTo", this, source);
        System.arraycopy(source.data, 0, data, 0, data.length);
        return this;
    }

    /**
     * Sets every element to {@code value}. Modifies this matrix.
     *
     * @param value the new value of every element
     * @return this matrix
     */
    public Matrix fill(double value) {
        Arrays.fill(data, value);
        return this;
    }

    /**
     * Sets every element, in row-major order, to the next value of {@code values}. Modifies this matrix.
     *
     * @param values called once per element, row by row
     * @return this matrix
     */
    public Matrix fill(DoubleSupplier values) {
        for (int i = 0; i < data.length; i++) {
            data[i] = values.getAsDouble();
        }
        return this;
    }

    // ---------------------------------------------------------------- products

    /**
     * The product A·B, where A is this matrix.
     *
     * @param right B, {@code cols × n}, not modified
     * @return a new {@code rows × n} matrix
     * @throws ShapeException if {@code cols ≠ right.rows}
     */
    public Matrix times(Matrix right) {
        Matrix out = zeros(rows, right.cols);
        timesInto(right, out);
        return out;
    }

    /**
     * out = A·B, where A is this matrix. Allocates nothing.
     *
     * @param right B, {@code cols × n}, not modified
     * @param out   the result, {@code rows × n}; modified. Must not be A or B.
     * @return {@code out}
     * @throws ShapeException           if {@code cols ≠ right.rows} or {@code out} is not {@code rows × n}
     * @throws IllegalArgumentException if {@code out} is one of the operands
     */
    public Matrix timesInto(Matrix right, Matrix out) {
        return timesInto(right, out, 1);
    }

    /**
     * out = A·B, where A is this matrix, on up to {@code threads} threads. Allocates nothing. The result
     * is bitwise the same for every thread count; small products run on the calling thread alone.
     *
     * @param right   B, {@code cols × n}, not modified
     * @param out     the result, {@code rows × n}; modified. Must not be A or B.
     * @param threads the most threads to use, the calling thread included, ≥ 1
     * @return {@code out}
     * @throws ShapeException           if {@code cols ≠ right.rows} or {@code out} is not {@code rows × n}
     * @throws IllegalArgumentException if {@code out} is one of the operands or {@code threads} &lt; 1
     */
    public Matrix timesInto(Matrix right, Matrix out, int threads) {
        requireThreads("times", threads);
        if (cols != right.rows) {
            throw ShapeException.of("times: cannot multiply %s by %s (left.cols %d ≠ right.rows %d)",
                    shape(), right.shape(), cols, right.rows);
        }
        requireOutput("times", out, rows, right.cols, this, right);
        Kernels.gemm(data, right.data, out.data, rows, cols, right.cols, threads);
        return out;
    }

    /**
     * The product Aᵀ·B, where A is this matrix, computed without forming Aᵀ. Backpropagation uses it
     * for C′(W) = Inputᵀ·E.
     *
     * @param right B, {@code rows × n}, not modified
     * @return a new {@code cols × n} matrix
     * @throws ShapeException if {@code rows ≠ right.rows}
     */
    public Matrix transposeTimes(Matrix right) {
        Matrix out = zeros(cols, right.cols);
        transposeTimesInto(right, out);
        return out;
    }

    /**
     * out = Aᵀ·B, where A is this matrix, without forming Aᵀ. Allocates nothing.
     *
     * @param right B, {@code rows × n}, not modified
     * @param out   the result, {@code cols × n}; modified. Must not be A or B.
     * @return {@code out}
     * @throws ShapeException           if {@code rows ≠ right.rows} or {@code out} is not {@code cols × n}
     * @throws IllegalArgumentException if {@code out} is one of the operands
     */
    public Matrix transposeTimesInto(Matrix right, Matrix out) {
        return transposeTimesInto(right, out, 1);
    }

    /**
     * out = Aᵀ·B, where A is this matrix, without forming Aᵀ, on up to {@code threads} threads. Allocates
     * nothing. The result is bitwise the same for every thread count.
     *
     * @param right   B, {@code rows × n}, not modified
     * @param out     the result, {@code cols × n}; modified. Must not be A or B.
     * @param threads the most threads to use, the calling thread included, ≥ 1
     * @return {@code out}
     * @throws ShapeException           if {@code rows ≠ right.rows} or {@code out} is not {@code cols × n}
     * @throws IllegalArgumentException if {@code out} is one of the operands or {@code threads} &lt; 1
     */
    public Matrix transposeTimesInto(Matrix right, Matrix out, int threads) {
        return transposeTimesInto(right, 1.0, out, threads);
    }

    /**
     * out = s·(Aᵀ·B), where A is this matrix, on up to {@code threads} threads: each element's sum, then one
     * multiplication by s as it is stored. Bitwise the same as {@code transposeTimesInto(right, out, threads)}
     * followed by {@code out.scaleInPlace(s)}, without that second pass over out; this is how a layer computes
     * its gradient C′(W) = (1/n)·Inputᵀ·E. Allocates nothing; bitwise the same for every thread count.
     *
     * @param right   B, {@code rows × n}, not modified
     * @param scale   s
     * @param out     the result, {@code cols × n}; modified. Must not be A or B.
     * @param threads the most threads to use, the calling thread included, ≥ 1
     * @return {@code out}
     * @throws ShapeException           if {@code rows ≠ right.rows} or {@code out} is not {@code cols × n}
     * @throws IllegalArgumentException if {@code out} is one of the operands or {@code threads} &lt; 1
     */
    public Matrix transposeTimesInto(Matrix right, double scale, Matrix out, int threads) {
        requireThreads("transposeTimes", threads);
        if (rows != right.rows) {
            throw ShapeException.of("transposeTimes: cannot multiply (%s)ᵀ by %s (left.rows %d ≠ right.rows %d)",
                    shape(), right.shape(), rows, right.rows);
        }
        requireOutput("transposeTimes", out, cols, right.cols, this, right);
        Kernels.gemmTransA(data, right.data, out.data, cols, rows, right.cols, scale, threads);
        return out;
    }

    /**
     * The product A·Bᵀ, where A is this matrix, computed without forming Bᵀ. Backpropagation uses it for
     * the error passed back, E·Wᵀ.
     *
     * @param right B, {@code n × cols}, not modified
     * @return a new {@code rows × n} matrix
     * @throws ShapeException if {@code cols ≠ right.cols}
     */
    public Matrix timesTranspose(Matrix right) {
        Matrix out = zeros(rows, right.rows);
        timesTransposeInto(right, out);
        return out;
    }

    /**
     * out = A·Bᵀ, where A is this matrix, without forming Bᵀ. Allocates nothing.
     *
     * @param right B, {@code n × cols}, not modified
     * @param out   the result, {@code rows × n}; modified. Must not be A or B.
     * @return {@code out}
     * @throws ShapeException           if {@code cols ≠ right.cols} or {@code out} is not {@code rows × n}
     * @throws IllegalArgumentException if {@code out} is one of the operands
     */
    public Matrix timesTransposeInto(Matrix right, Matrix out) {
        return timesTransposeInto(right, out, 1);
    }

    /**
     * out = A·Bᵀ, where A is this matrix, without forming Bᵀ, on up to {@code threads} threads. Allocates
     * nothing. The result is bitwise the same for every thread count.
     *
     * @param right   B, {@code n × cols}, not modified
     * @param out     the result, {@code rows × n}; modified. Must not be A or B.
     * @param threads the most threads to use, the calling thread included, ≥ 1
     * @return {@code out}
     * @throws ShapeException           if {@code cols ≠ right.cols} or {@code out} is not {@code rows × n}
     * @throws IllegalArgumentException if {@code out} is one of the operands or {@code threads} &lt; 1
     */
    public Matrix timesTransposeInto(Matrix right, Matrix out, int threads) {
        requireThreads("timesTranspose", threads);
        if (cols != right.cols) {
            throw ShapeException.of("timesTranspose: cannot multiply %s by (%s)ᵀ (left.cols %d ≠ right.cols %d)",
                    shape(), right.shape(), cols, right.cols);
        }
        requireOutput("timesTranspose", out, rows, right.rows, this, right);
        Kernels.gemmTransB(data, right.data, out.data, rows, cols, right.rows, threads);
        return out;
    }

    // ---------------------------------------------------------------- element-wise

    /**
     * The element-wise sum A + B.
     *
     * @param other B, same shape, not modified
     * @return a new matrix
     * @throws ShapeException if the shapes differ
     */
    public Matrix plus(Matrix other) {
        return copy().plusInPlace(other);
    }

    /**
     * A ← A + B element-wise, where A is this matrix. Modifies this matrix.
     *
     * @param other B, same shape, not modified
     * @return this matrix
     * @throws ShapeException if the shapes differ
     */
    public Matrix plusInPlace(Matrix other) {
        requireSameShape("plus", this, other);
        double[] o = other.data;
        for (int i = 0; i < data.length; i++) {
            data[i] += o[i];
        }
        return this;
    }

    /**
     * The element-wise difference A − B.
     *
     * @param other B, same shape, not modified
     * @return a new matrix
     * @throws ShapeException if the shapes differ
     */
    public Matrix minus(Matrix other) {
        return copy().minusInPlace(other);
    }

    /**
     * A ← A − B element-wise, where A is this matrix. Modifies this matrix.
     *
     * @param other B, same shape, not modified
     * @return this matrix
     * @throws ShapeException if the shapes differ
     */
    public Matrix minusInPlace(Matrix other) {
        requireSameShape("minus", this, other);
        double[] o = other.data;
        for (int i = 0; i < data.length; i++) {
            data[i] -= o[i];
        }
        return this;
    }

    /**
     * out = A − B element-wise, where A is this matrix. Allocates nothing; {@code out} may be A or B.
     *
     * @param other B, same shape, not modified (unless it is {@code out})
     * @param out   the result, same shape; modified
     * @return {@code out}
     * @throws ShapeException if the shapes differ
     */
    public Matrix minusInto(Matrix other, Matrix out) {
        requireSameShape("minus", this, other);
        requireSameShape("minusInto", this, out);
        double[] o = other.data;
        double[] r = out.data;
        for (int i = 0; i < data.length; i++) {
            r[i] = data[i] - o[i];
        }
        return out;
    }

    /**
     * A ← A + α·B element-wise, where A is this matrix (the BLAS "axpy"). Modifies this matrix.
     *
     * @param alpha the factor α
     * @param other B, same shape, not modified
     * @return this matrix
     * @throws ShapeException if the shapes differ
     */
    public Matrix plusScaledInPlace(double alpha, Matrix other) {
        requireSameShape("plusScaled", this, other);
        double[] o = other.data;
        for (int i = 0; i < data.length; i++) {
            data[i] = Math.fma(alpha, o[i], data[i]);
        }
        return this;
    }

    /**
     * The element-wise (Hadamard) product A ⊙ B.
     *
     * @param other B, same shape, not modified
     * @return a new matrix
     * @throws ShapeException if the shapes differ
     */
    public Matrix hadamard(Matrix other) {
        return copy().hadamardInPlace(other);
    }

    /**
     * A ← A ⊙ B element-wise, where A is this matrix. Modifies this matrix.
     *
     * @param other B, same shape, not modified
     * @return this matrix
     * @throws ShapeException if the shapes differ
     */
    public Matrix hadamardInPlace(Matrix other) {
        requireSameShape("hadamard", this, other);
        double[] o = other.data;
        for (int i = 0; i < data.length; i++) {
            data[i] *= o[i];
        }
        return this;
    }

    /**
     * The product s·A of every element with a scalar.
     *
     * @param factor the scalar s
     * @return a new matrix
     */
    public Matrix scale(double factor) {
        return copy().scaleInPlace(factor);
    }

    /**
     * A ← s·A. Modifies this matrix.
     *
     * @param factor the scalar s
     * @return this matrix
     */
    public Matrix scaleInPlace(double factor) {
        for (int i = 0; i < data.length; i++) {
            data[i] *= factor;
        }
        return this;
    }

    /**
     * A ← diag(s)·A: row i multiplied by sᵢ, as the weighted backward pass weights the output error
     * ({@code Eo[i, ·] ← wᵢ · Eo[i, ·]}). Modifies this matrix.
     *
     * @param factors s, one per row; not modified
     * @return this matrix
     * @throws ShapeException if there is not one factor per row
     */
    public Matrix scaleRowsInPlace(double[] factors) {
        if (factors.length != rows) {
            throw ShapeException.of("scaleRows: %d factors for the %d rows of %s (expected one per row)",
                    factors.length, rows, shape());
        }
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            double s = factors[r];
            for (int c = 0; c < cols; c++) {
                data[base + c] *= s;
            }
        }
        return this;
    }

    /**
     * A + b with the row vector b added to every row: the bias broadcast of {@code Z = X·W + B}.
     *
     * @param row b, {@code 1 × cols}, not modified
     * @return a new matrix
     * @throws ShapeException if {@code row} is not {@code 1 × cols}
     */
    public Matrix plusRow(Matrix row) {
        return copy().plusRowInPlace(row);
    }

    /**
     * A ← A + b with the row vector b added to every row. Modifies this matrix.
     *
     * @param row b, {@code 1 × cols}, not modified
     * @return this matrix
     * @throws ShapeException if {@code row} is not {@code 1 × cols}
     */
    public Matrix plusRowInPlace(Matrix row) {
        if (row.rows != 1 || row.cols != cols) {
            throw ShapeException.of("plusRow: cannot add %s to each row of %s (expected a 1×%d row)",
                    row.shape(), shape(), cols);
        }
        double[] b = row.data;
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                data[base + c] += b[c];
            }
        }
        return this;
    }

    /**
     * The sum of each column, as a row vector: the bias gradient's Σᵢ Eᵢ.
     *
     * @return a new {@code 1 × cols} matrix
     */
    public Matrix columnSums() {
        return columnSumsInto(zeros(1, cols));
    }

    /**
     * out = the sum of each column of A, where A is this matrix. Allocates nothing.
     *
     * @param out the result, {@code 1 × cols}; modified. Must not be this matrix.
     * @return {@code out}
     * @throws ShapeException           if {@code out} is not {@code 1 × cols}
     * @throws IllegalArgumentException if {@code out} is this matrix
     */
    public Matrix columnSumsInto(Matrix out) {
        requireOutput("columnSums", out, 1, cols, this, this);
        double[] s = out.data;
        Arrays.fill(s, 0.0);
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                s[c] += data[base + c];
            }
        }
        return out;
    }

    /**
     * The sum of all elements.
     *
     * @return Σ aᵢⱼ (0 for an empty matrix)
     */
    public double sum() {
        double s = 0.0;
        for (double v : data) {
            s += v;
        }
        return s;
    }

    /**
     * A new matrix with {@code f} applied to every element.
     *
     * @param f the function, applied once per element in row-major order
     * @return a new matrix of the same shape
     */
    public Matrix map(DoubleUnaryOperator f) {
        return mapInto(f, zeros(rows, cols));
    }

    /**
     * out = f(A) element-wise, where A is this matrix. {@code out} may be this matrix.
     *
     * @param f   the function, applied once per element in row-major order
     * @param out the result, same shape; modified
     * @return {@code out}
     * @throws ShapeException if {@code out} has another shape
     */
    public Matrix mapInto(DoubleUnaryOperator f, Matrix out) {
        requireSameShape("mapInto", this, out);
        double[] r = out.data;
        for (int i = 0; i < data.length; i++) {
            r[i] = f.applyAsDouble(data[i]);
        }
        return out;
    }

    /**
     * The transpose Aᵀ.
     *
     * @return a new {@code cols × rows} matrix
     */
    public Matrix transpose() {
        Matrix t = zeros(cols, rows);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t.data[c * rows + r] = data[r * cols + c];
            }
        }
        return t;
    }

    /**
     * For each row, the index of its largest element, by the rule of {@link #argMaxOfRow}. This is how a
     * class is read off a row of class scores.
     *
     * @return a new array of {@code rows} indices
     * @throws IllegalStateException if the matrix has no columns but has rows
     */
    public int[] rowArgMax() {
        int[] out = new int[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = argMaxOfRow(r);
        }
        return out;
    }

    /**
     * The column of the largest element of row {@code r}: the first one on a tie, and NaN counts as
     * largest (so a row gone bad is never silently read as a confident class). Allocates nothing.
     *
     * @param r the row, 0 ≤ r &lt; rows
     * @return the column index
     * @throws IndexOutOfBoundsException if {@code r} is out of range
     * @throws IllegalStateException     if the matrix has no columns
     */
    public int argMaxOfRow(int r) {
        if (r < 0 || r >= rows) {
            throw new IndexOutOfBoundsException(String.format(Locale.ROOT, "argMaxOfRow: row %d is outside a %s matrix",
                    r, shape()));
        }
        if (cols == 0) {
            throw new IllegalStateException("argMaxOfRow: a " + shape() + " matrix has no columns to choose from");
        }
        int base = r * cols;
        int best = 0;
        for (int c = 1; c < cols; c++) {
            double v = data[base + c];
            if (v > data[base + best] || (Double.isNaN(v) && !Double.isNaN(data[base + best]))) {
                best = c;
            }
        }
        return best;
    }

    /**
     * The largest absolute difference between corresponding elements.
     *
     * @param other a matrix of the same shape, not modified
     * @return maxᵢⱼ |aᵢⱼ − bᵢⱼ| (0 for empty matrices; NaN if any difference is NaN)
     * @throws ShapeException if the shapes differ
     */
    public double maxAbsDifference(Matrix other) {
        requireSameShape("maxAbsDifference", this, other);
        double max = 0.0;
        for (int i = 0; i < data.length; i++) {
            double d = Math.abs(data[i] - other.data[i]);
            if (!(d <= max)) {
                max = d;
            }
        }
        return max;
    }

    // ---------------------------------------------------------------- checks

    private static void requireSameShape(String op, Matrix a, Matrix b) {
        if (!a.sameShape(b)) {
            throw ShapeException.of("%s: shapes %s and %s differ (element-wise operations need equal shapes)",
                    op, a.shape(), b.shape());
        }
    }

    private static void requireThreads(String op, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException(op + ": the thread count must be ≥ 1, got " + threads);
        }
    }

    private static void requireOutput(String op, Matrix out, int rows, int cols, Matrix left, Matrix right) {
        if (!out.hasShape(rows, cols)) {
            throw ShapeException.of("%s: output is %s, expected %s", op, out.shape(), ShapeException.shape(rows, cols));
        }
        if (out.data == left.data || out.data == right.data) {
            throw new IllegalArgumentException(op + ": the output must not share storage with an operand");
        }
    }

    // ---------------------------------------------------------------- object

    /**
     * Two matrices are equal when they have the same shape and bitwise the same elements (as
     * {@link Double#equals}: NaN equals NaN, 0.0 differs from −0.0).
     *
     * @param o another object
     * @return whether {@code o} is an equal matrix
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix m && rows == m.rows && cols == m.cols && Arrays.equals(data, m.data);
    }

    /**
     * A hash consistent with {@link #equals}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    /**
     * The shape, then the rows, as {@code numpy} would print them: six significant digits, columns
     * aligned on the decimal point, {@code 0} for both zeros; a matrix with more than
     * {@value MatrixText#MAX_ROWS} rows or {@value MatrixText#MAX_COLS} columns shows its first and last
     * rows and columns with {@code ⋮} and {@code …} between.
     *
     * <pre>
     * Matrix 2×3
     *   1  -2.5  3
     *   4   5    0.125
     * </pre>
     *
     * @return a readable rendering
     */
    @Override
    public String toString() {
        String rowsText = MatrixText.block(data, rows, cols, 6, "  ");
        return rowsText.isEmpty() ? "Matrix " + shape() : "Matrix " + shape() + "\n" + rowsText;
    }

}
