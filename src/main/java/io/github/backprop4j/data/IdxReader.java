package io.github.backprop4j.data;

import io.github.backprop4j.matrix.Matrix;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST, raw or gzip-compressed (recognised by the gzip
 * magic bytes {@code 1f 8b}, whatever the file name).
 *
 * <h2>The format</h2>
 * All numbers are big-endian.
 * <table>
 *   <caption>IDX layout; d is the number of dimensions</caption>
 *   <tr><th>byte offset</th><th>size</th><th>content</th></tr>
 *   <tr><td>0</td><td>2</td><td>zero</td></tr>
 *   <tr><td>2</td><td>1</td><td>element type: 0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float,
 *       0x0E double</td></tr>
 *   <tr><td>3</td><td>1</td><td>d, the number of dimensions (1 to 4 here)</td></tr>
 *   <tr><td>4</td><td>4·d</td><td>the size of each dimension, the first being the number of samples</td></tr>
 *   <tr><td>4 + 4·d</td><td>product of the sizes × element size</td><td>the elements, last dimension
 *       fastest</td></tr>
 * </table>
 * MNIST's image files are ubyte with 3 dimensions (n, 28, 28); its label files ubyte with 1 dimension (n).
 *
 * <h2>Safety</h2>
 * The header is checked before anything large is allocated: the element count must fit in a Java array,
 * and a raw file's size must be exactly the header plus the data the header declares. A compressed file's
 * size says nothing about its content, so it is decompressed in 64 KiB chunks into an array that grows
 * with the data actually present. A hostile header therefore costs neither memory nor time. Anything wrong
 * throws a {@link MalformedDataException} naming the file, what was wrong and the byte offset (in the
 * decompressed data, for a gzip file): bad magic, unknown type, a dimension count outside 1 to 4, a
 * negative or too large size, data that ends early or goes on after the end, a corrupt gzip stream, and
 * NaN or ±∞ in a float or double file. Nothing is half-loaded.
 */
public final class IdxReader {

    private static final int MAX_DIMENSIONS = 4;
    /** The most elements a Java array holds on common JVMs (and the most {@link Matrix} accepts). */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final int CHUNK = 1 << 16;
    /** Elements allocated up front for a gzip file; the array then grows with the data. */
    private static final int FIRST_ALLOCATION = 1 << 16;

    private IdxReader() {
    }

    /**
     * Reads images (or any samples) as a matrix: one row per entry of the first dimension, the other
     * dimensions flattened row-major, each element multiplied by {@code scale}. An {@code n × 28 × 28} file
     * gives an {@code n × 784} matrix; a one-dimensional file gives {@code n × 1}.
     *
     * @param file  an IDX file, raw or gzip, of any element type
     * @param scale the factor applied to every element, for example {@code 1.0 / 255} for pixels in [0, 1]
     * @return a new {@code n × (d₁·d₂·…)} matrix
     * @throws MalformedDataException   if the file is not valid IDX, naming the file and the byte offset
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if {@code scale} is NaN or ±∞
     */
    public static Matrix readImages(Path file, double scale) throws IOException {
        if (!Double.isFinite(scale)) {
            throw new IllegalArgumentException("readImages: scale must be finite, got " + scale);
        }
        Content c = read(file, scale, false);
        return Matrix.wrap(c.dims[0], (int) product(c.dims, 1), c.values);
    }

    /**
     * Reads labels: a one-dimensional file of an integer element type (MNIST's is ubyte).
     *
     * @param file an IDX file, raw or gzip
     * @return a new array of the n labels
     * @throws MalformedDataException if the file is not valid IDX, has more than one dimension or a
     *                                floating-point type, naming the file and the byte offset
     * @throws IOException            if the file cannot be read
     */
    public static int[] readLabels(Path file) throws IOException {
        double[] values = read(file, 1.0, true).values;
        int[] labels = new int[values.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (int) values[i];
        }
        return labels;
    }

    /**
     * Reads an MNIST-style pair of files into a classification dataset: pixels scaled by 1/255 to [0, 1]
     * for ubyte images, targets one-hot.
     *
     * <pre>{@code Dataset train = IdxReader.mnist(dir.resolve("train-images-idx3-ubyte.gz"),
     *                               dir.resolve("train-labels-idx1-ubyte.gz"), 10);}</pre>
     *
     * @param images  the images file, n samples
     * @param labels  the labels file, n labels in {@code [0, classes)}
     * @param classes the number of classes k, ≥ 1
     * @return a dataset with {@code n × (rows·cols)} features and {@code n × classes} targets
     * @throws MalformedDataException   if a file is not valid IDX, the counts of images and labels differ, or a
     *                                  label is out of range (naming its index)
     * @throws IOException              if a file cannot be read
     * @throws IllegalArgumentException if {@code classes < 1}
     */
    public static Dataset mnist(Path images, Path labels, int classes) throws IOException {
        Checks.requireClasses("mnist", classes);
        Matrix x = readImages(images, 1.0 / 255);
        int[] y = readLabels(labels);
        if (x.rows() != y.length) {
            throw new MalformedDataException(String.format(Locale.ROOT, "%s holds %d images but %s holds %d labels",
                    images, x.rows(), labels, y.length));
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= classes) {
                throw new MalformedDataException(String.format(Locale.ROOT,
                        "%s: label %d at index %d is outside [0, %d)", labels, y[i], i, classes));
            }
        }
        return Dataset.owning(x, OneHot.encode(y, classes));
    }

    // ---------------------------------------------------------------- reading

    /** The decoded file: its dimensions and elements. */
    record Content(int[] dims, double[] values) {
    }

    private static Content read(Path file, double scale, boolean labels) throws IOException {
        long fileSize = Files.size(file);
        try (InputStream stream = Files.newInputStream(file)) {
            return read(file, stream, fileSize, scale, labels);
        }
    }

    /**
     * Reads the bytes of {@code file}, gzip-compressed or not, from {@code stream}, which holds {@code fileSize}
     * bytes. Every stream it wraps around {@code stream} is closed by its own try-with-resources: closing the
     * {@link GZIPInputStream} ends its {@link java.util.zip.Inflater} and frees its native memory at once, not
     * whenever the cleaner runs. Package-private for the test of exactly that.
     */
    static Content read(Path file, InputStream stream, long fileSize, double scale, boolean labels)
            throws IOException {
        try (BufferedInputStream raw = new BufferedInputStream(stream, CHUNK)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            if (!gzip) {
                return read(new Source(file, raw, false), fileSize, scale, labels);
            }
            try (InputStream unzipped = Source.gunzip(file, raw)) {
                return read(new Source(file, unzipped, true), -1, scale, labels);
            }
        }
    }

    private static Content read(Source in, long fileSize, double scale, boolean labels) throws IOException {
        // magic: 0, 0, type, d
        byte[] magic = in.readHeader(4, "magic number");
        if (magic[0] != 0 || magic[1] != 0) {
            throw in.error(String.format(Locale.ROOT,
                    "bad magic number 0x%02X%02X%02X%02X at %s: an IDX file starts with two zero bytes",
                    magic[0], magic[1], magic[2], magic[3], in.at(0)));
        }
        IdxType type = IdxType.of(magic[2] & 0xFF);
        if (type == null) {
            throw in.error(String.format(Locale.ROOT, "unknown element type 0x%02X at %s (known: %s)",
                    magic[2] & 0xFF, in.at(2), IdxType.KNOWN));
        }
        int d = magic[3] & 0xFF;
        if (d < 1 || d > MAX_DIMENSIONS || (labels && d != 1)) {
            throw in.error(String.format(Locale.ROOT, "%d dimensions at %s, expected %s", d, in.at(3),
                    labels ? "1 for labels" : "1 to " + MAX_DIMENSIONS));
        }
        if (labels && !type.isInteger()) {
            throw in.error(String.format(Locale.ROOT, "labels of element type %s at %s, expected an integer type",
                    type.label, in.at(2)));
        }
        // the size of each dimension
        ByteBuffer sizes = ByteBuffer.wrap(in.readHeader(4 * d, "dimension sizes"));
        int[] dims = new int[d];
        for (int i = 0; i < d; i++) {
            dims[i] = sizes.getInt(4 * i);
            if (dims[i] < 0) {
                throw in.error(String.format(Locale.ROOT, "dimension %d at %s is %d, more than %d", i, in.at(4 + 4 * i),
                        Integer.toUnsignedLong(dims[i]), Integer.MAX_VALUE));
            }
        }
        long count = product(dims, 0);
        if (count < 0 || product(dims, 1) < 0) {
            throw in.error(String.format(Locale.ROOT,
                    "the header declares %s %s elements, more than the %d a Java array holds", join(dims), type.label,
                    MAX_ELEMENTS));
        }
        long headerBytes = 4 + 4L * d;
        long end = headerBytes + count * type.size;
        String declared = String.format(Locale.ROOT, "the header declares %s %s elements, %d bytes from %s",
                join(dims), type.label, count * type.size, in.at(headerBytes));
        if (fileSize >= 0 && fileSize < end) {
            throw in.error(String.format(Locale.ROOT, "data runs out at %s: %s, but the file has %d bytes",
                    in.at(fileSize), declared, fileSize));
        }
        if (fileSize > end) {
            throw in.error(String.format(Locale.ROOT, "%d unexpected bytes after the data ends at %s: %s",
                    fileSize - end, in.at(end), declared));
        }
        double[] values = readData(in, type, (int) count, fileSize >= 0, scale, declared);
        if (in.readByte() >= 0) {
            throw in.error(String.format(Locale.ROOT, "unexpected bytes after the data ends at %s: %s", in.at(end),
                    declared));
        }
        return new Content(dims, values);
    }

    /** Reads {@code count} elements in chunks; the array grows with the data unless the size is known. */
    private static double[] readData(Source in, IdxType type, int count, boolean sizeKnown, double scale,
            String declared) throws IOException {
        double[] values = new double[sizeKnown ? count : Math.min(count, FIRST_ALLOCATION)];
        byte[] chunk = new byte[CHUNK];
        ByteBuffer buffer = ByteBuffer.wrap(chunk);
        int filled = 0;
        while (filled < count) {
            int elements = Math.min(CHUNK / type.size, count - filled);
            long chunkStart = in.offset();
            if (in.read(chunk, elements * type.size) < elements * type.size) {
                throw in.error(String.format(Locale.ROOT, "data runs out at %s: %s", in.at(in.offset()), declared));
            }
            if (filled + elements > values.length) {
                values = Arrays.copyOf(values, (int) Math.min(count, Math.max(2L * values.length, filled + elements)));
            }
            for (int j = 0; j < elements; j++) {
                double v = type.get(buffer, j * type.size);
                if (!Double.isFinite(v)) {
                    throw in.error(String.format(Locale.ROOT, "element %d at %s is %s", filled + j,
                            in.at(chunkStart + (long) j * type.size), v));
                }
                values[filled + j] = v * scale;
            }
            filled += elements;
        }
        return values;
    }

    /** The product of {@code dims[from…]}, or −1 if it exceeds {@link #MAX_ELEMENTS}. */
    private static long product(int[] dims, int from) {
        long p = 1;
        for (int i = from; i < dims.length; i++) {
            p *= dims[i];
            if (p > MAX_ELEMENTS) {
                return -1;
            }
        }
        return p;
    }

    private static String join(int[] dims) {
        StringJoiner j = new StringJoiner(" × ");
        for (int dim : dims) {
            j.add(Integer.toString(dim));
        }
        return j.toString();
    }

    /** A stream that counts the bytes it has given and turns gzip failures into {@link MalformedDataException}. */
    private static final class Source {
        private final Path file;
        private final InputStream in;
        private final boolean gzip;
        private long offset;

        Source(Path file, InputStream in, boolean gzip) {
            this.file = file;
            this.in = in;
            this.gzip = gzip;
        }

        static InputStream gunzip(Path file, InputStream raw) throws IOException {
            try {
                return new GZIPInputStream(raw, CHUNK);
            } catch (EOFException | ZipException e) {
                throw new MalformedDataException(file + ": the gzip header is truncated or corrupt: " + e.getMessage(),
                        e);
            }
        }

        long offset() {
            return offset;
        }

        String at(long byteOffset) {
            return "byte offset " + byteOffset + (gzip ? " of the decompressed data" : "");
        }

        MalformedDataException error(String what) {
            return new MalformedDataException(file + ": " + what);
        }

        byte[] readHeader(int length, String what) throws IOException {
            byte[] b = new byte[length];
            long start = offset;
            if (read(b, length) < length) {
                throw error(String.format(Locale.ROOT, "the header runs out at %s (%d bytes of %s from %s expected)",
                        at(offset), length, what, at(start)));
            }
            return b;
        }

        /** Reads up to {@code length} bytes into {@code b}; fewer only at the end of the data. */
        int read(byte[] b, int length) throws IOException {
            int n = 0;
            try {
                while (n < length) {
                    int r = in.read(b, n, length - n);
                    if (r < 0) {
                        break;
                    }
                    n += r;
                    offset += r;
                }
            } catch (EOFException | ZipException e) {
                throw corrupt(e);
            }
            return n;
        }

        /** One more byte, or −1 at the end of the data. */
        int readByte() throws IOException {
            try {
                return in.read();
            } catch (EOFException | ZipException e) {
                throw corrupt(e);
            }
        }

        /** A gzip failure as a {@link MalformedDataException}; a raw file's exception unchanged. */
        private IOException corrupt(IOException e) {
            if (!gzip) {
                return e;
            }
            return new MalformedDataException(String.format(Locale.ROOT,
                    "%s: the gzip stream is truncated or corrupt after %s: %s", file, at(offset), e.getMessage()), e);
        }
    }
}
