package io.github.backprop4j.data;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.matrix.ShapeException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Writes ubyte IDX files that {@link IdxReader} (and any MNIST loader) reads: images as
 * {@code n × rows × cols}, labels as {@code n}. With {@code gzip}, the output is deterministic: the gzip
 * header's modification time is 0, so the same data gives the same bytes on the same JDK.
 */
public final class IdxWriter {

    private IdxWriter() {
    }

    /**
     * Writes images: each row of {@code images} is one {@code rows × cols} image, row-major, of whole
     * numbers 0 to 255 (read them with {@code IdxReader.readImages(file, 1.0)} to copy a file).
     *
     * @param file   the file to create or replace
     * @param images {@code n × (rows·cols)} pixel values, each an integer in [0, 255]; not modified
     * @param rows   the height of an image, ≥ 0
     * @param cols   the width of an image, ≥ 0
     * @param gzip   whether to compress with gzip
     * @throws ShapeException           if {@code images.cols() ≠ rows·cols}
     * @throws IllegalArgumentException if a dimension is negative or a value is not an integer in [0, 255],
     *                                  naming its row and column; nothing is written then
     * @throws IOException              if the file cannot be written
     */
    public static void writeImages(Path file, Matrix images, int rows, int cols, boolean gzip) throws IOException {
        if (rows < 0 || cols < 0 || (long) rows * cols != images.cols()) {
            throw ShapeException.of("writeImages: images are %s, expected %d × %d = %d columns (rows × cols)",
                    images.shape(), rows, cols, (long) rows * cols);
        }
        double[] a = images.backingArray();
        byte[] data = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] >= 0 && a[i] <= 255 && a[i] == Math.rint(a[i]))) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "writeImages: images (%d, %d) is %s, not an integer in [0, 255]", i / images.cols(),
                        i % images.cols(), a[i]));
            }
            data[i] = (byte) a[i];
        }
        write(file, new int[] {images.rows(), rows, cols}, data, gzip);
    }

    /**
     * Writes labels, one ubyte each.
     *
     * @param file   the file to create or replace
     * @param labels the labels, each in [0, 255]; not modified
     * @param gzip   whether to compress with gzip
     * @throws IllegalArgumentException if a label is outside [0, 255], naming its index; nothing is written
     *                                  then
     * @throws IOException              if the file cannot be written
     */
    public static void writeLabels(Path file, int[] labels, boolean gzip) throws IOException {
        byte[] data = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 255) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "writeLabels: label %d at index %d is outside [0, 255]", labels[i], i));
            }
            data[i] = (byte) labels[i];
        }
        write(file, new int[] {labels.length}, data, gzip);
    }

    private static void write(Path file, int[] dims, byte[] data, boolean gzip) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length); // big-endian
        header.put((byte) 0).put((byte) 0).put((byte) IdxType.UBYTE.code).put((byte) dims.length);
        for (int dim : dims) {
            header.putInt(dim);
        }
        try (OutputStream out = open(file, gzip)) {
            out.write(header.array());
            out.write(data);
        }
    }

    private static OutputStream open(Path file, boolean gzip) throws IOException {
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file));
        if (!gzip) {
            return out;
        }
        try {
            return new GZIPOutputStream(out); // Java writes modification time 0: the output is deterministic
        } catch (IOException e) {
            out.close();
            throw e;
        }
    }
}
