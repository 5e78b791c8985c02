package io.github.backprop4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.backprop4j.matrix.Matrix;
import io.github.backprop4j.nn.Identity;
import io.github.backprop4j.nn.Layer;
import io.github.backprop4j.nn.MeanSquaredError;
import io.github.backprop4j.nn.Network;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files made to cost time or memory, and paths that are not files: each is refused by name, from what it
 * claims, before the claim is paid for. Memory is measured with HotSpot's count of the bytes a thread allocates,
 * so "without reading it" is checked, not assumed; time is not measured (a refusal that reads nothing is fast).
 */
class HostileFilesTest {

    /** More than any refusal below needs: the checks read a few small headers. */
    private static final long SMALL = 4 << 20;

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- files that claim more than they hold

    @Test
    void aFileOverTheLimitIsRefusedFromItsSizeAlone() throws IOException {
        Path file = sparse("huge.npz", 3L << 30, new byte[0], new byte[0]);
        assertRefusedCheaply(() -> ModelFile.load(file), file + ": file of 3,221,225,472 bytes is larger than the"
                + " 2,147,482,624 bytes a model file may have; refused without reading it");
    }

    /** The case that took 23 s and 4.3 GB before: a file just under the limit, read whole, then refused. */
    @Test
    void aFileUnderTheLimitThatIsNotAZipIsRefusedFromItsFirstBytes() throws IOException {
        Path file = sparse("zeros.npz", ZipArchive.MAX_FILE_BYTES, new byte[0], new byte[0]);
        assertRefusedCheaply(() -> ModelFile.load(file), "not a model file: it starts with bytes 00 00 00 00");
    }

    @Test
    void aFileUnderTheLimitThatStartsLikeAZipIsRefusedFromItsLastBytes() throws IOException {
        Path file = sparse("head.npz", ZipArchive.MAX_FILE_BYTES, new byte[] {'P', 'K', 3, 4}, new byte[0]);
        assertRefusedCheaply(() -> ModelFile.load(file), "no end-of-central-directory record in the last 22 bytes");
    }

    @Test
    void aCentralDirectoryOverItsLimitIsRefusedBeforeItIsRead() throws IOException {
        long size = ZipArchive.MAX_FILE_BYTES;
        int central = 100 << 20;
        byte[] end = new byte[22];
        int[] record = {0x50, 0x4B, 5, 6, 0, 0, 0, 0, 1, 0, 1, 0};
        for (int i = 0; i < record.length; i++) {
            end[i] = (byte) record[i];
        }
        putInt(end, 12, central);
        putInt(end, 16, (int) (size - 22 - central));
        Path file = sparse("central.npz", size, new byte[] {'P', 'K', 3, 4}, end);
        assertRefusedCheaply(() -> ModelFile.load(file), "declares a central directory of 104,857,600 bytes, more"
                + " than the 16,777,216 bytes a model file's may have; refused without reading it");
    }

    @Test
    void anEntryDeclaringMoreThanItsTensorNeedsIsRefusedNamingTheEntryItsSizeAndTheLimit() throws IOException {
        byte[] file = weightsDeclaring(2_048_000_128L);
        assertRefusedCheaply(() -> ModelFile.load(file), "entry 'layers.0.weights.npy' declares 2,048,000,128 bytes,"
                + " more than the 65,593 bytes a .npy of shape (2, 3) may have; refused without reading it");
    }

    @Test
    void anEntryDeclaringMoreThanAModelFileMayHoldIsRefusedFromTheCentralDirectory() throws IOException {
        byte[] file = weightsDeclaring(3_000_000_000L);
        assertRefusedCheaply(() -> ModelFile.load(file), "('layers.0.weights.npy'): declares 3,000,000,000 bytes"
                + " uncompressed, more than the 2,147,482,624 a model file may hold; refused without reading it");
    }

    /** The file of {@link Models#small}, its weights (2 × 3) deflated and declaring {@code size} bytes. */
    private static byte[] weightsDeclaring(long size) throws IOException {
        TestZip z = TestZip.of(ModelFile.toBytes(Models.small(1)));
        z.entry("layers.0.weights.npy").deflated().declaredSize = size;
        return z.build();
    }

    /**
     * model.json plans a 16000 × 16000 layer (2 GB of weights), and the entry declares exactly that, deflated from
     * 2 MiB — a ratio deflate can reach, so only inflating tells. The reader inflates it into a small buffer,
     * counting, before it allocates anything of that size: before, it allocated 2 GB and then inflated.
     */
    @Test
    void aDeflatedEntryDeclaringGigabytesItDoesNotHoldIsRefusedBeforeAnythingIsAllocatedForIt() throws IOException {
        TestZip z = new TestZip();
        z.add("model.json", "{\"format\": \"backprop4j-model\", \"formatVersion\": 1, \"inputSize\": 16000,"
                + " \"layers\": [{\"type\": \"dense\", \"units\": 16000, \"activation\": {\"name\": \"relu\"}}],"
                + " \"loss\": {\"name\": \"mse\"}}");
        byte[] noise = new byte[2 << 20]; // incompressible: deflated, it is as large as it is
        new SplittableRandom(1).nextBytes(noise);
        long declared = 128 + 16_000L * 16_000 * Double.BYTES;
        z.add("layers.0.weights.npy", noise).deflated().declaredSize = declared;
        z.add("layers.0.biases.npy", Npy.write(1, 16_000, new double[16_000]));
        byte[] file = z.build();
        assertRefusedCheaply(() -> ModelFile.load(file), "entry 'layers.0.weights.npy' (deflated data at file"
                + " offset", "inflates to 2,097,152 bytes, but the archive declares 2,048,000,128");
    }

    /**
     * What a load allocates is set by the model, not by the file: 8 bytes per value as read, and the network's
     * 16 (each layer keeps its own copy of W and a gradient buffer of W's shape) — 24 in all. Before, the whole
     * file was read into an array first: 32.
     */
    @Test
    void loadingAllocatesForTheModelNotForTheFile() throws IOException {
        Matrix w = Matrix.zeros(500, 1000);
        Network net = new Network(List.of(new Layer(w, Matrix.zeros(1, 1000), new Identity())),
                new MeanSquaredError());
        Path file = dir.resolve("big.npz");
        ModelFile.save(net, file);
        long values = 500 * 1000 + 1000;
        ModelFile.load(file); // warm up, so that class loading is not counted
        long before = allocatedBytes();
        Network loaded = ModelFile.load(file);
        long bytes = allocatedBytes() - before;
        assertThat(loaded.layers().get(0).weights()).isEqualTo(w);
        assertThat(bytes).as("bytes allocated by a load of %,d values", values)
                .isBetween(3 * values * Double.BYTES, 3 * values * Double.BYTES + (1 << 20));
    }

    // ---------------------------------------------------------------- paths that are not files

    @Test
    void aDirectoryIsRefusedByName() {
        assertThat(catchThrowable(() -> ModelFile.load(dir)))
                .isInstanceOf(ModelFileException.class)
                .hasMessage(dir + ": is a directory, not a model file");
    }

    @Test
    void aDeviceIsRefusedByNameBeforeItIsRead() {
        Path zero = Path.of("/dev/zero");
        Assumptions.assumeTrue(Files.exists(zero), "no /dev/zero here");
        assertRefusedCheaply(() -> ModelFile.load(zero), "/dev/zero: is a character device, not a regular file; a"
                + " model file is read from a regular file only");
    }

    /** Before, opening a FIFO without a writer blocked for ever; the timeout ends the test if it does. */
    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFifoIsRefusedByNameWithoutOpeningIt() throws IOException, InterruptedException {
        Path fifo = dir.resolve("pipe.npz");
        boolean made;
        try {
            Process p = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
            made = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            made = false;
        }
        Assumptions.assumeTrue(made, "mkfifo is not available here");
        assertRefusedCheaply(() -> ModelFile.load(fifo), fifo + ": is a FIFO (named pipe), not a regular file");
    }

    @Test
    void aSymbolicLinkIsFollowed() throws IOException {
        Path file = dir.resolve("model.npz");
        ModelFile.save(Models.small(1), file);
        Path link = dir.resolve("link.npz");
        Path toDir = dir.resolve("link-to-dir");
        try {
            Files.createSymbolicLink(link, file);
            Files.createSymbolicLink(toDir, dir);
        } catch (UnsupportedOperationException | IOException e) {
            Assumptions.abort("no symbolic links here: " + e);
        }
        Models.assertSame(Models.small(1), ModelFile.load(link));
        assertThat(catchThrowable(() -> ModelFile.load(toDir))).isInstanceOf(ModelFileException.class)
                .hasMessage(toDir + ": is a directory, not a model file");
    }

    // ---------------------------------------------------------------- helpers

    /** A sparse file of {@code size} bytes (cheap on disk) with {@code head} at its start and {@code tail} at its end. */
    private Path sparse(String name, long size, byte[] head, byte[] tail) throws IOException {
        Path file = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
            f.write(head);
            f.seek(size - tail.length);
            f.write(tail);
        }
        return file;
    }

    private static void putInt(byte[] b, int at, int v) {
        for (int k = 0; k < 4; k++) {
            b[at + k] = (byte) (v >>> (8 * k));
        }
    }

    /** Refused with a ModelFileException holding {@code words}, and having allocated less than {@link #SMALL}. */
    private static void assertRefusedCheaply(ThrowingCallable load, String... words) {
        catchThrowable(load); // warm up, so that class loading is not counted
        long before = allocatedBytes();
        Throwable thrown = catchThrowable(load);
        long bytes = allocatedBytes() - before;
        assertThat(thrown).isInstanceOf(ModelFileException.class);
        for (String w : words) {
            assertThat(thrown.getMessage()).contains(w);
        }
        assertThat(bytes).as("bytes allocated before the refusal").isLessThan(SMALL);
    }

    /** The bytes this thread has allocated so far (HotSpot's com.sun.management.ThreadMXBean). */
    static long allocatedBytes() {
        try {
            Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                    .invoke(null);
            Method allocated = Class.forName("com.sun.management.ThreadMXBean")
                    .getMethod("getThreadAllocatedBytes", long.class);
            return (Long) allocated.invoke(threads, Thread.currentThread().getId());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("this JVM does not count allocated bytes", e);
        }
    }
}
