package io.github.backprop4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
                .hasMessage("readImages: scale must be finite and not 0, got NaN");
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
                .hasMessage(gzCut + ": the gzip trailer is truncated: the file ends at byte offset " + (gz.length - 3)
                        + ", 3 of the trailer's 8 bytes (CRC-32 and length) from byte offset " + (gz.length - 8)
                        + " missing");
    }

    /** Before: "…truncated or corrupt after byte offset 28 of the decompressed data: null". */
    @Test
    void gzipMessagesNeverEndInNullAndSayWhatHappened() throws IOException {
        byte[] gz = gzip(idx(0x08, new int[] {4, 8, 8}, new byte[256]));
        for (int length = 0; length < gz.length; length++) {
            Path f = file("cut-" + length, Arrays.copyOf(gz, length));
            assertThatThrownBy(() -> IdxReader.readImages(f, 1)).isExactlyInstanceOf(MalformedDataException.class)
                    .hasMessageStartingWith(f + ": ").hasMessageNotContaining("null");
        }
        Path header = file("header.gz", Arrays.copyOf(gz, 5));
        assertThatThrownBy(() -> IdxReader.readImages(header, 1))
                .hasMessage(header + ": the gzip header is truncated: the file ends at byte offset 5");
        Path data = file("data.gz", Arrays.copyOf(gz, 15));
        assertThatThrownBy(() -> IdxReader.readImages(data, 1)).hasMessageStartingWith(data
                + ": the gzip stream is truncated: the file ends at byte offset 15, inside the compressed data");
        byte[] badCrc = gz.clone();
        badCrc[gz.length - 8] ^= 1;
        Path crc = file("crc.gz", badCrc);
        assertThatThrownBy(() -> IdxReader.readImages(crc, 1)).hasMessageStartingWith(crc
                + ": the CRC-32 in the trailer at byte offset " + (gz.length - 8) + " of the file is 0x");
        byte[] badLength = gz.clone();
        badLength[gz.length - 4] ^= 1;
        Path length = file("length.gz", badLength);
        assertThatThrownBy(() -> IdxReader.readImages(length, 1)).hasMessage(length + ": the length in the trailer at "
                + "byte offset " + (gz.length - 4) + " of the file is 273, but the data decompresses to 272 bytes");
        byte[] method = gz.clone();
        method[2] = 7;
        Path m = file("method.gz", method);
        assertThatThrownBy(() -> IdxReader.readImages(m, 1))
                .hasMessage(m + ": compression method 7 at byte offset 2 of the file, expected 8 (deflate)");
    }

    @Test
    void gzipHeaderFieldsAreSkippedAndItsCrcChecked() throws IOException {
        byte[] member = gzip(idx(0x08, new int[] {3}, ubytes(1, 2, 3)));
        // the same member with FEXTRA (2 bytes), FNAME, FCOMMENT and FHCRC in its header
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(member, 0, 3);
        out.write(0x02 | 0x04 | 0x08 | 0x10);
        out.write(member, 4, 6);
        out.writeBytes(new byte[] {2, 0, 'x', 'y'});
        out.writeBytes("labels\0a comment\0".getBytes(StandardCharsets.ISO_8859_1));
        CRC32 crc = new CRC32();
        crc.update(out.toByteArray());
        out.write((int) crc.getValue());
        out.write((int) crc.getValue() >> 8);
        int headerCrcAt = out.size() - 2;
        out.write(member, 10, member.length - 10);
        byte[] fancy = out.toByteArray();
        assertThat(IdxReader.readLabels(file("fancy.gz", fancy))).containsExactly(1, 2, 3);
        fancy[headerCrcAt] ^= 1;
        Path bad = file("bad.gz", fancy);
        assertThatThrownBy(() -> IdxReader.readLabels(bad)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessageStartingWith(bad + ": the header CRC at byte offset " + headerCrcAt + " of the file is 0x");
        byte[] reserved = member.clone();
        reserved[3] = (byte) 0x20;
        Path r = file("reserved.gz", reserved);
        assertThatThrownBy(() -> IdxReader.readLabels(r))
                .hasMessage(r + ": reserved gzip flag bits 0x20 set at byte offset 3 of the file");
    }

    /**
     * The stream the reader decompresses through must itself be closed, not only the file stream beneath it:
     * {@code GzipInput.close} ends the Inflater, whose native memory is otherwise held until the cleaner runs.
     * Seen from the file stream: it is closed from within {@code GzipInput.close}, for a good file and for a
     * corrupt one alike.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theGzipStreamIsClosedSoItsInflaterIsEndedAtOnce(boolean corrupt) throws IOException {
        byte[] gz = gzip(idx(0x08, new int[] {3}, ubytes(1, 2, 3)));
        if (corrupt) {
            gz[gz.length - 5] ^= 0x5A;  // the length in the trailer
        }
        boolean[] closedByDecompressor = {false};
        InputStream stream = new ByteArrayInputStream(gz) {
            @Override
            public void close() {
                closedByDecompressor[0] |= StackWalker.getInstance().walk(frames -> frames.anyMatch(
                        f -> f.getClassName().equals(GzipInput.class.getName())
                                && f.getMethodName().equals("close")));
            }
        };
        Path name = dir.resolve("labels.gz");
        if (corrupt) {
            assertThatThrownBy(() -> IdxReader.read(name, stream, gz.length, 1, true, 3))
                    .isInstanceOf(MalformedDataException.class);
        } else {
            assertThat(IdxReader.read(name, stream, gz.length, 1, true, 3).values()).containsExactly(1, 2, 3);
        }
        assertThat(closedByDecompressor[0]).as("closed through GzipInput.close").isTrue();
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

    /** Before: GZIPInputStream ignored bytes after the gzip trailer, and read on into a second member. */
    @Test
    void bytesOrASecondMemberAfterTheGzipStreamAreRefused() throws IOException {
        byte[] whole = idx(0x08, new int[] {3}, ubytes(1, 2, 3));
        byte[] gz = gzip(whole);
        Path garbage = file("garbage.gz", DataFiles.concat(gz, "junk".getBytes(StandardCharsets.US_ASCII)));
        assertThatThrownBy(() -> IdxReader.readLabels(garbage)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessage(garbage + ": unexpected bytes after the end of the gzip stream at byte offset " + gz.length
                        + " of the file");
        Path zero = file("zero.gz", DataFiles.concat(gz, new byte[1]));
        assertThatThrownBy(() -> IdxReader.readLabels(zero)).hasMessageContaining("at byte offset " + gz.length);
        // the IDX file split over two members, as `cat a.gz b.gz` makes: GZIPInputStream read it as one
        byte[] first = gzip(Arrays.copyOf(whole, 9));
        Path split = file("split.gz", DataFiles.concat(first, gzip(Arrays.copyOfRange(whole, 9, whole.length))));
        assertThatThrownBy(() -> IdxReader.readLabels(split)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessage(split + ": a second gzip member starts at byte offset " + first.length + " of the file, "
                        + "after the end of the first; only a file of one member is read");
        Path empty = file("empty-member.gz", DataFiles.concat(gz, gzip(new byte[0])));
        assertThatThrownBy(() -> IdxReader.readLabels(empty)).hasMessageContaining("a second gzip member");
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
        // 2^31 − 9 doubles would need 16 GiB: refused from the file size (raw), or from the header (gzip)
        byte[] bytes = idx(0x0E, new int[] {Integer.MAX_VALUE - 8}, new byte[800]);
        Path f = file("liar", compress ? gzip(bytes) : bytes);
        assertThatThrownBy(() -> IdxReader.readImages(f, 1)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessageContaining(compress ? "more than the limit of 268435456"
                        : "data runs out at byte offset 808");
        // under the limit, a gzip stream shorter than declared fails when its data runs out
        Path g = file("short.gz", gzip(idx(0x0E, new int[] {1 << 20}, new byte[800])));
        assertThatThrownBy(() -> IdxReader.readImages(g, 1)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessage(g + ": data runs out at byte offset 808 of the decompressed data: the header declares "
                        + "1048576 double elements, 8388608 bytes from byte offset 8 of the decompressed data");
    }

    /**
     * Before: a 1 MB file declaring 2³¹ − 9 labels over 1 GiB of zeros filled the heap (8 bytes a label) and
     * ended in an OutOfMemoryError. Now the header is refused before the data is decompressed (the bomb here
     * holds 2 MiB of zeros: before, it failed only when they ran out, at byte offset 2097160).
     */
    @Test
    void gzipBombIsRefusedFromItsHeaderBeforeDecompressing() throws IOException {
        Path labels = file("bomb-labels.gz", zerosAfter(idx(0x08, new int[] {Integer.MAX_VALUE - 8}, new byte[0]),
                2 << 20));
        assertThatThrownBy(() -> IdxReader.readLabels(labels)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessage(labels + ": the header declares 2147483639 ubyte elements, more than the limit of "
                        + "268435456; a caller who trusts the file can raise the limit (maxElements, maxLabels)");
        Path images = file("bomb-images.gz", zerosAfter(idx(0x08, new int[] {1 << 20, 28, 28}, new byte[0]), 1 << 20));
        assertThatThrownBy(() -> IdxReader.readImages(images, 1)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessageStartingWith(images + ": the header declares 1048576 × 28 × 28 ubyte elements "
                        + "(822083584 in all), more than the limit of 268435456");
    }

    /** Under the limit, a stream of zeros shorter than its header declares fails as truncated, naming the offset. */
    @Test
    void zerosShorterThanDeclaredFailAsTruncated() throws IOException {
        Path f = file("zeros.gz", zerosAfter(idx(0x08, new int[] {100_000_000}, new byte[0]), 1 << 20));
        assertThatThrownBy(() -> IdxReader.readLabels(f)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessageStartingWith(f + ": data runs out at byte offset 1048584 of the decompressed data: "
                        + "the header declares 100000000 ubyte elements");
    }

    /** A gzip file of {@code header} then {@code zeros} zero bytes, streamed so that nothing large is allocated. */
    private static byte[] zerosAfter(byte[] header, int zeros) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(header);
            byte[] block = new byte[1 << 16];
            for (int left = zeros; left > 0; left -= block.length) {
                gz.write(block, 0, Math.min(left, block.length));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Test
    void theCallerChoosesTheLimit() throws IOException {
        Path images = dir.resolve("images");
        IdxWriter.writeImages(images, IMAGES, 2, 3, true);
        assertThat(IdxReader.readImages(images, 1, 12)).isEqualTo(IMAGES);
        assertThatThrownBy(() -> IdxReader.readImages(images, 1, 11)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessage(images + ": the header declares 2 × 2 × 3 ubyte elements (12 in all), more than the "
                        + "limit of 11; a caller who trusts the file can raise the limit (maxElements, maxLabels)");
        Path labels = dir.resolve("labels");
        IdxWriter.writeLabels(labels, new int[] {7, 0}, false);
        assertThat(IdxReader.readLabels(labels, 2)).containsExactly(7, 0);
        assertThatThrownBy(() -> IdxReader.readLabels(labels, 1)).hasMessageContaining("more than the limit of 1;");
        assertThatThrownBy(() -> IdxReader.readLabels(labels, 0)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("readLabels: maxLabels must be ≥ 1, got 0");
        assertThatThrownBy(() -> IdxReader.readImages(images, 1, -1))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("readImages: maxElements must be ≥ 1, got -1");
    }

    /** With the caller's limit raised, what the heap cannot hold is still refused from the header. */
    @Test
    void moreThanTheHeapHoldsIsRefusedFromTheHeader() throws IOException {
        assumeTrue(Runtime.getRuntime().maxMemory() < 16L << 30, "heap < 16 GiB");
        Path f = file("huge.gz", gzip(idx(0x08, new int[] {Integer.MAX_VALUE - 8}, new byte[16])));
        assertThatThrownBy(() -> IdxReader.readImages(f, 1, Integer.MAX_VALUE))
                .isExactlyInstanceOf(MalformedDataException.class)
                .hasMessageStartingWith(f + ": the header declares 2147483639 ubyte elements, 16.0 GiB as doubles, "
                        + "more than the JVM's maximum heap of ");
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
        Path count = file("negative-count", idx(0x08, new int[] {-2}, new byte[0]));
        assertThatThrownBy(() -> IdxReader.readLabels(count)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessage(count + ": dimension 0 at byte offset 4 is 4294967294, more than 2147483647");
    }

    /** Before: a header of 3 × 0 loaded as three samples with no features. */
    @Test
    void samplesWithNoElementsAreRefused() throws IOException {
        Path f = file("empty-samples", idx(0x08, new int[] {3, 0}, new byte[0]));
        assertThatThrownBy(() -> IdxReader.readImages(f, 1)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessage(f + ": dimension 1 at byte offset 8 is 0: every sample would have no elements");
        assertThat(IdxReader.readImages(file("no-samples", idx(0x08, new int[] {0, 2}, new byte[0])), 1).shape())
                .isEqualTo("0×2");
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

    /** Before: finiteness was checked before scaling, so these loaded as +∞. */
    @Test
    void elementsMustStayFiniteAfterScaling() throws IOException {
        byte[] big = ByteBuffer.allocate(16).putDouble(1).putDouble(1e308).array();
        Path f = file("big", idx(0x0E, new int[] {2}, big));
        assertThatThrownBy(() -> IdxReader.readImages(f, 10)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessage(f + ": element 1 at byte offset 16 is 1.0E308, which times the scale 10.0 is Infinity");
        byte[] max = ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array();
        Path g = file("int.gz", gzip(idx(0x0C, new int[] {1, 1}, max)));
        assertThatThrownBy(() -> IdxReader.readImages(g, 1e300)).isExactlyInstanceOf(MalformedDataException.class)
                .hasMessage(g + ": element 0 at byte offset 12 of the decompressed data is 2.147483647E9, which times "
                        + "the scale 1.0E300 is Infinity");
        assertThat(IdxReader.readImages(g, -1e298).get(0, 0)).isEqualTo(Integer.MAX_VALUE * -1e298);
    }

    /** {@code 1 / 255} is an integer division giving 0, which would silently erase every pixel. */
    @Test
    void aScaleOfZeroIsRefused() throws IOException {
        Path images = dir.resolve("images");
        IdxWriter.writeImages(images, IMAGES, 2, 3, false);
        assertThatThrownBy(() -> IdxReader.readImages(images, 1 / 255))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("readImages: scale must be finite and not 0, got 0.0 (which would make every element 0; "
                        + "for pixels in [0, 1] write 1.0 / 255, not the integer division 1 / 255)");
    }

    @Test
    void missingFileIsAnIoException() {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> IdxReader.readImages(missing, 1)).isInstanceOf(IOException.class)
                .isNotInstanceOf(MalformedDataException.class);
    }

    /** Before: a FIFO was opened and the read waited for a writer forever; a folder failed deep in the JDK. */
    @Test
    @Timeout(10)
    void aFolderOrFifoIsRefusedByNameBeforeOpening() throws Exception {
        assertThatThrownBy(() -> IdxReader.readImages(dir, 1)).isExactlyInstanceOf(FileSystemException.class)
                .hasMessage(dir + ": is a directory; only regular files are read");
        Path fifo = DataFiles.fifo(dir.resolve("fifo"));
        assertThatThrownBy(() -> IdxReader.readLabels(fifo)).isExactlyInstanceOf(FileSystemException.class)
                .hasMessage(fifo + ": is not a regular file (a FIFO, socket or device, which may never end); only "
                        + "regular files are read");
    }

    @Test
    void controlCharactersInTheFileNameAreEscaped() throws IOException {
        Path f = file("bad\nname", ubytes(1, 0, 8, 1));
        assertThatThrownBy(() -> IdxReader.readLabels(f)).hasMessageStartingWith(dir + "/bad\\nname: bad magic number");
    }
}
