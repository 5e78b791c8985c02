package io.github.backprop4j.io;

import java.io.IOException;

/**
 * A model file that cannot be loaded exactly, and so is refused whole: truncated or damaged, not a
 * model file, written by a newer format version, or describing a network that cannot be built; or a path
 * that is not a regular file at all (a directory, FIFO, device or socket), refused before it is opened.
 *
 * <p>This is the only exception a damaged or hostile file makes {@link ModelFile} throw (besides
 * {@link IOException}s of the file system itself, which are not this type). The message says what is
 * wrong and where: the entry of the archive, the byte offset, the key of {@code model.json}, for example
 * <pre>
 * model.npz: entry 'layers.0.weights.npy' (data at file offset 412): CRC-32 of the data is 0x5d3e1f0a but
 * the archive records 0x9c41b7e2; the file is damaged
 * </pre>
 */
public final class ModelFileException extends IOException {

    private static final long serialVersionUID = 1L;

    ModelFileException(String message) {
        super(message);
    }

    ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
