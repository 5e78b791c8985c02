package io.github.backprop4j.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The NumPy {@code .npy} format, version 1.0, for C-ordered little-endian float64 arrays (NumPy's
 * {@code numpy/lib/format.py}).
 *
 * <pre>
 *   offset 0  6 bytes  magic \x93NUMPY
 *          6  1 byte   major version 1
 *          7  1 byte   minor version 0
 *          8  uint16   little-endian length L of the header
 *         10  L bytes  ASCII header: {'descr': '&lt;f8', 'fortran_order': False, 'shape': (rows, cols), }
 *                      then spaces and a final '\n', so that 10 + L is a multiple of 64
 *     10 + L           rows·cols little-endian IEEE 754 doubles, row-major
 * </pre>
 *
 * <p>The writer produces exactly NumPy 2.x's bytes for the same array (including the 21 − digits spaces
 * NumPy adds after the dictionary so the first dimension can grow in place). The reader accepts the header
 * as any NumPy 1.x/2.x writes it and refuses other versions, dtypes, Fortran order, malformed headers, shapes
 * other than the expected one, and data of the wrong length.
 */
final class Npy {

    /** The size of a header NumPy writes for a 2-D array of these dimensions is a multiple of this. */
    static final int ALIGN = 64;
    /** The longest .npy entry header this reader accepts (version 1.0 stores L in 16 bits). */
    static final int MAX_HEADER = 10 + 0xFFFF;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** The values decoded per read. */
    private static final int CHUNK_VALUES = 8192;
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    private Npy() {
    }

    /**
     * The .npy bytes of a {@code rows × cols} float64 array, byte for byte as {@code numpy.save} writes it.
     *
     * @param rows the first dimension
     * @param cols the second dimension
     * @param data rows·cols values, row-major; not modified
     * @return the .npy file
     */
    static byte[] write(int rows, int cols, double[] data) {
        byte[] header = header(rows, cols);
        byte[] out = new byte[Math.addExact(header.length, Math.multiplyExact(data.length, Double.BYTES))];
        System.arraycopy(header, 0, out, 0, header.length);
        int p = header.length;
        for (double v : data) {
            long bits = Double.doubleToRawLongBits(v);
            for (int k = 0; k < 8; k++) {
                out[p++] = (byte) (bits >>> (8 * k));
            }
        }
        return out;
    }

    /**
     * The magic, version, length and header of a {@code rows × cols} float64 array, as NumPy 2.x writes
     * them.
     *
     * @param rows the first dimension
     * @param cols the second dimension
     * @return the bytes before the data, a multiple of 64 long
     */
    static byte[] header(int rows, int cols) {
        StringBuilder dict = new StringBuilder("{'descr': '<f8', 'fortran_order': False, 'shape': (")
                .append(rows).append(", ").append(cols).append("), }");
        // NumPy leaves room for the growth axis (the first) to reach 21 digits.
        dict.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(rows).length()));
        int length = dict.length() + 1; // + '\n'
        int pad = ALIGN - (MAGIC.length + 2 + 2 + length) % ALIGN;
        dict.append(" ".repeat(pad)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[10 + text.length];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[6] = 1;
        out[7] = 0;
        out[8] = (byte) text.length;
        out[9] = (byte) (text.length >>> 8);
        System.arraycopy(text, 0, out, 10, text.length);
        return out;
    }

    /**
     * Reads a float64 array of an expected shape: the header first, then — only if it describes exactly the
     * expected array and the entry's declared size is exactly that array's — the values, into an array allocated
     * then.
     *
     * @param npy          the entry's data, at its start; read to its end and {@link EntryReader#finish finished}
     * @param rows         the expected first dimension
     * @param cols         the expected second dimension
     * @param allowVector  whether the one-dimensional shape {@code (cols,)} is accepted too (for biases when
     *                     {@code rows} is 1)
     * @return rows·cols values, row-major, all finite
     * @throws ModelFileException if the entry is not such an array, naming the byte where it goes wrong
     * @throws IOException        if the file cannot be read
     */
    static double[] read(EntryReader npy, int rows, int cols, boolean allowVector) throws IOException {
        String where = npy.describe();
        if (npy.size() < 10) {
            throw new ModelFileException(String.format(Locale.ROOT, "%s: %d bytes are too few for a .npy header",
                    where, npy.size()));
        }
        byte[] b = new byte[10];
        npy.readFully(b, 0, 10);
        if (!Arrays.equals(b, 0, 6, MAGIC, 0, 6)) {
            throw new ModelFileException(String.format(Locale.ROOT, "%s at %s: not a .npy array (starts with %s,"
                    + " expected 93 4E 55 4D 50 59 \"\\x93NUMPY\")", where, npy.at(0), ZipArchive.hex(b, 0, 6)));
        }
        if (b[6] != 1 || b[7] != 0) {
            throw new ModelFileException(String.format(Locale.ROOT, "%s at %s: .npy format version %d.%d; this"
                    + " reader supports 1.0, which NumPy writes for every array a model holds", where, npy.at(6),
                    b[6] & 0xFF, b[7] & 0xFF));
        }
        int headerLength = ZipArchive.u16(b, 8);
        if (10 + headerLength > npy.size()) {
            throw new ModelFileException(String.format(Locale.ROOT, "%s at %s: header length %d runs past the end"
                    + " of the entry (%d bytes)", where, npy.at(8), headerLength, npy.size()));
        }
        byte[] header = new byte[headerLength];
        npy.readFully(header, 0, headerLength);
        long[] shape = new HeaderParser(header, npy).parse();
        boolean matches = shape.length == 2 && shape[0] == rows && shape[1] == cols
                || allowVector && rows == 1 && shape.length == 1 && shape[0] == cols;
        if (!matches) {
            throw new ModelFileException(String.format(Locale.ROOT, "%s: shape %s, but model.json describes %s",
                    where, shapeString(shape), shapeString(new long[] {rows, cols})
                            + (allowVector && rows == 1 ? " or (" + cols + ",)" : "")));
        }
        long dataBytes = npy.size() - 10 - headerLength;
        long expectedBytes = (long) rows * cols * Double.BYTES;
        if (dataBytes != expectedBytes) {
            throw new ModelFileException(String.format(Locale.ROOT, "%s: %,d bytes of data after the header, but"
                    + " shape %s needs %,d", where, dataBytes, shapeString(shape), expectedBytes));
        }
        // Allocated only now: the shape is the planned one and the entry holds exactly its bytes (EntryReader).
        double[] values = new double[rows * cols];
        byte[] chunk = new byte[Math.min(CHUNK_VALUES, values.length) * Double.BYTES];
        for (int i = 0; i < values.length; ) {
            int n = Math.min(values.length - i, chunk.length / Double.BYTES);
            npy.readFully(chunk, 0, n * Double.BYTES);
            for (int k = 0; k < n; k++) {
                values[i++] = Double.longBitsToDouble(ZipArchive.u64(chunk, k * Double.BYTES));
            }
        }
        npy.finish(); // the CRC-32 first: a damaged file is called damaged, not "holds NaN"
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new ModelFileException(String.format(Locale.ROOT, "%s at %s: element (%d, %d) is %s; a model"
                        + " holds finite values only", where, npy.at(10 + headerLength + (long) i * Double.BYTES),
                        i / cols, i % cols, values[i]));
            }
        }
        return values;
    }

    static String shapeString(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /**
     * The header dictionary, a Python literal as {@code ast.literal_eval} (which NumPy uses) reads it: exactly the
     * keys {@code descr}, {@code fortran_order} and {@code shape} in any order, with spaces allowed between tokens,
     * an optional trailing comma, then only spaces and the final newline. The shape is a tuple of non-negative
     * decimal integers without leading zeros, so {@code (7,)} and {@code (7, 3)} are shapes but {@code (7)} (an
     * integer in parentheses) and {@code (05, 7)} (not Python 3) are not, as NumPy refuses them.
     */
    private static final class HeaderParser {
        private final byte[] b;
        private final int end;
        private final EntryReader npy;
        private final String where;
        private int p;

        HeaderParser(byte[] header, EntryReader npy) {
            this.b = header;
            this.end = header.length;
            this.npy = npy;
            this.where = npy.describe();
        }

        long[] parse() throws ModelFileException {
            String descr = null;
            Boolean fortran = null;
            long[] shape = null;
            spaces();
            expect('{');
            while (true) {
                spaces();
                if (peek() == '}') {
                    p++;
                    break;
                }
                String key = quoted();
                spaces();
                expect(':');
                spaces();
                switch (key) {
                    case "descr":
                        if (descr != null) {
                            throw error("key 'descr' appears twice");
                        }
                        descr = quoted();
                        break;
                    case "fortran_order":
                        if (fortran != null) {
                            throw error("key 'fortran_order' appears twice");
                        }
                        fortran = bool();
                        break;
                    case "shape":
                        if (shape != null) {
                            throw error("key 'shape' appears twice");
                        }
                        shape = tuple();
                        break;
                    default:
                        throw error("unknown key '" + Json.printable(key) + "' (expected descr, fortran_order, shape)");
                }
                spaces();
                if (peek() == ',') {
                    p++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}' in the header dictionary");
                }
            }
            while (p < end - 1 && (b[p] == ' ' || b[p] == '\t')) {
                p++;
            }
            if (p != end - 1 || b[p] != '\n') {
                throw error("expected only spaces and a final newline after the header dictionary");
            }
            if (descr == null || fortran == null || shape == null) {
                throw error("the header lacks one of the keys descr, fortran_order, shape");
            }
            if (!descr.equals("<f8")) {
                throw new ModelFileException(String.format(Locale.ROOT, "%s: dtype '%s'; a model holds float64"
                        + " only ('<f8', little-endian): convert with array.astype('<f8')", where,
                        Json.printable(descr)));
            }
            if (fortran) {
                throw new ModelFileException(where + ": fortran_order is True; a model holds C-ordered (row-major)"
                        + " arrays only: convert with numpy.ascontiguousarray(array)");
            }
            return shape;
        }

        private long[] tuple() throws ModelFileException {
            expect('(');
            long[] dims = new long[3];
            int n = 0;
            boolean comma = false;
            spaces();
            while (peek() != ')') {
                if (n == 3) {
                    throw error("more than 2 dimensions");
                }
                dims[n++] = integer();
                spaces();
                comma = peek() == ',';
                if (comma) {
                    p++;
                    spaces();
                } else if (peek() != ')') {
                    throw error("expected ',' or ')' in the shape");
                }
            }
            if (n == 1 && !comma) {
                throw error("the shape (" + dims[0] + ") is an integer in parentheses, not a tuple; a 1-D shape is"
                        + " written (" + dims[0] + ",)");
            }
            p++;
            return Arrays.copyOf(dims, n);
        }

        private long integer() throws ModelFileException {
            int from = p;
            long v = 0;
            while (peek() >= '0' && peek() <= '9') {
                if (p - from >= 12) {
                    throw error("a dimension with more than 12 digits");
                }
                v = v * 10 + (b[p++] - '0');
            }
            if (p == from) {
                throw error("expected a dimension (a non-negative integer)");
            }
            if (p - from > 1 && b[from] == '0') {
                p = from;
                throw error("a dimension with a leading zero, which a Python literal cannot have");
            }
            if (peek() == 'L') {
                p++; // Python 2 long literal, as very old NumPy wrote (NumPy still reads it)
            }
            return v;
        }

        private boolean bool() throws ModelFileException {
            if (startsWith("True")) {
                p += 4;
                return true;
            }
            if (startsWith("False")) {
                p += 5;
                return false;
            }
            throw error("expected True or False");
        }

        private String quoted() throws ModelFileException {
            char q = peek();
            if (q != '\'' && q != '"') {
                throw error("expected a quoted string");
            }
            int from = ++p;
            while (p < end && b[p] != q) {
                if (b[p] == '\\' || b[p] < 0x20 || b[p] > 0x7E) {
                    throw error("unexpected character in a quoted string");
                }
                p++;
            }
            if (p >= end) {
                throw error("quoted string is not closed");
            }
            return new String(b, from, p++ - from, StandardCharsets.US_ASCII);
        }

        private boolean startsWith(String word) {
            if (end - p < word.length()) {
                return false;
            }
            for (int i = 0; i < word.length(); i++) {
                if (b[p + i] != word.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private void spaces() {
            while (p < end && b[p] == ' ') {
                p++;
            }
        }

        private void expect(char c) throws ModelFileException {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            p++;
        }

        private char peek() {
            return p < end ? (char) (b[p] & 0xFF) : '\0';
        }

        private ModelFileException error(String what) {
            return new ModelFileException(String.format(Locale.ROOT, "%s: malformed .npy header at %s: %s", where,
                    npy.at(10 + p), what));
        }
    }
}
