package io.github.backprop4j.data;

import io.github.backprop4j.internal.Messages;
import io.github.backprop4j.matrix.Matrix;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/** Argument and file checks shared by this package; one place for each message. */
final class Checks {

    /** The most elements a Java array holds on common JVMs, and the most a {@link Matrix} accepts: 2³¹ − 9. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private Checks() {
    }

    /**
     * Refuses, before it is opened, a file that is not a regular file (symbolic links are followed): a folder
     * cannot be read as data, and opening a FIFO would wait for a writer, possibly forever.
     *
     * @param file the file
     * @return its size in bytes
     * @throws java.nio.file.NoSuchFileException if it does not exist
     * @throws FileSystemException               naming the file, if it is not a regular file
     * @throws IOException                       if its attributes cannot be read
     */
    static long requireRegularFile(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        if (!a.isRegularFile()) {
            throw new FileSystemException(Messages.escaped(file.toString()), null, (a.isDirectory()
                    ? "is a directory" : "is not a regular file (a FIFO, socket or device, which may never end)")
                    + "; only regular files are read");
        }
        return a.size();
    }

    /**
     * The most doubles one array of the data may hold: {@link #MAX_ARRAY}, and no more than fit in the JVM's
     * maximum heap ({@code -Xmx}).
     */
    static long maxDoubles() {
        return Math.min(MAX_ARRAY, Runtime.getRuntime().maxMemory() / Double.BYTES);
    }

    /**
     * Refuses, before it is allocated, an array of {@code count} doubles that no Java array holds or that
     * would not fit in the JVM's maximum heap, so that a file declaring or implying it fails with a message
     * rather than an {@link OutOfMemoryError}.
     *
     * @param what  the file and what needs the array, as {@code "f.idx: the header declares 3 × 4 ubyte elements"}
     * @param count the number of doubles
     * @throws MalformedDataException if {@code count > }{@link #maxDoubles()}, saying which limit it exceeds
     */
    static void requireDoubles(String what, long count) throws MalformedDataException {
        if (count > MAX_ARRAY) {
            throw new MalformedDataException(String.format(Locale.ROOT, "%s, more than the %d a Java array holds",
                    what, MAX_ARRAY));
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (count > heap / Double.BYTES) {
            throw new MalformedDataException(String.format(Locale.ROOT,
                    "%s, %s as doubles, more than the JVM's maximum heap of %s (-Xmx)", what,
                    bytes(count * Double.BYTES), bytes(heap)));
        }
    }

    /** A byte count for messages: {@code 812 MiB}, {@code 16.0 GiB}. */
    private static String bytes(long n) {
        return n < 1L << 30 ? String.format(Locale.ROOT, "%d MiB", n >> 20)
                : String.format(Locale.ROOT, "%.1f GiB", n / (double) (1L << 30));
    }

    /**
     * Refuses NaN and ±∞, naming the first offending element as {@code "features (12, 3) is NaN"}.
     *
     * @param what the name of the matrix in the message
     * @param m    the matrix, not modified
     * @throws IllegalArgumentException at the first non-finite element (row-major order)
     */
    static void requireFinite(String what, Matrix m) {
        double[] a = m.backingArray();
        int cols = m.cols();
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%s (%d, %d) is %s", what, i / cols,
                        i % cols, a[i]));
            }
        }
    }

    /**
     * Refuses a fraction outside the open interval (0, 1).
     *
     * @param op       the operation, for the message
     * @param name     the parameter's name
     * @param fraction the value
     * @throws IllegalArgumentException unless 0 &lt; fraction &lt; 1
     */
    static void requireOpenFraction(String op, String name, double fraction) {
        if (!(fraction > 0.0 && fraction < 1.0)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: %s must be in (0, 1), got %s", op,
                    name, fraction));
        }
    }

    /**
     * Refuses a class count below 1.
     *
     * @param op      the operation, for the message
     * @param classes the number of classes
     * @throws IllegalArgumentException if {@code classes < 1}
     */
    static void requireClasses(String op, int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: classes must be ≥ 1, got %d", op,
                    classes));
        }
    }
}
