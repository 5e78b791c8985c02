package io.github.backprop4j.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way the library saves a file (model files, charts): atomically and durably. Internal: this package
 * is not exported by {@code module-info}.
 */
public final class AtomicFiles {

    /** How many random temporary names to try before giving up (a clash needs the same 64 random bits). */
    private static final int ATTEMPTS = 10;

    private AtomicFiles() {
    }

    /**
     * Writes {@code bytes} to {@code target}, replacing it if it exists, so that a reader, or the file system
     * after a crash, sees either the old file whole or the new one whole, never a mix:
     * <ol>
     *   <li>create a new temporary file beside the target, {@code .<name>.<16 hex digits>.tmp}, exclusively
     *       (the same folder, so that the move below is a rename within one file system);</li>
     *   <li>write the bytes and force them to disk ({@link FileChannel#force}): without that, a crash after
     *       the rename may leave the new name pointing at an empty or partly written file;</li>
     *   <li>move it over the target with {@link StandardCopyOption#ATOMIC_MOVE}, falling back to
     *       {@link StandardCopyOption#REPLACE_EXISTING} where the file system cannot move atomically;</li>
     *   <li>force the folder, so that the rename itself survives a crash, where the platform allows opening a
     *       folder (POSIX; on Windows NTFS journals the rename itself).</li>
     * </ol>
     * On any failure before the move the temporary file is deleted and the target is unchanged. The new file
     * gets the default permissions for new files.
     *
     * @param target the file to write; its folder must exist
     * @param bytes  the whole content; not modified
     * @throws IllegalArgumentException if {@code target} names no file (a file-system root)
     * @throws IOException              if the file cannot be written, e.g. {@link java.nio.file.NoSuchFileException}
     *                                  if the folder does not exist
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path file = target.toAbsolutePath();
        Path name = file.getFileName();
        Path dir = file.getParent();
        if (name == null || dir == null) {
            throw new IllegalArgumentException(target + " names no file to write");
        }
        Path tmp = createTemporary(dir, name.toString());
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                // replaces an existing target on every platform the JDK supports (rename(2), MoveFileEx)
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (Throwable e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        forceFolder(dir);
    }

    /** A new empty file in {@code dir}, named {@code .<name>.<random hex>.tmp}. */
    private static Path createTemporary(Path dir, String name) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Path tmp = dir.resolve(String.format(Locale.ROOT, ".%s.%016x.tmp", name,
                    ThreadLocalRandom.current().nextLong()));
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Makes a rename in {@code dir} durable where the platform can open a folder (POSIX); elsewhere nothing. */
    private static void forceFolder(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a folder as a channel; the file is in place all the same.
        }
    }
}
