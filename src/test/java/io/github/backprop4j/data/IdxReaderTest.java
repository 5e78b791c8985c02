package io.github.backprop4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {

    @TempDir
    Path dir;

    /** Two 2×3 ubyte images: pixel values 0…5 and 250…255. */
    private static final Matrix IMAGES = Matrix.of(2, 6, 0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255);

    // ------------------------------------------------------------ helpers building files by hand

    /** An IDX file: magic (0, 0, type, dims.length), the sizes, then {@code data}. */
    private static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] ubytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    // ------------------------------------------------------------ reading and writing

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void writtenImagesAndLabelsReadBack(boolean gzip) throws IOException {
        Path images = dir.resolve("images");
        Path labels = dir.resolve("labels");
        IdxWriter.writeImages(images, IMAGES, 2, 3, gzip);
        IdxWriter.writeLabels(labels, new int[] {7, 0}, gzip);
        byte[] head = Arrays.copyOf(Files.readAllBytes(images), 2);
        assertThat(head).isEqualTo(gzip ? ubytes(0x1f, 0x8b) : ubytes(0, 0));
        assertThat(IdxReader.readImages(images, 1.0)).isEqualTo(IMAGES);
        assertThat(IdxReader.readImages(images, 0.5)).isEqualTo(IMAGES.scale(0.5));
        assertThat(IdxReader.readLabels(labels)).containsExactly(7, 0);
    }

    @Test
    void writerLaysOutTheBytesOfTheFormat() throws IOException {
        Path images = dir.resolve("images");
        IdxWriter.writeImages(images, IMAGES, 2, 3, false);
        byte[] expected = idx(0x08, new int[] {2, 2, 3}, ubytes(0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255));
        assertThat(Files.readAllBytes(images)).isEqualTo(expected);
        Path labels = dir.resolve("labels");
        IdxWriter.writeLabels(labels, new int[] {1, 255, 0}, false);
        assertThat(Files.readAllBytes(labels)).isEqualTo(idx(0x08, new int[] {3}, ubytes(1, 255, 0)));
    }

    @Test
    void gzipOutputIsDeterministicWithModificationTimeZero() throws IOException {
        Path a = dir.resolve("a.gz");
        Path b = dir.resolve("b.gz");
        IdxWriter.writeImages(a, IMAGES, 2, 3, true);
        IdxWriter.writeImages(b, IMAGES, 2, 3, true);
        byte[] bytes = Files.readAllBytes(a);
        assertThat(bytes).isEqualTo(Files.readAllBytes(b));
        assertThat(Arrays.copyOfRange(bytes, 4, 8)).containsExactly(0, 0, 0, 0); // MTIME
    }

    @Test
    void writerRefusesValuesItCannotStore() {
        Path f = dir.resolve("never");
        Matrix half = IMAGES.copy();
        half.set(1, 2, 0.5);
        assertThatThrownBy(() -> IdxWriter.writeImages(f, half, 2, 3, false))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("writeImages: images (1, 2) is 0.5, not an integer in [0, 255]");
        Matrix big = Matrix.row(256);
        assertThatThrownBy(() -> IdxWriter.writeImages(f, big, 1, 1, false)).hasMessageContaining("is 256.0");
        assertThatThrownBy(() -> IdxWriter.writeImages(f, IMAGES, 3, 3, false))
                .isInstanceOf(ShapeException.class)
                .hasMessage("writeImages: images are 2×6, expected 3 × 3 = 9 columns (rows × cols)");
        assertThatThrownBy(() -> IdxWriter.writeLabels(f, new int[] {0, 256}, true))
                .hasMessage("writeLabels: label 256 at index 1 is outside [0, 255]");
        assertThat(f).doesNotExist();
    }

    @Test
    void readsEveryElementTypeBigEndian() throws IOException {
        ByteBuffer shorts = ByteBuffer.allocate(4).putShort((short) -300).putShort((short) 32767);
        ByteBuffer ints = ByteBuffer.allocate(8).putInt(-70000).putInt(Integer.MAX_VALUE);
        ByteBuffer floats = ByteBuffer.allocate(8).putFloat(1.5f).putFloat(-0.25f);
        ByteBuffer doubles = ByteBuffer.allocate(16).putDouble(Math.PI).putDouble(-1e300);
        assertThat(IdxReader.readImages(file("u", idx(0x08, new int[] {2}, ubytes(255, 128))), 1))
                .isEqualTo(Matrix.column(255, 128));
        assertThat(IdxReader.readImages(file("b", idx(0x09, new int[] {2}, ubytes(255, 127))), 1))
                .isEqualTo(Matrix.column(-1, 127));
        assertThat(IdxReader.readImages(file("s", idx(0x0B, new int[] {1, 2}, shorts.array())), 1))
                .isEqualTo(Matrix.row(-300, 32767));
        assertThat(IdxReader.readImages(file("i", idx(0x0C, new int[] {1, 1, 2}, ints.array())), 1))
                .isEqualTo(Matrix.row(-70000, Integer.MAX_VALUE));
        assertThat(IdxReader.readImages(file("f", idx(0x0D, new int[] {2, 1, 1, 1}, floats.array())), 2))
                .isEqualTo(Matrix.column(3, -0.5));
        assertThat(IdxReader.readImages(file("d", idx(0x0E, new int[] {2}, doubles.array())), 1))
                .isEqualTo(Matrix.column(Math.PI, -1e300));
        assertThat(IdxReader.readLabels(file("si", idx(0x0B, new int[] {2}, shorts.array())))).containsExactly(-300,
                32767);
        assertThat(IdxReader.readLabels(file("ii", idx(0x0C, new int[] {2}, ints.array())))).containsExactly(-70000,
                Integer.MAX_VALUE);
    }

    @Test
    void readsEmptyAndChunkSpanningFiles() throws IOException {
        assertThat(IdxReader.readImages(file("empty", idx(0x08, new int[] {0, 28, 28}, new byte[0])), 1).shape())
                .isEqualTo("0×784");
        // 3 × 100 × 300 ubytes = 90 000 bytes: more than one 64 KiB chunk, raw and compressed
        byte[] pixels = new byte[90_000];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 31);
        }
        byte[] bytes = idx(0x08, new int[] {3, 100, 300}, pixels);
        Matrix raw = IdxReader.readImages(file("big", bytes), 1);
        assertThat(raw.shape()).isEqualTo("3×30000");
        assertThat(raw.get(2, 29_999)).isEqualTo((89_999 * 31) & 0xFF);
        assertThat(IdxReader.readImages(file("big.gz", gzip(bytes)), 1)).isEqualTo(raw);
    }

    @Test
    void mnistScalesPixelsAndOneHotsLabels() throws IOException {
        Path images = dir.resolve("images.gz");
        Path labels = dir.resolve("labels.gz");
        IdxWriter.writeImages(images, IMAGES, 2, 3, true);
        IdxWriter.writeLabels(labels, new int[] {2, 0}, true);
        Dataset d = IdxReader.mnist(images, labels, 3);
        assertThat(d.features().maxAbsDifference(IMAGES.scale(1.0 / 255))).isZero();
        assertThat(d.features().get(1, 5)).isEqualTo(1.0);
        assertThat(d.targets()).isEqualTo(Matrix.of(2, 3, 0, 0, 1, 1, 0, 0));
    }

    @Test
    void mnistRefusesCountMismatchAndLabelsOutOfRange() throws IOException {
        Path images = dir.resolve("images");
        Path labels = dir.resolve("labels");
        IdxWriter.writeImages(images, IMAGES, 2, 3, false);
        IdxWriter.writeLabels(labels, new int[] {1, 0, 1}, false);
        assertThatThrownBy(() -> IdxReader.mnist(images, labels, 10))
                .isExactlyInstanceOf(MalformedDataException.class)
                .hasMessage(images + " holds 2 images but " + labels + " holds 3 labels");
        IdxWriter.writeLabels(labels, new int[] {1, 10}, false);
        assertThatThrownBy(() -> IdxReader.mnist(images, labels, 10))
                .isExactlyInstanceOf(MalformedDataException.class)
                .hasMessage(labels + ": label 10 at index 1 is outside [0, 10)");
        assertThatThrownBy(() -> IdxReader.mnist(images, labels, 0))
                .isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IdxReader.readImages(images, Double.NaN))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("readImages: scale must be finite, got NaN");
    }

    // ------------------------------------------------------------ truncated and corrupt files

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyTruncationIsRefusedWithMalformedDataException(boolean labels) throws IOException {
        byte[] whole = labels ? idx(0x08, new int[] {3}, ubytes(1, 2, 3))
                : idx(0x08, new int[] {2, 2, 3}, ubytes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11));
        byte[] compressed = gzip(whole);
        for (byte[] bytes : new byte[][] {whole, compressed}) {
            for (int length = 0; length < bytes.length; length++) {
                Path f = file("cut-" + length, Arrays.copyOf(bytes, length));
                int cut = length;
                assertThatThrownBy(() -> read(f, labels))
                        .as("%s truncated to %d of %d bytes", bytes == whole ? "raw" : "gzip", cut, bytes.length)
                        .isExactlyInstanceOf(MalformedDataException.class)
                        .hasMessageStartingWith(f + ": ");
            }
            read(file("whole", bytes), labels); // the untruncated file is fine
        }
    }

    private static Object read(Path f, boolean labels) throws IOException {
        return labels ? IdxReader.readLabels(f) : IdxReader.readImages(f, 1);
    }

    @Test
    void truncationMessagesNameTheByteOffset() throws IOException {
        byte[] whole = idx(0x08, new int[] {2, 2, 3}, new byte[12]);
        Path header = file("header", Arrays.copyOf(whole, 9));
        assertThatThrownBy(() -> IdxReader.readImages(header, 1)).hasMessage(header
                + ": the header runs out at byte offset 9 (12 bytes of dimension sizes from byte offset 4 expected)");
        Path data = file("data", Arrays.copyOf(whole, 20));
        assertThatThrownBy(() -> IdxReader.readImages(data, 1)).hasMessage(data + ": data runs out at byte offset 20: "
                + "the header declares 2 × 2 × 3 ubyte elements, 12 bytes from byte offset 16, but the file has 20 bytes");
        byte[] gz = gzip(Arrays.copyOf(whole, 20));
        Path gzData = file("data.gz", gz);
        assertThatThrownBy(() -> IdxReader.readImages(gzData, 1)).hasMessage(gzData
                + ": data runs out at byte offset 20 of the decompressed data: the header declares 2 × 2 × 3 ubyte "
                + "elements, 12 bytes from byte offset 16 of the decompressed data");
        Path gzCut = file("cut.gz", Arrays.copyOf(gz, gz.length - 3));
        assertThatThrownBy(() -> IdxReader.readImages(gzCut, 1))
                .isExactlyInstanceOf(MalformedDataException.class)
                .hasMessageStartingWith(gzCut + ": the gzip stream is truncated or corrupt after byte offset ");
    }

    /**
     * The stream the reader decompresses through must itself be closed, not only the file stream beneath it:
     * {@code GZIPInputStream.close} (in {@code InflaterInputStream.close}) ends the Inflater, whose native memory
     * is otherwise held until the cleaner runs. Seen from the file stream: it is closed from within
     * {@code InflaterInputStream.close}, for a good file and for a corrupt one alike.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theGzipStreamIsClosedSoItsInflaterIsEndedAtOnce(boolean corrupt) throws IOException {
        byte[] gz = gzip(idx(0x08, new int[] {3}, ubytes(1, 2, 3)));
        if (corrupt) {
            gz[gz.length - 5] ^= 0x5A;  // the length in the trailer
        }
        boolean[] closedByDecompressor = {false};
        java.io.InputStream stream = new java.io.ByteArrayInputStream(gz) {
            @Override
            public void close() {
                closedByDecompressor[0] |= StackWalker.getInstance().walk(frames -> frames.anyMatch(
                        f -> f.getClassName().equals("java.util.zip.InflaterInputStream")
                                && f.getMethodName().equals("close")));
            }
        };
        Path name = dir.resolve("labels.gz");
        if (corrupt) {
            assertThatThrownBy(() -> IdxReader.read(name, stream, gz.length, 1, true))
                    .isInstanceOf(MalformedDataException.class);
        } else {
            assertThat(IdxReader.read(name, stream, gz.length, 1, true).values()).containsExactly(1, 2, 3);
        }
        assertThat(closedByDecompressor[0]).as("closed through GZIPInputStream.close").isTrue();
    }

    @Test
    void corruptGzipIsRefused() throws IOException {
        byte[] gz = gzip(idx(0x08, new int[] {4, 8, 8}, new byte[256]));
        for (int i = 10; i < gz.length; i++) {
            byte[] bad = gz.clone();
            bad[i] ^= 0x5A;
            Path f = file("bad-" + i, bad);
            try {
                IdxReader.readImages(f, 1);
                // a flip that still inflates to a valid file must be caught by the CRC; never reached
                throw new AssertionError("flipped byte " + i + " was accepted");
            } catch (MalformedDataException expected) {
                assertThat(expected.getMessage()).startsWith(f + ": ");
            }
        }
    }

    @Test
    void extraBytesAfterTheDataAreRefused() throws IOException {
        byte[] bytes = idx(0x08, new int[] {2}, ubytes(1, 2, 3));
        Path raw = file("raw", bytes);
        assertThatThrownBy(() -> IdxReader.readLabels(raw)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessage(raw + ": 1 unexpected bytes after the data ends at byte offset 10: the header declares 2 "
                        + "ubyte elements, 2 bytes from byte offset 8");
        Path gz = file("gz", gzip(bytes));
        assertThatThrownBy(() -> IdxReader.readLabels(gz)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessageStartingWith(gz + ": unexpected bytes after the data ends at byte offset 10 of the "
                        + "decompressed data");
    }

    // ------------------------------------------------------------ hostile and wrong headers

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void headerClaimingTwoToThe31ElementsIsRefusedBeforeAllocating(boolean compress) throws IOException {
        byte[] bytes = idx(0x08, new int[] {65536, 256, 128}, new byte[64]); // 2^31 elements
        Path f = file("huge", compress ? gzip(bytes) : bytes);
        assertThatThrownBy(() -> IdxReader.readImages(f, 1)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessage(f + ": the header declares 65536 × 256 × 128 ubyte elements, more than the 2147483639 a "
                        + "Java array holds");
        byte[] wide = idx(0x0E, new int[] {0, Integer.MAX_VALUE, Integer.MAX_VALUE}, new byte[0]);
        Path w = file("wide", wide);
        assertThatThrownBy(() -> IdxReader.readImages(w, 1)).hasMessageContaining("more than the 2147483639");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void headerClaimingTheMostElementsButHoldingFewFailsFastAndCleanly(boolean compress) throws IOException {
        // 2^31 − 9 doubles would need 16 GiB: refused from the file size (raw), or when the data runs out (gzip)
        byte[] bytes = idx(0x0E, new int[] {Integer.MAX_VALUE - 8}, new byte[800]);
        Path f = file("liar", compress ? gzip(bytes) : bytes);
        assertThatThrownBy(() -> IdxReader.readImages(f, 1)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessageContaining("data runs out at byte offset 808");
    }

    @Test
    void refusesBadMagicTypeAndDimensions() throws IOException {
        Path magic = file("magic", new byte[] {1, 0, 8, 1, 0, 0, 0, 0});
        assertThatThrownBy(() -> IdxReader.readLabels(magic)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessage(magic + ": bad magic number 0x01000801 at byte offset 0: an IDX file starts with two zero "
                        + "bytes");
        Path type = file("type", idx(0x0A, new int[] {0}, new byte[0]));
        assertThatThrownBy(() -> IdxReader.readLabels(type)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessage(type + ": unknown element type 0x0A at byte offset 2 (known: 0x08 ubyte, 0x09 byte, "
                        + "0x0B short, 0x0C int, 0x0D float, 0x0E double)");
        Path none = file("none", idx(0x08, new int[0], new byte[0]));
        assertThatThrownBy(() -> IdxReader.readImages(none, 1))
                .hasMessage(none + ": 0 dimensions at byte offset 3, expected 1 to 4");
        Path five = file("five", idx(0x08, new int[] {1, 1, 1, 1, 1}, new byte[1]));
        assertThatThrownBy(() -> IdxReader.readImages(five, 1))
                .hasMessage(five + ": 5 dimensions at byte offset 3, expected 1 to 4");
        Path negative = file("negative", idx(0x08, new int[] {2, -1}, new byte[0]));
        assertThatThrownBy(() -> IdxReader.readImages(negative, 1)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessage(negative + ": dimension 1 at byte offset 8 is 4294967295, more than 2147483647");
    }

    @Test
    void labelsMustBeOneDimensionalIntegers() throws IOException {
        Path images = file("images", idx(0x08, new int[] {1, 1, 1}, new byte[1]));
        assertThatThrownBy(() -> IdxReader.readLabels(images)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessage(images + ": 3 dimensions at byte offset 3, expected 1 for labels");
        Path floats = file("floats", idx(0x0D, new int[] {1}, new byte[4]));
        assertThatThrownBy(() -> IdxReader.readLabels(floats)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessage(floats + ": labels of element type float at byte offset 2, expected an integer type");
    }

    @Test
    void refusesNonFiniteFloats() throws IOException {
        byte[] data = ByteBuffer.allocate(12).putFloat(1).putFloat(2).putFloat(Float.NaN).array();
        Path f = file("nan", idx(0x0D, new int[] {3}, data));
        assertThatThrownBy(() -> IdxReader.readImages(f, 1)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessage(f + ": element 2 at byte offset 16 is NaN");
        byte[] inf = ByteBuffer.allocate(8).putDouble(Double.NEGATIVE_INFINITY).array();
        Path g = file("inf.gz", gzip(idx(0x0E, new int[] {1}, inf)));
        assertThatThrownBy(() -> IdxReader.readImages(g, 1))
                .hasMessage(g + ": element 0 at byte offset 8 of the decompressed data is -Infinity");
    }

    @Test
    void missingFileIsAnIoException() {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> IdxReader.readImages(missing, 1)).isInstanceOf(IOException.class)
                .isNotInstanceOf(MalformedDataException.class);
    }
}
