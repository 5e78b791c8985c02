package io.github.backprop4j.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way the library saves a file (model files, charts): atomically and durably, cleaning up after saves
 * that died. Internal: this package is not exported by {@code module-info}.
 */
public final class AtomicFiles {

    /** The end of every temporary file's name. */
    static final String SUFFIX = ".backprop4j-tmp";

    /** How long a temporary file must have been left unmodified before a save may take it for stale. */
    static final Duration STALE_AFTER = Duration.ofMinutes(10);

    /** How many random temporary names to try before giving up (a clash needs the same 64 random bits). */
    private static final int ATTEMPTS = 10;

    /** The temporary files saves of this JVM are writing: a cleanup never opens them (see below). */
    private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

    private AtomicFiles() {
    }

    /**
     * Writes {@code bytes} to {@code target}, replacing it if it exists, so that a reader, or the file system
     * after a crash, sees either the old file whole or the new one whole, never a mix:
     * <ol>
     *   <li>remove the temporary files that earlier saves of the same target left behind when their process died
     *       (below);</li>
     *   <li>create a new temporary file beside the target, {@code .<name>.<16 hex digits>.backprop4j-tmp},
     *       exclusively (the same folder, so that the move below is a rename within one file system), and lock
     *       it ({@link FileChannel#tryLock()}) while writing it;</li>
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
     * <p><b>Stale temporary files.</b> A process killed mid-save leaves its temporary file. A save removes a file
     * of its folder when all of these hold, and so can prove it is a dead save's: its name is exactly
     * {@code .<name>.<16 lowercase hex digits>.backprop4j-tmp} for the same target name; it is a regular file (not
     * a link); it was last modified at least {@link #STALE_AFTER 10 minutes} ago; no save of this JVM is writing
     * it; and its lock can be taken — a live save holds that lock from just after creating the file until it has
     * forced it to disk, and the operating system releases the locks of a process that dies. A file that cannot
     * be locked (it is locked, or the file system has no locks) is left alone. The age covers the moment between
     * creating the file and locking it. Should a save's temporary file nevertheless go (the moment between
     * closing it and moving it, after a write of over 10 minutes, with another process saving the same target),
     * that save fails with an {@link IOException} at the move and the target is unchanged: nothing is lost.
     * The cleanup is best effort: a file it cannot examine or delete is left, and never makes the save fail.
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
        removeStaleTemporaries(dir, name.toString());
        Temporary tmp = Temporary.create(dir, name.toString());
        try {
            try (FileChannel channel = tmp.channel()) {
                lockIfPossible(channel);
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                // replaces an existing target on every platform the JDK supports (rename(2), MoveFileEx)
                Files.move(tmp.path(), file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp.path(), file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (Throwable e) {
            try {
                Files.deleteIfExists(tmp.path());
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            WRITING.remove(tmp.path());
        }
        forceFolder(dir);
    }

    /**
     * A new temporary file, open for writing and listed in {@link #WRITING} from before it exists until the save
     * ends.
     *
     * @param path    its path, {@code .<name>.<16 hex digits>.backprop4j-tmp}
     * @param channel the file, open for writing
     */
    private record Temporary(Path path, FileChannel channel) {
        static Temporary create(Path dir, String name) throws IOException {
            for (int attempt = 1; ; attempt++) {
                Path tmp = dir.resolve(String.format(Locale.ROOT, ".%s.%016x%s", name,
                        ThreadLocalRandom.current().nextLong(), SUFFIX));
                WRITING.add(tmp);
                try {
                    return new Temporary(tmp, FileChannel.open(tmp, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE));
                } catch (FileAlreadyExistsException e) {
                    WRITING.remove(tmp);
                    if (attempt == ATTEMPTS) {
                        throw e;
                    }
                } catch (IOException | RuntimeException e) {
                    WRITING.remove(tmp);
                    throw e;
                }
            }
        }
    }

    /**
     * Locks a new temporary file for as long as it is being written, so that no other process's save takes it
     * for stale. Where the file system has no locks, the file stays unlocked: no cleanup can lock it either, and
     * so none removes it.
     */
    private static void lockIfPossible(FileChannel channel) {
        try {
            channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            // no locks on this file system: see above
        }
    }

    /** Removes the temporary files of dead saves of {@code name} in {@code dir}, by the rule of {@link #write}. */
    private static void removeStaleTemporaries(Path dir, String name) {
        String prefix = "." + name + ".";
        Instant staleBefore = Instant.now().minus(STALE_AFTER);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir,
                f -> isTemporaryName(f.getFileName().toString(), prefix))) {
            for (Path f : files) {
                removeIfStale(f, staleBefore);
            }
        } catch (IOException | RuntimeException e) {
            // best effort: a folder that cannot be listed is written to all the same, or fails below
        }
    }

    /** Whether {@code file} is exactly {@code prefix} + 16 lowercase hex digits + {@link #SUFFIX}. */
    static boolean isTemporaryName(String file, String prefix) {
        if (file.length() != prefix.length() + 16 + SUFFIX.length() || !file.startsWith(prefix)
                || !file.endsWith(SUFFIX)) {
            return false;
        }
        for (int i = prefix.length(); i < prefix.length() + 16; i++) {
            char c = file.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static void removeIfStale(Path tmp, Instant staleBefore) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(tmp, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile() || !attributes.lastModifiedTime().toInstant().isBefore(staleBefore)
                    || WRITING.contains(tmp)) {
                return; // never opened: closing a file this JVM has locked would drop its lock (POSIX)
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                FileLock lock = channel.tryLock();
                if (lock != null) { // no live save holds it: its writer is dead
                    Files.delete(tmp);
                }
            }
        } catch (IOException | OverlappingFileLockException | UnsupportedOperationException e) {
            // locked by this JVM, no locks on this file system, gone meanwhile, or not ours to delete: left alone
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
