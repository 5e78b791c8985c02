package io.github.backprop4j.data;

import io.github.backprop4j.internal.Messages;
import io.github.backprop4j.matrix.Matrix;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.StringJoiner;

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
 * Only a regular file is opened (a folder or a FIFO is refused by name). The header is checked before
 * anything large is allocated: the element count must be at most the caller's limit
 * ({@link #DEFAULT_MAX_ELEMENTS} unless given), fit in a Java array and, as doubles, in the JVM's maximum
 * heap; a raw file's size must be exactly the header plus the data the header declares. A compressed file's
 * size says nothing about its content, so it is decompressed in 64 KiB chunks into an array that grows
 * with the data actually present, and a gzip bomb (a small file that inflates to gigabytes of zeros) is
 * refused from its header, before it is decompressed. A gzip file must hold exactly one gzip member: a
 * second member, or any byte after the first, is refused. Anything wrong throws a
 * {@link MalformedDataException} naming the file, what was wrong and the byte offset (in the decompressed
 * data, or in the file for the gzip framing): bad magic, unknown type, a dimension count outside 1 to 4, a
 * size of 2³¹ or more, a sample size of 0, too many elements, data that ends early or goes on after the
 * end, a corrupt gzip stream, and an element that is, or after scaling becomes, NaN or ±∞. Nothing is
 * half-loaded.
 */
public final class IdxReader {

    /**
     * The most elements (pixels of all images, or labels) a file may declare unless the caller gives
     * another limit: 2²⁸ = 268,435,456, which take 2 GiB as doubles. MNIST's training images hold
     * 60,000 × 784 = 47,040,000.
     */
    public static final int DEFAULT_MAX_ELEMENTS = 1 << 28;

    private static final int MAX_DIMENSIONS = 4;
    private static final int CHUNK = 1 << 16;
    /** Elements allocated up front for a gzip file; the array then grows with the data. */
    private static final int FIRST_ALLOCATION = 1 << 16;

    private IdxReader() {
    }

    /**
     * Reads images (or any samples) as a matrix, declaring at most {@link #DEFAULT_MAX_ELEMENTS} elements:
     * as {@link #readImages(Path, double, int)}.
     *
     * @param file  an IDX file, raw or gzip, of any element type
     * @param scale the factor applied to every element, for example {@code 1.0 / 255} for pixels in [0, 1]
     * @return a new {@code n × (d₁·d₂·…)} matrix
     * @throws MalformedDataException   if the file is not valid IDX, declares more than
     *                                  {@link #DEFAULT_MAX_ELEMENTS} elements, or an element times
     *                                  {@code scale} is not finite, naming the file and the byte offset
     * @throws java.nio.file.FileSystemException if the file is not a regular file (a folder, a FIFO)
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if {@code scale} is 0, NaN or ±∞
     */
    public static Matrix readImages(Path file, double scale) throws IOException {
        return readImages(file, scale, DEFAULT_MAX_ELEMENTS);
    }

    /**
     * Reads images (or any samples) as a matrix: one row per entry of the first dimension, the other
     * dimensions flattened row-major, each element multiplied by {@code scale}. An {@code n × 28 × 28} file
     * gives an {@code n × 784} matrix; a one-dimensional file gives {@code n × 1}.
     *
     * @param file        an IDX file, raw or gzip, of any element type
     * @param scale       the factor applied to every element, for example {@code 1.0 / 255} for pixels in
     *                    [0, 1]; not 0 (which would erase the data: {@code 1 / 255} is an integer division
     *                    giving 0)
     * @param maxElements the most elements (n·d₁·d₂·…) the header may declare, ≥ 1; the file is refused
     *                    from its header if it declares more
     * @return a new {@code n × (d₁·d₂·…)} matrix
     * @throws MalformedDataException   if the file is not valid IDX, declares more than {@code maxElements}
     *                                  elements or more than the JVM's heap holds as doubles, or an element
     *                                  times {@code scale} is not finite, naming the file and the byte offset
     * @throws java.nio.file.FileSystemException if the file is not a regular file (a folder, a FIFO)
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if {@code scale} is 0, NaN or ±∞, or {@code maxElements < 1}
     */
    public static Matrix readImages(Path file, double scale, int maxElements) throws IOException {
        if (!Double.isFinite(scale) || scale == 0) {
            throw new IllegalArgumentException("readImages: scale must be finite and not 0, got " + scale
                    + (scale == 0 ? " (which would make every element 0; for pixels in [0, 1] write 1.0 / 255, "
                            + "not the integer division 1 / 255)" : ""));
        }
        Content c = read(file, scale, false, requireLimit("readImages", "maxElements", maxElements));
        return Matrix.wrap(c.dims[0], (int) product(c.dims, 1), c.values);
    }

    /**
     * Reads labels, declaring at most {@link #DEFAULT_MAX_ELEMENTS}: as {@link #readLabels(Path, int)}.
     *
     * @param file an IDX file, raw or gzip
     * @return a new array of the n labels
     * @throws MalformedDataException if the file is not valid IDX, has more than one dimension or a
     *                                floating-point type, or declares more than {@link #DEFAULT_MAX_ELEMENTS}
     *                                labels, naming the file and the byte offset
     * @throws java.nio.file.FileSystemException if the file is not a regular file (a folder, a FIFO)
     * @throws IOException            if the file cannot be read
     */
    public static int[] readLabels(Path file) throws IOException {
        return readLabels(file, DEFAULT_MAX_ELEMENTS);
    }

    /**
     * Reads labels: a one-dimensional file of an integer element type (MNIST's is ubyte).
     *
     * @param file      an IDX file, raw or gzip
     * @param maxLabels the most labels the header may declare, ≥ 1; the file is refused from its header if
     *                  it declares more
     * @return a new array of the n labels
     * @throws MalformedDataException   if the file is not valid IDX, has more than one dimension or a
     *                                  floating-point type, or declares more than {@code maxLabels} labels or
     *                                  more than the JVM's heap holds, naming the file and the byte offset
     * @throws java.nio.file.FileSystemException if the file is not a regular file (a folder, a FIFO)
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if {@code maxLabels < 1}
     */
    public static int[] readLabels(Path file, int maxLabels) throws IOException {
        double[] values = read(file, 1.0, true, requireLimit("readLabels", "maxLabels", maxLabels)).values;
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
     * @throws MalformedDataException   if a file is not valid IDX or declares more than
     *                                  {@link #DEFAULT_MAX_ELEMENTS} elements, the counts of images and labels
     *                                  differ, or a label is out of range (naming its index)
     * @throws java.nio.file.FileSystemException if a file is not a regular file (a folder, a FIFO)
     * @throws IOException              if a file cannot be read
     * @throws IllegalArgumentException if {@code classes < 1}
     */
    public static Dataset mnist(Path images, Path labels, int classes) throws IOException {
        Checks.requireClasses("mnist", classes);
        Matrix x = readImages(images, 1.0 / 255);
        int[] y = readLabels(labels);
        if (x.rows() != y.length) {
            throw new MalformedDataException(String.format(Locale.ROOT, "%s holds %d images but %s holds %d labels",
                    Messages.escaped(images.toString()), x.rows(), Messages.escaped(labels.toString()), y.length));
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= classes) {
                throw new MalformedDataException(String.format(Locale.ROOT,
                        "%s: label %d at index %d is outside [0, %d)", Messages.escaped(labels.toString()), y[i], i,
                        classes));
            }
        }
        return Dataset.owning(x, OneHot.encode(y, classes));
    }

    // ---------------------------------------------------------------- reading

    /** The decoded file: its dimensions and elements. */
    record Content(int[] dims, double[] values) {
    }

    private static int requireLimit(String op, String name, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: %s must be ≥ 1, got %d", op, name,
                    limit));
        }
        return limit;
    }

    private static Content read(Path file, double scale, boolean labels, int maxElements) throws IOException {
        long fileSize = Checks.requireRegularFile(file);
        try (InputStream stream = Files.newInputStream(file)) {
            return read(file, stream, fileSize, scale, labels, maxElements);
        }
    }

    /**
     * Reads the bytes of {@code file}, gzip-compressed or not, from {@code stream}, which holds {@code fileSize}
     * bytes. Every stream it wraps around {@code stream} is closed by its own try-with-resources: closing the
     * {@link GzipInput} ends its {@link java.util.zip.Inflater} and frees its native memory at once, not
     * whenever the cleaner runs. Package-private for the test of exactly that.
     */
    static Content read(Path file, InputStream stream, long fileSize, double scale, boolean labels,
            int maxElements) throws IOException {
        String name = Messages.escaped(file.toString());
        try (BufferedInputStream raw = new BufferedInputStream(stream, CHUNK)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            if (!gzip) {
                return read(new Source(name, raw, false), fileSize, scale, labels, maxElements);
            }
            try (InputStream unzipped = new GzipInput(raw, name, CHUNK)) {
                return read(new Source(name, unzipped, true), -1, scale, labels, maxElements);
            }
        }
    }

    private static Content read(Source in, long fileSize, double scale, boolean labels, int maxElements)
            throws IOException {
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
            if (dims[i] == 0 && i > 0) {
                throw in.error(String.format(Locale.ROOT, "dimension %d at %s is 0: every sample would have no "
                        + "elements", i, in.at(4 + 4 * i)));
            }
        }
        String declares = String.format(Locale.ROOT, "%s: the header declares %s %s elements", in.name, join(dims),
                type.label);
        long count = product(dims, 0);
        if (count < 0 || product(dims, 1) < 0) {
            Checks.requireDoubles(declares, Long.MAX_VALUE);  // throws: more than a Java array holds
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
        if (count > maxElements) {
            throw new MalformedDataException(String.format(Locale.ROOT, "%s%s, more than the limit of %d; a caller "
                    + "who trusts the file can raise the limit (maxElements, maxLabels)", declares,
                    d > 1 ? " (" + count + " in all)" : "", maxElements));
        }
        Checks.requireDoubles(declares, count);
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
                double scaled = v * scale;
                if (!Double.isFinite(scaled)) {
                    throw in.error(String.format(Locale.ROOT, "element %d at %s is %s%s", filled + j,
                            in.at(chunkStart + (long) j * type.size), v,
                            Double.isFinite(v) ? ", which times the scale " + scale + " is " + scaled : ""));
                }
                values[filled + j] = scaled;
            }
            filled += elements;
        }
        return values;
    }

    /** The product of {@code dims[from…]}, or −1 if it exceeds {@link Checks#MAX_ARRAY}. */
    private static long product(int[] dims, int from) {
        long p = 1;
        for (int i = from; i < dims.length; i++) {
            p *= dims[i];
            if (p > Checks.MAX_ARRAY) {
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

    /** A stream that counts the bytes it has given, for the byte offsets of messages. */
    private static final class Source {
        private final String name;
        private final InputStream in;
        private final boolean gzip;
        private long offset;

        /** {@code name} is the file's name for messages, already escaped. */
        Source(String name, InputStream in, boolean gzip) {
            this.name = name;
            this.in = in;
            this.gzip = gzip;
        }

        long offset() {
            return offset;
        }

        String at(long byteOffset) {
            return "byte offset " + byteOffset + (gzip ? " of the decompressed data" : "");
        }

        MalformedDataException error(String what) {
            return new MalformedDataException(name + ": " + what);
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
            while (n < length) {
                int r = in.read(b, n, length - n);
                if (r < 0) {
                    break;
                }
                n += r;
                offset += r;
            }
            return n;
        }

        /** One more byte, or −1 at the end of the data. */
        int readByte() throws IOException {
            return in.read();
        }
    }
}
