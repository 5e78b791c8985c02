package io.github.backprop4j.data;

import java.io.IOException;

/**
 * Thrown by the readers of this package when a data file is truncated, corrupt, or not in the expected
 * format. The file is then refused whole: nothing is half-loaded.
 *
 * <p>The message names the file, what was wrong, and where: a 1-based line and column for text files
 * (for example {@code iris.csv: line 7, column 3 ('petal_width'): 'abc' is not a number}), a 0-based
 * byte offset for binary files (for example
 * {@code train-images.gz: data ran out at byte offset 1000 of the decompressed data …}).
 */
public class MalformedDataException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with the given, already formatted, message.
     *
     * @param message what was wrong and where, naming the file
     */
    public MalformedDataException(String message) {
        super(message);
    }

    /**
     * Creates an exception with the given message and the lower-level exception that revealed the problem.
     *
     * @param message what was wrong and where, naming the file
     * @param cause   the exception that revealed it, for example a {@link java.util.zip.ZipException}
     */
    public MalformedDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
