package io.github.backprop4j.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The zip container of a model file: a deterministic writer and a strict reader, written from the APPNOTE
 * (PKWARE's .ZIP File Format Specification, 6.3.x) rather than on {@code java.util.zip.ZipFile}, which verifies
 * neither CRCs nor the agreement of local and central headers.
 *
 * <p>The writer emits STORED entries only, in the order given, with a fixed timestamp (1980-01-01 00:00),
 * no extra fields, no comments and no data descriptors, so the same entries always give the same bytes.
 *
 * <p>The reader reads the structure first and nothing else: the size of the file, its first four bytes, the
 * end-of-central-directory record in its last 22 bytes, the central directory that record points to (bounded)
 * and each local header — so a file that is not a model file, or is far larger than it should be, costs a few
 * small reads. It accepts STORED and DEFLATED entries as {@code zipfile}/NumPy write them (including the ZIP64
 * extra field NumPy forces into local headers) and refuses everything it cannot verify: a file that does not
 * end in a comment-less end-of-central-directory record, ZIP64 end records, multi-disk archives, encryption,
 * data descriptors, other compression methods, non-ASCII or duplicate names, disagreement between a local
 * header and its central header, and any byte of the file that belongs to no entry or to two (the local headers
 * and data must tile the file from offset 0 up to the central directory). An entry's data is read later, by an
 * {@link EntryReader}, and checked against its size and CRC-32 then.
 */
final class ZipArchive {

    /** The largest file accepted: 2 GiB minus 1 KiB, so that it fits in one Java array. */
    static final long MAX_FILE_BYTES = (1L << 31) - 1024;

    /**
     * The largest central directory read: 16 MiB, 256 bytes for each of the most entries (a model file's
     * central headers are 46 bytes plus a name of a few dozen).
     */
    static final int MAX_CENTRAL_DIRECTORY_BYTES = 16 << 20;

    /** The most entries: the end record counts them in 16 bits, and 0xFFFF means "see the ZIP64 record". */
    static final int MAX_ENTRIES = 0xFFFE;

    /**
     * Deflate cannot expand data more than 1032:1 (a 258-byte match in at most 2 bits). A declared size beyond
     * {@code MAX_DEFLATE_RATIO · compressed + 1024} is a lie, refused before inflating.
     */
    static final long MAX_DEFLATE_RATIO = 1032;

    static final int STORED = 0;
    static final int DEFLATED = 8;

    private static final int LOCAL_SIG = 0x04034b50;
    private static final int CENTRAL_SIG = 0x02014b50;
    private static final int END_SIG = 0x06054b50;
    private static final int LOCAL_FIXED = 30;
    private static final int CENTRAL_FIXED = 46;
    private static final int END_FIXED = 22;
    /** 1980-01-01 in MS-DOS date format: (1980 − 1980) &lt;&lt; 9 | 1 &lt;&lt; 5 | 1. */
    private static final int DOS_DATE_1980 = 0x0021;
    private static final int VERSION_20 = 20;
    private static final int VERSION_ZIP64 = 45;
    /** Flag bits a reader may ignore: 1, 2 (deflate speed hints) and 11 (names are UTF-8). */
    private static final int HARMLESS_FLAGS = 0x0002 | 0x0004 | 0x0800;

    private ZipArchive() {
    }

    /**
     * One entry as the central directory and its local header (which agree) describe it.
     *
     * @param name           the entry name (printable ASCII)
     * @param method         {@link #STORED} or {@link #DEFLATED}
     * @param crc            the CRC-32 of the uncompressed data
     * @param compressedSize the bytes of data in the file
     * @param size           the bytes of data once uncompressed
     * @param headerOffset   the file offset of the local header
     * @param dataOffset     the file offset of the (compressed) data
     */
    record Entry(String name, int method, int crc, int compressedSize, int size, int headerOffset, int dataOffset) {
        /** @return the file offset just past the data */
        int dataEnd() {
            return dataOffset + compressedSize;
        }

        String describe() {
            return String.format(Locale.ROOT, "entry '%s'", name);
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * A zip archive of STORED entries in the given order, deterministic: same names and data, same bytes.
     *
     * @param names the entry names, printable ASCII, unique
     * @param data  the data of each entry; not modified
     * @return the archive
     * @throws IllegalArgumentException if the archive would be larger than {@link #MAX_FILE_BYTES}, or a name
     *                                  is not printable ASCII
     */
    static byte[] write(List<String> names, List<byte[]> data) {
        long total = END_FIXED;
        for (int i = 0; i < names.size(); i++) {
            int n = asciiName(names.get(i)).length;
            total += LOCAL_FIXED + n + (long) data.get(i).length + CENTRAL_FIXED + n;
        }
        if (total > MAX_FILE_BYTES || names.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "a model file of %,d bytes in %,d entries would exceed the limit of %,d bytes and %,d entries",
                    total, names.size(), MAX_FILE_BYTES, MAX_ENTRIES));
        }
        byte[] out = new byte[(int) total];
        int[] crcs = new int[names.size()];
        int[] offsets = new int[names.size()];
        int pos = 0;
        for (int i = 0; i < names.size(); i++) {
            byte[] name = asciiName(names.get(i));
            byte[] d = data.get(i);
            CRC32 crc = new CRC32();
            crc.update(d);
            crcs[i] = (int) crc.getValue();
            offsets[i] = pos;
            pos = putInt(out, pos, LOCAL_SIG);
            pos = putShort(out, pos, VERSION_20);      // version needed to extract: 2.0
            pos = putShort(out, pos, 0);               // flags
            pos = putShort(out, pos, STORED);          // compression method
            pos = putShort(out, pos, 0);               // last modified time: 00:00:00
            pos = putShort(out, pos, DOS_DATE_1980);   // last modified date: 1980-01-01
            pos = putInt(out, pos, crcs[i]);
            pos = putInt(out, pos, d.length);          // compressed size
            pos = putInt(out, pos, d.length);          // uncompressed size
            pos = putShort(out, pos, name.length);
            pos = putShort(out, pos, 0);               // extra field length
            System.arraycopy(name, 0, out, pos, name.length);
            pos += name.length;
            System.arraycopy(d, 0, out, pos, d.length);
            pos += d.length;
        }
        int centralOffset = pos;
        for (int i = 0; i < names.size(); i++) {
            byte[] name = asciiName(names.get(i));
            pos = putInt(out, pos, CENTRAL_SIG);
            pos = putShort(out, pos, VERSION_20);      // version made by: 2.0, MS-DOS attributes
            pos = putShort(out, pos, VERSION_20);      // version needed to extract
            pos = putShort(out, pos, 0);               // flags
            pos = putShort(out, pos, STORED);
            pos = putShort(out, pos, 0);               // time
            pos = putShort(out, pos, DOS_DATE_1980);   // date
            pos = putInt(out, pos, crcs[i]);
            pos = putInt(out, pos, data.get(i).length);
            pos = putInt(out, pos, data.get(i).length);
            pos = putShort(out, pos, name.length);
            pos = putShort(out, pos, 0);               // extra field length
            pos = putShort(out, pos, 0);               // comment length
            pos = putShort(out, pos, 0);               // disk number start
            pos = putShort(out, pos, 0);               // internal attributes
            pos = putInt(out, pos, 0);                 // external attributes
            pos = putInt(out, pos, offsets[i]);        // offset of the local header
            System.arraycopy(name, 0, out, pos, name.length);
            pos += name.length;
        }
        int centralSize = pos - centralOffset;
        pos = putInt(out, pos, END_SIG);
        pos = putShort(out, pos, 0);                   // this disk
        pos = putShort(out, pos, 0);                   // disk of the central directory
        pos = putShort(out, pos, names.size());        // entries on this disk
        pos = putShort(out, pos, names.size());        // entries in all
        pos = putInt(out, pos, centralSize);
        pos = putInt(out, pos, centralOffset);
        pos = putShort(out, pos, 0);                   // comment length
        assert pos == out.length;
        return out;
    }

    private static byte[] asciiName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException("entry name is not printable ASCII: " + Json.quote(name));
            }
        }
        return name.getBytes(StandardCharsets.US_ASCII);
    }

    private static int putShort(byte[] b, int pos, int v) {
        b[pos] = (byte) v;
        b[pos + 1] = (byte) (v >>> 8);
        return pos + 2;
    }

    private static int putInt(byte[] b, int pos, int v) {
        b[pos] = (byte) v;
        b[pos + 1] = (byte) (v >>> 8);
        b[pos + 2] = (byte) (v >>> 16);
        b[pos + 3] = (byte) (v >>> 24);
        return pos + 4;
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads and cross-checks the structure of an archive, reading only its structure: the first 4 bytes, the
     * end-of-central-directory record (the last 22 bytes), the central directory (at most
     * {@link #MAX_CENTRAL_DIRECTORY_BYTES}) and each local header; no entry's data is read.
     *
     * @param file the file; not modified
     * @return the entries in central-directory order
     * @throws ModelFileException if the file is too large, or its structure is damaged or uses a feature this
     *                            reader refuses
     * @throws IOException        if the file cannot be read
     */
    static List<Entry> read(ByteSource file) throws IOException {
        long len = file.size();
        if (len > MAX_FILE_BYTES) {
            throw new ModelFileException(String.format(Locale.ROOT, "file of %,d bytes is larger than the %,d"
                    + " bytes a model file may have; refused without reading it", len, MAX_FILE_BYTES));
        }
        byte[] head = new byte[(int) Math.min(4, len)];
        file.read(0, head, 0, head.length);
        if (len >= 4 && u32(head, 0) != LOCAL_SIG) {
            if (u32(head, 0) == END_SIG) {
                throw new ModelFileException("the zip archive is empty: a model file holds at least model.json");
            }
            throw new ModelFileException(String.format(Locale.ROOT, "not a model file: it starts with bytes %s,"
                    + " but a model file is a zip archive (.npz), which starts with 50 4B 03 04 (\"PK\\3\\4\")",
                    hex(head, 0, 4)));
        }
        if (len < LOCAL_FIXED + END_FIXED) {
            throw new ModelFileException(String.format(Locale.ROOT, "file of %d bytes is too short to be a model"
                    + " file: it is truncated", len));
        }
        int end = (int) len - END_FIXED;
        byte[] record = new byte[END_FIXED];
        file.read(end, record, 0, END_FIXED);
        if (u32(record, 0) != END_SIG) {
            throw new ModelFileException(String.format(Locale.ROOT, "no end-of-central-directory record in the"
                    + " last %d bytes (file offset %d): the file is truncated, has data appended, or has an"
                    + " archive comment (which model files do not have)", END_FIXED, end));
        }
        int thisDisk = u16(record, 4);
        int centralDisk = u16(record, 6);
        int entriesHere = u16(record, 8);
        int entries = u16(record, 10);
        long centralSize = u32(record, 12) & 0xFFFFFFFFL;
        long centralOffset = u32(record, 16) & 0xFFFFFFFFL;
        int commentLength = u16(record, 20);
        if (entries == 0xFFFF || centralSize == 0xFFFFFFFFL || centralOffset == 0xFFFFFFFFL) {
            throw endError(end, "marks a ZIP64 archive, which this reader does not support (model files are"
                    + " smaller than 2 GiB)");
        }
        if (thisDisk != 0 || centralDisk != 0 || entriesHere != entries) {
            throw endError(end, String.format(Locale.ROOT, "describes a multi-disk archive (disk %d, central"
                    + " directory on disk %d, %d of %d entries here)", thisDisk, centralDisk, entriesHere, entries));
        }
        if (commentLength != 0) {
            throw endError(end, "declares a comment of " + commentLength + " bytes, but the file ends there");
        }
        if (centralOffset + centralSize != end) {
            throw endError(end, String.format(Locale.ROOT, "says the central directory is %d bytes at offset %d,"
                    + " which does not end where the end record starts (offset %d): the file is truncated or"
                    + " damaged", centralSize, centralOffset, end));
        }
        if (centralSize > MAX_CENTRAL_DIRECTORY_BYTES) {
            throw endError(end, String.format(Locale.ROOT, "declares a central directory of %,d bytes, more than"
                    + " the %,d bytes a model file's may have; refused without reading it", centralSize,
                    MAX_CENTRAL_DIRECTORY_BYTES));
        }
        if ((long) entries * CENTRAL_FIXED > centralSize) {
            throw endError(end, String.format(Locale.ROOT, "declares %d entries, which cannot fit in a central"
                    + " directory of %d bytes", entries, centralSize));
        }
        Headers central = Headers.read(file, (int) centralOffset, (int) centralSize);
        List<Entry> result = new ArrayList<>(entries);
        Set<String> names = new HashSet<>();
        int pos = (int) centralOffset;
        for (int i = 0; i < entries; i++) {
            Entry e = centralEntry(file, central, pos, i);
            if (!names.add(e.name())) {
                throw new ModelFileException(String.format(Locale.ROOT, "central directory at file offset %d:"
                        + " duplicate entry name '%s'", pos, e.name()));
            }
            result.add(e);
            pos += CENTRAL_FIXED + central.u16(pos + 28) + central.u16(pos + 30) + central.u16(pos + 32);
        }
        if (pos != end) {
            throw new ModelFileException(String.format(Locale.ROOT, "central directory: %d unexpected bytes after"
                    + " its %d entries (file offsets %d to %d)", end - pos, entries, pos, end));
        }
        checkTiling(result, (int) centralOffset);
        return result;
    }

    /**
     * Bytes of the file read into memory, addressed by their file offsets: the central directory, or one local
     * header.
     *
     * @param bytes the bytes
     * @param start the file offset of {@code bytes[0]}
     */
    private record Headers(byte[] bytes, int start) {
        static Headers read(ByteSource file, int start, int length) throws IOException {
            byte[] bytes = new byte[length];
            file.read(start, bytes, 0, length);
            return new Headers(bytes, start);
        }

        /** The file offset just past these bytes. */
        int end() {
            return start + bytes.length;
        }

        int u16(int fileOffset) {
            return ZipArchive.u16(bytes, fileOffset - start);
        }

        int u32(int fileOffset) {
            return ZipArchive.u32(bytes, fileOffset - start);
        }

        long u64(int fileOffset) {
            return ZipArchive.u64(bytes, fileOffset - start);
        }

        String hex(int fileOffset, int n) {
            return ZipArchive.hex(bytes, fileOffset - start, n);
        }

        int byteAt(int fileOffset) {
            return bytes[fileOffset - start] & 0xFF;
        }

        String ascii(int fileOffset, int length) {
            return new String(bytes, fileOffset - start, length, StandardCharsets.US_ASCII);
        }
    }

    private static ModelFileException endError(int end, String what) {
        return new ModelFileException("end-of-central-directory record at file offset " + end + " " + what);
    }

    /** Parses central entry {@code index} at file offset {@code pos} and the local header it points to. */
    private static Entry centralEntry(ByteSource file, Headers f, int pos, int index) throws IOException {
        String where = String.format(Locale.ROOT, "central directory entry %d at file offset %d", index, pos);
        if (pos + CENTRAL_FIXED > f.end()) {
            throw new ModelFileException(where + ": runs past the end of the central directory");
        }
        if (f.u32(pos) != CENTRAL_SIG) {
            throw new ModelFileException(where + ": wrong signature " + f.hex(pos, 4) + ", expected 50 4B 01 02");
        }
        int versionNeeded = f.u16(pos + 6);
        int flags = f.u16(pos + 8);
        int method = f.u16(pos + 10);
        int crc = f.u32(pos + 16);
        long compressed = f.u32(pos + 20) & 0xFFFFFFFFL;
        long size = f.u32(pos + 24) & 0xFFFFFFFFL;
        int nameLength = f.u16(pos + 28);
        int extraLength = f.u16(pos + 30);
        int commentLength = f.u16(pos + 32);
        int diskStart = f.u16(pos + 34);
        long headerOffset = f.u32(pos + 42) & 0xFFFFFFFFL;
        if ((long) pos + CENTRAL_FIXED + nameLength + extraLength + commentLength > f.end()) {
            throw new ModelFileException(where + ": its name, extra field and comment run past the end of the"
                    + " central directory");
        }
        String name = name(f, pos + CENTRAL_FIXED, nameLength, where);
        where = where + " ('" + name + "')";
        checkExtra(f, pos + CENTRAL_FIXED + nameLength, extraLength, where);
        if (compressed == 0xFFFFFFFFL || size == 0xFFFFFFFFL || headerOffset == 0xFFFFFFFFL || diskStart == 0xFFFF) {
            throw new ModelFileException(where + ": uses ZIP64 sizes or offsets, which this reader does not"
                    + " support (model files are smaller than 2 GiB)");
        }
        if (size > MAX_FILE_BYTES) {
            throw new ModelFileException(String.format(Locale.ROOT, "%s: declares %,d bytes uncompressed, more"
                    + " than the %,d a model file may hold; refused without reading it", where, size, MAX_FILE_BYTES));
        }
        if (diskStart != 0) {
            throw new ModelFileException(where + ": starts on disk " + diskStart + " of a multi-disk archive");
        }
        checkFeatures(versionNeeded, flags, method, compressed, size, where);
        if (headerOffset >= f.start()) {
            throw new ModelFileException(String.format(Locale.ROOT, "%s: local header offset %d is not before"
                    + " the central directory (offset %d)", where, headerOffset, f.start()));
        }
        return localEntry(file, (int) headerOffset, f.start(), name, flags, method, crc, compressed, size);
    }

    private static void checkFeatures(int versionNeeded, int flags, int method, long compressed, long size,
                                      String where) throws ModelFileException {
        if ((flags & 0x0001) != 0 || (flags & 0x0040) != 0 || (flags & 0x2000) != 0) {
            throw new ModelFileException(where + ": is encrypted; model files are never encrypted");
        }
        if ((flags & 0x0008) != 0) {
            throw new ModelFileException(where + ": uses a data descriptor (flag bit 3), which this reader does"
                    + " not support; write the archive to a seekable file");
        }
        if ((flags & ~HARMLESS_FLAGS) != 0) {
            throw new ModelFileException(String.format(Locale.ROOT, "%s: unsupported flags 0x%04X", where, flags));
        }
        if (versionNeeded > VERSION_ZIP64) {
            throw new ModelFileException(String.format(Locale.ROOT, "%s: needs zip version %d.%d to extract;"
                    + " this reader supports up to 4.5", where, versionNeeded / 10, versionNeeded % 10));
        }
        if (method != STORED && method != DEFLATED) {
            throw new ModelFileException(String.format(Locale.ROOT, "%s: compression method %d; only 0 (stored)"
                    + " and 8 (deflated) are supported", where, method));
        }
        if (method == STORED && compressed != size) {
            throw new ModelFileException(String.format(Locale.ROOT, "%s: stored (not compressed) but its"
                    + " compressed size %d differs from its size %d", where, compressed, size));
        }
    }

    /** Reads the local header at {@code pos} and checks it against its central header. */
    private static Entry localEntry(ByteSource file, int pos, int centralOffset, String name, int flags, int method,
                                    int crc, long compressed, long size) throws IOException {
        String where = String.format(Locale.ROOT, "local header of entry '%s' at file offset %d", name, pos);
        if (pos + LOCAL_FIXED > centralOffset) {
            throw new ModelFileException(where + ": runs into the central directory");
        }
        Headers f = Headers.read(file, pos, LOCAL_FIXED);
        if (f.u32(pos) != LOCAL_SIG) {
            throw new ModelFileException(where + ": wrong signature " + f.hex(pos, 4) + ", expected 50 4B 03 04");
        }
        int nameLength = f.u16(pos + 26);
        int extraLength = f.u16(pos + 28);
        if ((long) pos + LOCAL_FIXED + nameLength + extraLength > centralOffset) {
            throw new ModelFileException(where + ": its name and extra field run into the central directory");
        }
        f = Headers.read(file, pos, LOCAL_FIXED + nameLength + extraLength);
        int localFlags = f.u16(pos + 6);
        int localMethod = f.u16(pos + 8);
        int localCrc = f.u32(pos + 14);
        long localCompressed = f.u32(pos + 18) & 0xFFFFFFFFL;
        long localSize = f.u32(pos + 22) & 0xFFFFFFFFL;
        String localName = name(f, pos + LOCAL_FIXED, nameLength, where);
        int extra = pos + LOCAL_FIXED + nameLength;
        checkExtra(f, extra, extraLength, where);
        if (localCompressed == 0xFFFFFFFFL || localSize == 0xFFFFFFFFL) {
            // NumPy (zipfile with force_zip64) puts the sizes in a ZIP64 extra field: size, then compressed size.
            long[] sizes = zip64Sizes(f, extra, extraLength, where);
            localSize = sizes[0];
            localCompressed = sizes[1];
        }
        mismatch(where, "name", localName, name);
        mismatch(where, "flags", localFlags, flags);
        mismatch(where, "compression method", localMethod, method);
        mismatch(where, "CRC-32", Integer.toUnsignedLong(localCrc), Integer.toUnsignedLong(crc));
        mismatch(where, "compressed size", localCompressed, compressed);
        mismatch(where, "size", localSize, size);
        int dataOffset = f.end();
        if (dataOffset + compressed > centralOffset) {
            throw new ModelFileException(String.format(Locale.ROOT, "%s: its %d bytes of data run into the"
                    + " central directory (file offset %d): the file is truncated or damaged", where, compressed,
                    centralOffset));
        }
        return new Entry(name, method, crc, (int) compressed, (int) size, pos, dataOffset);
    }

    private static void mismatch(String where, String field, Object local, Object central)
            throws ModelFileException {
        if (!local.equals(central)) {
            throw new ModelFileException(String.format(Locale.ROOT, "%s: %s %s differs from the central"
                    + " directory's %s; the file is damaged", where, field, local, central));
        }
    }

    /** Checks that an extra field is a well-formed sequence of (id, length, data) blocks. */
    private static void checkExtra(Headers f, int pos, int length, String where) throws ModelFileException {
        int p = pos;
        int end = pos + length;
        while (p < end) {
            if (p + 4 > end) {
                throw new ModelFileException(where + ": malformed extra field (a block header is cut off)");
            }
            int id = f.u16(p);
            int size = f.u16(p + 2);
            if (p + 4 + size > end) {
                throw new ModelFileException(String.format(Locale.ROOT, "%s: malformed extra field (block 0x%04X"
                        + " of %d bytes runs past the field)", where, id, size));
            }
            if (id == 0x9901 || id == 0x0017) {
                throw new ModelFileException(where + ": is encrypted; model files are never encrypted");
            }
            p += 4 + size;
        }
    }

    /** The (size, compressed size) of a local header's ZIP64 extra block. */
    private static long[] zip64Sizes(Headers f, int pos, int length, String where) throws ModelFileException {
        int p = pos;
        int end = pos + length;
        while (p < end) {
            int id = f.u16(p);
            int size = f.u16(p + 2);
            if (id == 0x0001) {
                if (size < 16) {
                    throw new ModelFileException(where + ": ZIP64 extra block of " + size + " bytes, expected at"
                            + " least 16 (size and compressed size)");
                }
                long s = f.u64(p + 4);
                long c = f.u64(p + 12);
                if (s < 0 || c < 0 || s >= MAX_FILE_BYTES * MAX_DEFLATE_RATIO || c >= MAX_FILE_BYTES) {
                    throw new ModelFileException(String.format(Locale.ROOT, "%s: ZIP64 sizes %d and %d are"
                            + " impossible in a file under 2 GiB", where, s, c));
                }
                return new long[] {s, c};
            }
            p += 4 + size;
        }
        throw new ModelFileException(where + ": sizes are 0xFFFFFFFF but there is no ZIP64 extra block");
    }

    private static String name(Headers f, int pos, int length, String where) throws ModelFileException {
        if (length == 0) {
            throw new ModelFileException(where + ": empty entry name");
        }
        for (int i = 0; i < length; i++) {
            int c = f.byteAt(pos + i);
            if (c < 0x20 || c > 0x7E) {
                throw new ModelFileException(String.format(Locale.ROOT, "%s: entry name has byte 0x%02X at file"
                        + " offset %d; names in a model file are printable ASCII", where, c, pos + i));
            }
        }
        return f.ascii(pos, length);
    }

    /** Every byte before the central directory must belong to exactly one entry's local header or data. */
    private static void checkTiling(List<Entry> entries, int centralOffset) throws ModelFileException {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingInt(Entry::headerOffset));
        int expected = 0;
        String previous = "the start of the file";
        for (Entry e : byOffset) {
            if (e.headerOffset() < expected) {
                throw new ModelFileException(String.format(Locale.ROOT, "entry '%s' (local header at file offset"
                        + " %d) overlaps %s, which ends at offset %d", e.name(), e.headerOffset(), previous,
                        expected));
            }
            if (e.headerOffset() > expected) {
                throw new ModelFileException(String.format(Locale.ROOT, "%d unexpected bytes at file offsets %d"
                        + " to %d, after %s and before entry '%s'", e.headerOffset() - expected, expected,
                        e.headerOffset(), previous, e.name()));
            }
            expected = e.dataEnd();
            previous = "entry '" + e.name() + "'";
        }
        if (expected != centralOffset) {
            throw new ModelFileException(String.format(Locale.ROOT, "%d unexpected bytes at file offsets %d to %d,"
                    + " between %s and the central directory", centralOffset - expected, expected, centralOffset,
                    previous));
        }
    }

    // ---------------------------------------------------------------- little-endian access

    static int u16(byte[] b, int pos) {
        return (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8;
    }

    static int u32(byte[] b, int pos) {
        return (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8 | (b[pos + 2] & 0xFF) << 16 | (b[pos + 3] & 0xFF) << 24;
    }

    static long u64(byte[] b, int pos) {
        return (u32(b, pos) & 0xFFFFFFFFL) | (long) u32(b, pos + 4) << 32;
    }

    static String hex(byte[] b, int pos, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = pos; i < pos + n && i < b.length; i++) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(String.format(Locale.ROOT, "%02X", b[i] & 0xFF));
        }
        return sb.toString();
    }
}
