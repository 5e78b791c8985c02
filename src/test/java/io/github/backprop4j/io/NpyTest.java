package io.github.backprop4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NpyTest {

    /** An .npy entry with the given header text (padded by us with spaces to 64-byte alignment) and data. */
    private static byte[] npy(int major, String dict, double... data) {
        int length = dict.length() + 1;
        int pad = (64 - (10 + length) % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        byte[] out = new byte[10 + header.length() + 8 * data.length];
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0,
                (byte) header.length(), (byte) (header.length() >>> 8)};
        System.arraycopy(magic, 0, out, 0, 10);
        System.arraycopy(header.getBytes(StandardCharsets.ISO_8859_1), 0, out, 10, header.length());
        System.arraycopy(Npy.write(1, data.length, data), Npy.header(1, data.length).length, out,
                10 + header.length(), 8 * data.length);
        return out;
    }

    /** Reads {@code npy} as the only entry, 't.npy', of a zip archive: its data is at file offset 35. */
    private static double[] read(byte[] npy, int rows, int cols, boolean allowVector) throws IOException {
        TestZip z = new TestZip();
        z.add("t.npy", npy);
        byte[] zip = z.build();
        ByteSource file = ByteSource.of(zip);
        try (EntryReader in = EntryReader.open(file, TestZip.entries(zip).get(0), Integer.MAX_VALUE, "")) {
            return Npy.read(in, rows, cols, allowVector);
        }
    }

    private static void assertRefused(byte[] npy, int rows, int cols, String... words) {
        assertThatThrownBy(() -> read(npy, rows, cols, true))
                .isInstanceOf(ModelFileException.class)
                .satisfies(e -> {
                    for (String w : words) {
                        assertThat(e.getMessage()).contains(w);
                    }
                });
    }

    @Test
    void headerIsAlignedTo64AndLeavesNumpysGrowthSpace() {
        for (int rows : new int[] {1, 9, 10, 12345, Integer.MAX_VALUE}) {
            for (int cols : new int[] {1, 784, Integer.MAX_VALUE}) {
                byte[] h = Npy.header(rows, cols);
                assertThat(h).hasSize(128); // always, for two int dimensions (docs/file-format.md §3)
                String text = new String(h, 10, h.length - 10, StandardCharsets.US_ASCII);
                assertThat(text).startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (" + rows + ", "
                        + cols + "), }" + " ".repeat(21 - Integer.toString(rows).length())).endsWith(" \n");
            }
        }
        assertThat(Npy.header(2, 3)).hasSize(128); // as numpy.save(np.zeros((2, 3))) writes it
    }

    @Test
    void writeThenReadGivesTheSameBits() throws IOException {
        double[] values = {-0.0, 1.5, Double.MIN_VALUE, -Double.MAX_VALUE, 1.0 / 3, 7};
        assertThat(read(Npy.write(2, 3, values), 2, 3, false)).isEqualTo(values);
    }

    @Test
    void acceptsHeadersAsOtherNumpyVersionsWriteThem() throws IOException {
        // Key order, quotes, no trailing comma, no growth padding, 16-byte alignment of old NumPy.
        assertThat(read(npy(1, "{'shape': (1, 2), 'fortran_order': False, 'descr': '<f8'}", 1, 2), 1, 2, false))
                .containsExactly(1, 2);
        assertThat(read(npy(1, "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (1, 2)}", 3, 4), 1, 2,
                false)).containsExactly(3, 4);
        assertThat(read(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 1L), }", 5, 6), 2, 1,
                false)).containsExactly(5, 6);
        // A bias as NumPy users write it: shape (n,).
        assertThat(read(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 7, 8), 1, 2, true))
                .containsExactly(7, 8);
    }

    @Test
    void refusesOtherDtypesOrdersVersionsAndShapes() {
        assertRefused(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", 1), 1, 2, "dtype '<f4'",
                "astype('<f8')");
        assertRefused(npy(1, "{'descr': '>f8', 'fortran_order': False, 'shape': (1, 2), }", 1, 2), 1, 2,
                "dtype '>f8'");
        assertRefused(npy(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (1, 2), }", 1, 2), 1, 2,
                "fortran_order is True", "ascontiguousarray");
        assertRefused(npy(2, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", 1, 2), 1, 2,
                "format version 2.0");
        assertRefused(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }", 1, 2), 1, 2,
                "shape (2, 1), but model.json describes (1, 2) or (2,)");
        assertRefused(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 2), }", 1, 2), 1, 2,
                "shape (1, 1, 2)");
        assertRefused(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2, 3, 4), }", 1, 2), 1, 2,
                "more than 2 dimensions");
        assertRefused(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", 1), 1, 1, "shape ()");
        assertRefused(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 3), }", 1, 2), 1, 3,
                "16 bytes of data after the header, but shape (1, 3) needs 24");
        assertRefused(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 99999999999999), }", 1), 1, 1,
                "more than 12 digits");
    }

    /** NumPy refuses both (ast.literal_eval): "shape is not valid: 7", "Cannot parse header"; so does this reader. */
    @Test
    void refusesShapesThatAreNotPythonTuplesOfIntegers() throws IOException {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': %s, }";
        assertRefused(npy(1, String.format(dict, "(7)"), 1, 2, 3, 4, 5, 6, 7), 1, 7, "malformed .npy header",
                "the shape (7) is an integer in parentheses, not a tuple; a 1-D shape is written (7,)");
        assertRefused(npy(1, String.format(dict, "(05, 7)"), new double[35]), 5, 7,
                "a dimension with a leading zero, which a Python literal cannot have");
        assertRefused(npy(1, String.format(dict, "(5, 07)"), new double[35]), 5, 7, "leading zero");
        assertRefused(npy(1, String.format(dict, "(1, 00)"), new double[0]), 1, 1, "leading zero");
        // what Python reads: (7,), a trailing comma after two, zero alone
        assertThat(read(npy(1, String.format(dict, "(7,)"), 1, 2, 3, 4, 5, 6, 7), 1, 7, true)).hasSize(7);
        assertThat(read(npy(1, String.format(dict, "(1, 7,)"), 1, 2, 3, 4, 5, 6, 7), 1, 7, false)).hasSize(7);
        assertRefused(npy(1, String.format(dict, "(0, 7)")), 1, 7, "shape (0, 7), but model.json describes (1, 7)");
    }

    @Test
    void refusesMalformedHeaders() {
        String ok = "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }";
        assertRefused(npy(1, ok.replace("'descr': '<f8', ", ""), 1), 1, 1, "lacks one of the keys");
        assertRefused(npy(1, ok.replace("}", "'extra': 1, }"), 1), 1, 1, "unknown key 'extra'");
        assertRefused(npy(1, ok.replace("}", "'shape': (1, 1), }"), 1), 1, 1, "'shape' appears twice");
        assertRefused(npy(1, ok.replace("False", "false"), 1), 1, 1, "expected True or False");
        assertRefused(npy(1, ok.replace("(1, 1)", "[1, 1]"), 1), 1, 1, "expected '('");
        assertRefused(npy(1, ok.replace("'<f8'", "'<f8"), 1), 1, 1, "malformed .npy header");
        assertRefused(npy(1, ok + " x", 1), 1, 1, "only spaces and a final newline");
        byte[] noNewline = npy(1, ok, 1);
        noNewline[10 + ZipArchive.u16(noNewline, 8) - 1] = ' ';
        assertRefused(noNewline, 1, 1, "final newline");
    }

    @Test
    void refusesTruncatedHeadersAndForeignMagic() {
        byte[] good = Npy.write(1, 1, new double[] {1});
        assertRefused(Arrays.copyOf(good, 9), 1, 1, "too few for a .npy header");
        assertRefused(Arrays.copyOf(good, 40), 1, 1, "header length 118 runs past the end of the entry (40 bytes)");
        byte[] magic = good.clone();
        magic[1] = 'X';
        assertRefused(magic, 1, 1, "not a .npy array", "93 58 55 4D 50 59", "file offset 35");
        byte[] huge = good.clone();
        huge[8] = (byte) 0xFF;
        huge[9] = (byte) 0xFF;
        assertRefused(huge, 1, 1, "header length 65535 runs past the end");
    }

    @Test
    void refusesNonFiniteValuesNamingTheElementAndOffset() {
        byte[] npy = Npy.write(2, 2, new double[] {1, 2, Double.POSITIVE_INFINITY, 4});
        assertRefused(npy, 2, 2, "element (1, 0) is Infinity", "byte 144 (file offset 179)");
        assertRefused(Npy.write(1, 1, new double[] {Double.NaN}), 1, 1, "element (0, 0) is NaN");
    }
}
