package io.github.backprop4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

class ZipArchiveTest {

    private static final byte[] A = "first entry".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] B = "second, longer entry".getBytes(StandardCharsets.US_ASCII);

    private static byte[] twoEntries() {
        return ZipArchive.write(List.of("a.txt", "b.txt"), List.of(A, B));
    }

    private static void assertRefused(byte[] zip, String... words) {
        assertThatThrownBy(() -> TestZip.entries(zip))
                .isInstanceOf(ModelFileException.class)
                .satisfies(e -> {
                    for (String w : words) {
                        assertThat(e.getMessage()).contains(w);
                    }
                });
    }

    private static void putShort(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    private static void putInt(byte[] b, int at, int v) {
        putShort(b, at, v);
        putShort(b, at + 2, v >>> 16);
    }

    /** The file offset of central directory entry {@code i} of {@link #twoEntries()}. */
    private static int central(byte[] zip, int i) {
        int pos = ZipArchive.u32(zip, zip.length - 22 + 16);
        for (int k = 0; k < i; k++) {
            pos += 46 + ZipArchive.u16(zip, pos + 28);
        }
        return pos;
    }

    // ---------------------------------------------------------------- writer

    @Test
    void writtenArchiveIsReadByJavaUtilZipWithTheSameContents() throws IOException {
        List<String> names = new ArrayList<>();
        List<byte[]> data = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(twoEntries()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                assertThat(e.getMethod()).isEqualTo(ZipEntry.STORED);
                assertThat(e.getExtra()).isNull();
                names.add(e.getName());
                data.add(in.readAllBytes());
            }
        }
        assertThat(names).containsExactly("a.txt", "b.txt");
        assertThat(data).containsExactly(A, B);
    }

    @Test
    void writerFieldsAreFixed() {
        byte[] zip = twoEntries();
        for (int offset : new int[] {0, 30 + 5 + A.length}) {
            assertThat(ZipArchive.u32(zip, offset)).isEqualTo(0x04034b50);
            assertThat(ZipArchive.u16(zip, offset + 6)).as("flags").isZero();
            assertThat(ZipArchive.u16(zip, offset + 8)).as("method").isZero();
            assertThat(ZipArchive.u16(zip, offset + 10)).as("time 00:00").isZero();
            assertThat(ZipArchive.u16(zip, offset + 12)).as("date 1980-01-01").isEqualTo(0x21);
            assertThat(ZipArchive.u16(zip, offset + 28)).as("extra length").isZero();
        }
        assertThat(ZipArchive.u16(zip, zip.length - 2)).as("comment length").isZero();
        assertThat(twoEntries()).isEqualTo(zip);
    }

    @Test
    void readerGivesEntriesInOrderAndVerifiesTheirCrc() throws IOException {
        byte[] zip = twoEntries();
        List<ZipArchive.Entry> entries = TestZip.entries(zip);
        assertThat(entries).extracting(ZipArchive.Entry::name).containsExactly("a.txt", "b.txt");
        assertThat(TestZip.data(zip, entries.get(1), 100, "")).isEqualTo(B);
        zip[entries.get(1).dataOffset() + 3] ^= 1;
        assertThatThrownBy(() -> TestZip.data(zip, entries.get(1), 100, ""))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("entry 'b.txt' (data at file offset " + entries.get(1).dataOffset() + "): CRC-32");
    }

    // ---------------------------------------------------------------- structure refusals

    @Test
    void refusesDataAfterTheEndRecordAndComments() {
        byte[] zip = twoEntries();
        assertRefused(Arrays.copyOf(zip, zip.length + 1), "no end-of-central-directory record in the last 22 bytes");
        byte[] comment = Arrays.copyOf(zip, zip.length + 3);
        putShort(comment, zip.length - 2, 3);
        assertRefused(comment, "no end-of-central-directory record");
        byte[] declared = zip.clone();
        putShort(declared, zip.length - 2, 3);
        assertRefused(declared, "declares a comment of 3 bytes");
    }

    @Test
    void refusesBytesBeforeTheFirstEntry() {
        byte[] zip = twoEntries();
        byte[] prefixed = new byte[zip.length + 4];
        System.arraycopy(new byte[] {'P', 'K', 3, 4}, 0, prefixed, 0, 4);
        System.arraycopy(zip, 0, prefixed, 4, zip.length);
        assertRefused(prefixed, "does not end where the end record starts");
    }

    @Test
    void refusesDuplicateNames() {
        TestZip z = new TestZip();
        z.add("model.json", "{}");
        z.add("model.json", "{}");
        assertRefused(z.build(), "duplicate entry name 'model.json'");
    }

    @Test
    void refusesOverlappingEntries() {
        byte[] zip = twoEntries();
        // Make entry a's data swallow entry b: both headers still agree and b's offset is unchanged.
        int grown = A.length + 30 + 5 + B.length;
        putInt(zip, 18, grown);
        putInt(zip, 22, grown);
        int c = central(zip, 0);
        putInt(zip, c + 20, grown);
        putInt(zip, c + 24, grown);
        assertRefused(zip, "entry 'b.txt' (local header at file offset 46) overlaps entry 'a.txt'");
    }

    @Test
    void refusesGapsBetweenEntries() {
        byte[] zip = twoEntries();
        int shrunk = A.length - 1;
        putInt(zip, 18, shrunk);
        putInt(zip, 22, shrunk);
        int c = central(zip, 0);
        putInt(zip, c + 20, shrunk);
        putInt(zip, c + 24, shrunk);
        assertRefused(zip, "1 unexpected bytes at file offsets 45 to 46");
    }

    @Test
    void refusesLocalHeaderThatDisagreesWithTheCentralDirectory() {
        byte[] zip = twoEntries();
        zip[30] = 'z'; // local name a.txt → z.txt
        assertRefused(zip, "local header of entry 'a.txt' at file offset 0: name z.txt differs");
        byte[] crc = twoEntries();
        crc[14] ^= 1;
        assertRefused(crc, "CRC-32", "differs from the central directory's");
    }

    @Test
    void refusesEncryptionDataDescriptorsAndOtherMethods() {
        TestZip encrypted = new TestZip();
        encrypted.add("model.json", "{}").flags = 1;
        assertRefused(encrypted.build(), "is encrypted");
        TestZip descriptor = new TestZip();
        descriptor.add("model.json", "{}").flags = 8;
        assertRefused(descriptor.build(), "data descriptor");
        byte[] bzip2 = twoEntries();
        putShort(bzip2, 8, 12);
        putShort(bzip2, central(bzip2, 0) + 10, 12);
        assertRefused(bzip2, "compression method 12");
    }

    @Test
    void refusesZip64AndMultiDiskEndRecords() {
        byte[] zip64 = twoEntries();
        putShort(zip64, zip64.length - 22 + 10, 0xFFFF);
        assertRefused(zip64, "ZIP64");
        byte[] disk = twoEntries();
        putShort(disk, disk.length - 22 + 4, 1);
        assertRefused(disk, "multi-disk");
    }

    @Test
    void refusesNonAsciiNames() {
        TestZip z = new TestZip();
        z.add("modèle.json", "{}");
        assertRefused(z.build(), "entry name has byte 0xC3", "printable ASCII");
    }

    // ---------------------------------------------------------------- deflate and zip bombs

    @Test
    void inflatesDeflatedEntries() throws IOException {
        byte[] content = "x".repeat(5000).getBytes(StandardCharsets.US_ASCII);
        TestZip z = new TestZip();
        z.add("x.txt", content).deflated();
        byte[] zip = z.build();
        assertThat(TestZip.data(zip, TestZip.entries(zip).get(0), 5000, "")).isEqualTo(content);
    }

    @Test
    void entryDeclaringMoreThanAllowedIsRefusedWithoutInflating() throws IOException {
        TestZip z = new TestZip();
        TestZip.Entry e = z.add("model.json", "{}").deflated();
        e.declaredSize = 1L << 30; // "1 GB of JSON"
        byte[] zip = z.build();
        ZipArchive.Entry entry = TestZip.entries(zip).get(0);
        assertThatThrownBy(() -> TestZip.data(zip, entry, 1 << 20, "model.json may have"))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("declares 1,073,741,824 bytes, more than the 1,048,576 bytes model.json may"
                        + " have; refused without reading it");
    }

    @Test
    void sizeBeyondDeflatesMaximumRatioIsRefusedWithoutInflating() throws IOException {
        TestZip z = new TestZip();
        z.add("big.npy", new byte[10]).deflated().declaredSize = 50_000_000;
        byte[] zip = z.build();
        ZipArchive.Entry entry = TestZip.entries(zip).get(0);
        assertThatThrownBy(() -> TestZip.data(zip, entry, Integer.MAX_VALUE, ""))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("a ratio deflate cannot reach (zip bomb?); refused without inflating");
    }

    @Test
    void streamThatInflatesToMoreThanDeclaredStopsAtTheDeclaredSize() throws IOException {
        TestZip z = new TestZip();
        z.add("bomb.npy", new byte[64 << 20]).deflated().declaredSize = 1000; // 64 MiB of zeros, declared 1,000
        byte[] zip = z.build();
        assertThat(zip.length).isLessThan(100_000);
        ZipArchive.Entry entry = TestZip.entries(zip).get(0);
        assertThatThrownBy(() -> TestZip.data(zip, entry, 10_000, ""))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("holds more than the 1,000 bytes the archive declares")
                .hasMessageContaining("refused without inflating the rest");
    }

    @Test
    void zipBombInAModelFileIsRefused() throws IOException {
        TestZip z = TestZip.of(ModelFile.toBytes(Models.small(1)));
        byte[] weights = z.entry("layers.0.weights.npy").content;
        z.remove("layers.0.weights.npy");
        byte[] bomb = Arrays.copyOf(weights, 64 << 20); // the real header and values, then 64 MiB of zeros
        TestZip.Entry e = z.add("layers.0.weights.npy", bomb).deflated();
        e.declaredSize = weights.length;
        ModelFileTest.assertRefused(z.build(), "entry 'layers.0.weights.npy'", "holds more than the 176 bytes");

        e.declaredSize = bomb.length;
        ModelFileTest.assertRefused(z.build(), "declares 67,108,864 bytes, more than the 65,593 bytes a .npy of"
                + " shape (2, 3) may have");
    }

    @Test
    void deflateStreamShorterThanDeclaredOrCutOffIsRefused() throws IOException {
        byte[] content = new byte[3000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + i / 7);
        }
        TestZip z = new TestZip();
        z.add("x.npy", content).deflated().declaredSize = 4000;
        byte[] zip = z.build();
        ZipArchive.Entry entry = TestZip.entries(zip).get(0);
        assertThatThrownBy(() -> TestZip.data(zip, entry, 10_000, ""))
                .isInstanceOf(ModelFileException.class)
                .hasMessageContaining("inflates to 3,000 bytes, but the archive declares 4,000");

        byte[] deflated = TestZip.deflate(content);
        ZipArchive.Entry cut = new ZipArchive.Entry("x.npy", ZipArchive.DEFLATED, 0, deflated.length / 2, 3000, 0, 0);
        assertThatThrownBy(() -> TestZip.data(deflated, cut, 10_000, ""))
                .isInstanceOf(ModelFileException.class)
                .hasMessageMatching(".*cut off after [0-9,]+ of the 3,000 bytes.*");
    }
}
