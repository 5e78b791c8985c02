package io.github.backprop4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().collect(Collectors.toList());
        }
    }

    @Test
    void writesANewFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.npz");
        AtomicFiles.write(file, new byte[] {1, 2, 3});
        assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
        assertThat(files()).containsExactly(file);
    }

    @Test
    void replacesAnExistingFileWhole() throws IOException {
        Path file = dir.resolve("chart.svg");
        Files.writeString(file, "an older and much longer content than the new one");
        AtomicFiles.write(file, "new".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(files()).containsExactly(file);
    }

    @Test
    void writesAnEmptyFileAndARelativePath() throws IOException {
        Path file = dir.resolve("empty");
        AtomicFiles.write(file, new byte[0]);
        assertThat(Files.size(file)).isZero();
        Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("relative.bin"));
        AtomicFiles.write(relative, new byte[] {7});
        assertThat(Files.readAllBytes(dir.resolve("relative.bin"))).containsExactly(7);
    }

    @Test
    void aMissingFolderFailsAndLeavesNothing() throws IOException {
        Path file = dir.resolve("missing").resolve("model.npz");
        assertThatThrownBy(() -> AtomicFiles.write(file, new byte[] {1})).isInstanceOf(NoSuchFileException.class);
        assertThat(files()).isEmpty();
    }

    /** The move fails (the target is a folder that is not empty): the temporary file goes, the target stays. */
    @Test
    void aFailedMoveDeletesTheTemporaryFileAndLeavesTheTargetAsItWas() throws IOException {
        Path target = dir.resolve("taken");
        Files.createDirectory(target);
        Path inside = Files.writeString(target.resolve("keep.txt"), "kept");
        assertThatThrownBy(() -> AtomicFiles.write(target, new byte[] {1})).isInstanceOf(IOException.class);
        assertThat(files()).containsExactly(target);
        assertThat(Files.readString(inside)).isEqualTo("kept");
    }

    @Test
    void aRootNamesNoFile() {
        Path root = dir.getRoot();
        assertThatIllegalArgumentException().isThrownBy(() -> AtomicFiles.write(root, new byte[] {1}))
                .withMessageContaining("names no file");
    }

    // ---------------------------------------------------------------- temporary files of dead saves

    /** A temporary file of {@code target}'s name as a save makes it, last modified {@code age} ago. */
    private Path temporary(String target, String hex, Duration age) throws IOException {
        Path tmp = dir.resolve("." + target + "." + hex + AtomicFiles.SUFFIX);
        Files.writeString(tmp, "half a model");
        Files.setLastModifiedTime(tmp, FileTime.from(Instant.now().minus(age)));
        return tmp;
    }

    private static final Duration STALE = AtomicFiles.STALE_AFTER.plusMinutes(1);

    /** A process killed mid-save leaves its temporary file; the next save of the same file removes it. */
    @Test
    void aSaveRemovesTheTemporaryFileADeadSaveOfTheSameTargetLeft() throws IOException {
        Path file = dir.resolve("model.npz");
        Path dead = temporary("model.npz", "0123456789abcdef", STALE);
        AtomicFiles.write(file, new byte[] {1});
        assertThat(files()).containsExactly(file);
        assertThat(dead).doesNotExist();
    }

    /** Only what the rule proves is a dead save's own goes; everything else stays. */
    @Test
    void aSaveLeavesEveryOtherFileAlone() throws IOException {
        Path file = dir.resolve("model.npz");
        List<Path> kept = List.of(
                temporary("model.npz", "0123456789abcdef", Duration.ofMinutes(1)),   // recent: maybe just created
                temporary("other.npz", "0123456789abcdef", STALE),                   // another target's
                temporary("model.np", "0123456789abcdef", STALE),                    // another target's
                temporary("model.npz", "0123456789ABCDEF", STALE),                   // not a name a save makes
                temporary("model.npz", "0123456789abcde", STALE),
                temporary("model.npz", "0123456789abcdef0", STALE),
                Files.writeString(dir.resolve(".model.npz.0123456789abcdef.tmp"), "another tool's"),
                Files.writeString(dir.resolve("model.npz.0123456789abcdef" + AtomicFiles.SUFFIX), "no dot"));
        Path folder = Files.createDirectory(dir.resolve(".model.npz.fedcba9876543210" + AtomicFiles.SUFFIX));
        Files.setLastModifiedTime(folder, FileTime.from(Instant.now().minus(STALE)));
        AtomicFiles.write(file, new byte[] {1});
        assertThat(files()).containsAll(kept).contains(folder, file).hasSize(kept.size() + 2);
    }

    /** A stale-looking temporary file that a live save holds locked (here this JVM's test) is left alone. */
    @Test
    void aLockedTemporaryFileIsLeftAlone() throws IOException {
        Path file = dir.resolve("model.npz");
        Path live = temporary("model.npz", "0123456789abcdef", STALE);
        try (FileChannel channel = FileChannel.open(live, StandardOpenOption.WRITE)) {
            assertThat(channel.tryLock()).isNotNull();
            AtomicFiles.write(file, new byte[] {1});
            assertThat(live).exists();
        }
    }

    /**
     * The same, with the lock held by another process, as a live save in another JVM holds it: python3's
     * {@code fcntl.lockf} takes the POSIX record lock that {@link FileChannel#tryLock()} takes on Linux and macOS.
     */
    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aTemporaryFileLockedByAnotherProcessIsLeftAlone() throws IOException, InterruptedException {
        Path file = dir.resolve("model.npz");
        Path live = temporary("model.npz", "0123456789abcdef", STALE);
        Process holder;
        try {
            holder = new ProcessBuilder("python3", "-c", "import fcntl, sys\n"
                    + "f = open(sys.argv[1], 'r+')\n"
                    + "fcntl.lockf(f, fcntl.LOCK_EX)\n"
                    + "print('locked', flush=True)\n"
                    + "sys.stdin.read()\n", live.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("python3 is not available here: " + e);
            return;
        }
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            Assumptions.assumeTrue("locked".equals(line), "python3 could not lock the file: " + line);
            Files.setLastModifiedTime(live, FileTime.from(Instant.now().minus(STALE)));
            AtomicFiles.write(file, new byte[] {1});
            assertThat(live).exists();
        } finally {
            holder.getOutputStream().close();
            holder.waitFor(10, TimeUnit.SECONDS);
            holder.destroy();
        }
        // The holder is gone, and its lock with it: now the file is a dead save's.
        AtomicFiles.write(file, new byte[] {2});
        assertThat(live).doesNotExist();
    }

    @Test
    void temporaryFilesAreNamedForTheirTarget() {
        assertThat(AtomicFiles.isTemporaryName(".a.b.0123456789abcdef.backprop4j-tmp", ".a.b.")).isTrue();
        assertThat(AtomicFiles.isTemporaryName(".a.b.0123456789abcdef.backprop4j-tmp", ".a.")).isFalse();
        assertThat(AtomicFiles.isTemporaryName(".a.0123456789abcdef.backprop4j-tmp", ".a.b.")).isFalse();
        assertThat(AtomicFiles.isTemporaryName(".a.b.0123456789abcdeg.backprop4j-tmp", ".a.b.")).isFalse();
    }

    /**
     * The drift this class ended: model files forced the temporary file and the folder to disk, charts did
     * neither, because each had its own copy. No class but this one may move a file into place or force one.
     */
    @Test
    void noOtherClassOfTheLibraryWritesFilesItsOwnWay() throws IOException {
        Path sources = Path.of("src/main/java");
        assertThat(sources).isDirectory();
        List<String> offenders;
        try (Stream<Path> files = Files.walk(sources)) {
            offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.getFileName().toString().equals("AtomicFiles.java"))
                    .filter(f -> {
                        try {
                            String code = Files.readString(f);
                            return code.contains("Files.move(") || code.contains("ATOMIC_MOVE")
                                    || code.contains(".force(");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(Path::toString).sorted().collect(Collectors.toList());
        }
        assertThat(offenders).as("classes saving files without AtomicFiles").isEmpty();
    }
}
