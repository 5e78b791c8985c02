package io.github.backprop4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
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
