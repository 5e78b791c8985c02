package io.github.backprop4j.io;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The zip container of a model file: a deterministic writer and a strict reader that works on the whole
 * file in memory, written from the APPNOTE (PKWARE's .ZIP File Format Specification, 6.3.x) rather than on
 * {@code java.util.zip.ZipFile}, which verifies neither CRCs nor the agreement of local and central
 * headers.
 *
 * <p>The writer emits STORED entries only, in the order given, with a fixed timestamp (1980-01-01 00:00),
 * no extra fields, no comments and no data descriptors, so the same entries always give the same bytes.
 *
 * <p>The reader accepts STORED and DEFLATED entries as {@code zipfile}/NumPy write them (including the
 * ZIP64 extra field NumPy forces into local headers) and refuses everything it cannot verify: a file
 * that does not end in a comment-less end-of-central-directory record, ZIP64 end records, multi-disk
 * archives, encryption, data descriptors, other compression methods, non-ASCII or duplicate names,
 * disagreement between a local header and its central header, and any byte of the file that belongs to no
 * entry or to two (the local headers and data must tile the file from offset 0 up to the central
 * directory). Entry data is checked against its CRC-32 when it is extracted.
 */
final class ZipArchive {

    /** The largest file accepted: 2 GiB minus 1 KiB, so that it fits in one Java array. */
    static final long MAX_FILE_BYTES = (1L << 31) - 1024;

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

    /**
     * Bytes of an extracted entry: a view into the file for STORED entries (no copy), a new array for
     * DEFLATED ones.
     *
     * @param array      the bytes
     * @param offset     where the entry's data starts in {@code array}
     * @param length     the length of the data
     * @param fileOffset the file offset of the data if it is stored, or -1 if it was inflated
     */
    record Slice(byte[] array, int offset, int length, long fileOffset) {
        /** A copy of the data. */
        byte[] toArray() {
            byte[] copy = new byte[length];
            System.arraycopy(array, offset, copy, 0, length);
            return copy;
        }

        /** Where byte {@code i} of the data is, for messages: "byte 12 (file offset 345)". */
        String at(long i) {
            return fileOffset >= 0
                    ? String.format(Locale.ROOT, "byte %d (file offset %d)", i, fileOffset + i)
                    : String.format(Locale.ROOT, "byte %d of the inflated data", i);
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
                throw new IllegalArgumentException("entry name is not printable ASCII: " + Json.printable(name));
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
     * Reads and cross-checks the structure of an archive; does not extract or inflate anything.
     *
     * @param file the whole file; not modified
     * @return the entries in central-directory order
     * @throws ModelFileException if the structure is damaged or uses a feature this reader refuses
     */
    static List<Entry> read(byte[] file) throws ModelFileException {
        int len = file.length;
        if (len >= 4 && u32(file, 0) != LOCAL_SIG) {
            if (u32(file, 0) == END_SIG) {
                throw new ModelFileException("the zip archive is empty: a model file holds at least model.json");
            }
            throw new ModelFileException(String.format(Locale.ROOT, "not a model file: it starts with bytes %s,"
                    + " but a model file is a zip archive (.npz), which starts with 50 4B 03 04 (\"PK\\3\\4\")",
                    hex(file, 0, 4)));
        }
        if (len < LOCAL_FIXED + END_FIXED) {
            throw new ModelFileException(String.format(Locale.ROOT, "file of %d bytes is too short to be a model"
                    + " file: it is truncated", len));
        }
        int end = len - END_FIXED;
        if (u32(file, end) != END_SIG) {
            throw new ModelFileException(String.format(Locale.ROOT, "no end-of-central-directory record in the"
                    + " last %d bytes (file offset %d): the file is truncated, has data appended, or has an"
                    + " archive comment (which model files do not have)", END_FIXED, end));
        }
        int thisDisk = u16(file, end + 4);
        int centralDisk = u16(file, end + 6);
        int entriesHere = u16(file, end + 8);
        int entries = u16(file, end + 10);
        long centralSize = u32(file, end + 12) & 0xFFFFFFFFL;
        long centralOffset = u32(file, end + 16) & 0xFFFFFFFFL;
        int commentLength = u16(file, end + 20);
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
        if ((long) entries * CENTRAL_FIXED > centralSize) {
            throw endError(end, String.format(Locale.ROOT, "declares %d entries, which cannot fit in a central"
                    + " directory of %d bytes", entries, centralSize));
        }
        List<Entry> result = new ArrayList<>(entries);
        Set<String> names = new HashSet<>();
        int pos = (int) centralOffset;
        for (int i = 0; i < entries; i++) {
            Entry e = centralEntry(file, pos, end, i, (int) centralOffset);
            if (!names.add(e.name())) {
                throw new ModelFileException(String.format(Locale.ROOT, "central directory at file offset %d:"
                        + " duplicate entry name '%s'", pos, e.name()));
            }
            result.add(e);
            pos += CENTRAL_FIXED + u16(file, pos + 28) + u16(file, pos + 30) + u16(file, pos + 32);
        }
        if (pos != end) {
            throw new ModelFileException(String.format(Locale.ROOT, "central directory: %d unexpected bytes after"
                    + " its %d entries (file offsets %d to %d)", end - pos, entries, pos, end));
        }
        checkTiling(result, (int) centralOffset);
        return result;
    }

    private static ModelFileException endError(int end, String what) {
        return new ModelFileException("end-of-central-directory record at file offset " + end + " " + what);
    }

    /** Parses central entry {@code index} at {@code pos} and the local header it points to. */
    private static Entry centralEntry(byte[] f, int pos, int end, int index, int centralOffset)
            throws ModelFileException {
        String where = String.format(Locale.ROOT, "central directory entry %d at file offset %d", index, pos);
        if (pos + CENTRAL_FIXED > end) {
            throw new ModelFileException(where + ": runs past the end of the central directory");
        }
        if (u32(f, pos) != CENTRAL_SIG) {
            throw new ModelFileException(where + ": wrong signature " + hex(f, pos, 4) + ", expected 50 4B 01 02");
        }
        int versionNeeded = u16(f, pos + 6);
        int flags = u16(f, pos + 8);
        int method = u16(f, pos + 10);
        int crc = u32(f, pos + 16);
        long compressed = u32(f, pos + 20) & 0xFFFFFFFFL;
        long size = u32(f, pos + 24) & 0xFFFFFFFFL;
        int nameLength = u16(f, pos + 28);
        int extraLength = u16(f, pos + 30);
        int commentLength = u16(f, pos + 32);
        int diskStart = u16(f, pos + 34);
        long headerOffset = u32(f, pos + 42) & 0xFFFFFFFFL;
        if ((long) pos + CENTRAL_FIXED + nameLength + extraLength + commentLength > end) {
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
        if (headerOffset >= centralOffset) {
            throw new ModelFileException(String.format(Locale.ROOT, "%s: local header offset %d is not before"
                    + " the central directory (offset %d)", where, headerOffset, centralOffset));
        }
        return localEntry(f, (int) headerOffset, centralOffset, name, flags, method, crc, compressed, size);
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

    /** Parses the local header at {@code pos} and checks it against its central header. */
    private static Entry localEntry(byte[] f, int pos, int centralOffset, String name, int flags, int method,
                                    int crc, long compressed, long size) throws ModelFileException {
        String where = String.format(Locale.ROOT, "local header of entry '%s' at file offset %d", name, pos);
        if (pos + LOCAL_FIXED > centralOffset) {
            throw new ModelFileException(where + ": runs into the central directory");
        }
        if (u32(f, pos) != LOCAL_SIG) {
            throw new ModelFileException(where + ": wrong signature " + hex(f, pos, 4) + ", expected 50 4B 03 04");
        }
        int localFlags = u16(f, pos + 6);
        int localMethod = u16(f, pos + 8);
        int localCrc = u32(f, pos + 14);
        long localCompressed = u32(f, pos + 18) & 0xFFFFFFFFL;
        long localSize = u32(f, pos + 22) & 0xFFFFFFFFL;
        int nameLength = u16(f, pos + 26);
        int extraLength = u16(f, pos + 28);
        if ((long) pos + LOCAL_FIXED + nameLength + extraLength > centralOffset) {
            throw new ModelFileException(where + ": its name and extra field run into the central directory");
        }
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
        int dataOffset = pos + LOCAL_FIXED + nameLength + extraLength;
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
    private static void checkExtra(byte[] f, int pos, int length, String where) throws ModelFileException {
        int p = pos;
        int end = pos + length;
        while (p < end) {
            if (p + 4 > end) {
                throw new ModelFileException(where + ": malformed extra field (a block header is cut off)");
            }
            int id = u16(f, p);
            int size = u16(f, p + 2);
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
    private static long[] zip64Sizes(byte[] f, int pos, int length, String where) throws ModelFileException {
        int p = pos;
        int end = pos + length;
        while (p < end) {
            int id = u16(f, p);
            int size = u16(f, p + 2);
            if (id == 0x0001) {
                if (size < 16) {
                    throw new ModelFileException(where + ": ZIP64 extra block of " + size + " bytes, expected at"
                            + " least 16 (size and compressed size)");
                }
                long s = u64(f, p + 4);
                long c = u64(f, p + 12);
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

    private static String name(byte[] f, int pos, int length, String where) throws ModelFileException {
        if (length == 0) {
            throw new ModelFileException(where + ": empty entry name");
        }
        for (int i = 0; i < length; i++) {
            int c = f[pos + i] & 0xFF;
            if (c < 0x20 || c > 0x7E) {
                throw new ModelFileException(String.format(Locale.ROOT, "%s: entry name has byte 0x%02X at file"
                        + " offset %d; names in a model file are printable ASCII", where, c, pos + i));
            }
        }
        return new String(f, pos, length, StandardCharsets.US_ASCII);
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

    // ---------------------------------------------------------------- extracting

    /**
     * The uncompressed data of an entry, verified against its CRC-32. A DEFLATED entry is inflated into an
     * array of its declared size, and only if that size is at most {@code maxSize} and possible for its
     * compressed size; inflation stops after the declared size, so a stream that would produce more is
     * refused without being inflated further.
     *
     * @param file    the whole file; not modified
     * @param e       the entry
     * @param maxSize the most bytes the caller accepts for this entry
     * @param what    what the entry is for, for messages (e.g. "model.json is limited to 1 MiB")
     * @return the data
     * @throws ModelFileException if the entry is too large, does not inflate to exactly its size, or fails
     *                            its CRC-32
     */
    static Slice extract(byte[] file, Entry e, long maxSize, String what) throws ModelFileException {
        if (e.size() > maxSize) {
            throw new ModelFileException(String.format(Locale.ROOT, "%s declares %,d bytes, more than the %,d"
                    + " bytes %s; refused without reading it", e.describe(), e.size(), maxSize, what));
        }
        Slice data;
        if (e.method() == STORED) {
            data = new Slice(file, e.dataOffset(), e.size(), e.dataOffset());
        } else {
            data = new Slice(inflate(file, e), 0, e.size(), -1);
        }
        CRC32 crc = new CRC32();
        crc.update(data.array(), data.offset(), data.length());
        if ((int) crc.getValue() != e.crc()) {
            throw new ModelFileException(String.format(Locale.ROOT, "%s (data at file offset %d): CRC-32 of the"
                    + " data is 0x%08x but the archive records 0x%08x; the file is damaged", e.describe(),
                    e.dataOffset(), crc.getValue(), Integer.toUnsignedLong(e.crc())));
        }
        return data;
    }

    private static byte[] inflate(byte[] file, Entry e) throws ModelFileException {
        String where = String.format(Locale.ROOT, "%s (deflated data at file offset %d)", e.describe(),
                e.dataOffset());
        if (e.size() > MAX_DEFLATE_RATIO * e.compressedSize() + 1024) {
            throw new ModelFileException(String.format(Locale.ROOT, "%s: declares %,d bytes from %,d compressed"
                    + " bytes, a ratio deflate cannot reach (zip bomb?); refused without inflating", where, e.size(),
                    e.compressedSize()));
        }
        byte[] out = new byte[e.size()];
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(file, e.dataOffset(), e.compressedSize());
            int n = 0;
            while (n < out.length) {
                int got = inflater.inflate(out, n, out.length - n);
                n += got;
                if (got == 0) {
                    break; // finished early, or needs input it does not have
                }
            }
            if (n == out.length && !inflater.finished()) {
                byte[] probe = new byte[1];
                if (inflater.inflate(probe) > 0) {
                    throw new ModelFileException(String.format(Locale.ROOT, "%s: the deflate stream holds more"
                            + " than the %,d bytes the archive declares (zip bomb or damage); refused without"
                            + " inflating the rest", where, out.length));
                }
            }
            if (!inflater.finished()) {
                throw new ModelFileException(String.format(Locale.ROOT, "%s: the deflate stream is cut off after"
                        + " %,d of the %,d bytes the archive declares; the file is truncated or damaged", where, n,
                        out.length));
            }
            if (n != out.length) {
                throw new ModelFileException(String.format(Locale.ROOT, "%s: inflates to %,d bytes, but the"
                        + " archive declares %,d", where, n, out.length));
            }
            if (inflater.getRemaining() != 0) {
                throw new ModelFileException(String.format(Locale.ROOT, "%s: %d bytes of compressed data follow"
                        + " the end of the deflate stream", where, inflater.getRemaining()));
            }
            return out;
        } catch (DataFormatException ex) {
            throw new ModelFileException(where + ": invalid deflate data (" + ex.getMessage() + ")", ex);
        } finally {
            inflater.end();
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
