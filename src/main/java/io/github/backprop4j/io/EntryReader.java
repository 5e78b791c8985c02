package io.github.backprop4j.io;

import java.io.IOException;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The uncompressed data of one zip entry, read in order and in pieces from its file — inflated as it is read if
 * the entry is DEFLATED — and never more than the entry declares; {@link #finish} then checks that the data ended
 * exactly at the declared size and matches the CRC-32 the archive records.
 *
 * <p>Sizes are checked before anything is allocated for them. {@link #open} refuses an entry that declares more
 * than the caller accepts, or more than deflate can make of its compressed size; and for a DEFLATED entry it first
 * inflates the whole stream once into a small buffer, checking that it holds exactly the declared bytes with the
 * recorded CRC-32. So a caller that allocates for the declared size (a tensor's values) allocates only for data
 * that is there: a STORED entry's data lies in the file, whose size is known, and a DEFLATED one's has just been
 * counted. A stream that would inflate beyond its declared size is stopped one byte past it. Reading the data
 * checks it all again, since a file can change between two reads.
 */
final class EntryReader implements AutoCloseable {

    /** The most bytes read from the file, or inflated into a scratch buffer, at a time. */
    private static final int BUFFER = 1 << 16;

    private final ByteSource file;
    private final ZipArchive.Entry entry;
    /** The inflater of a DEFLATED entry, null for a STORED one. */
    private final Inflater inflater;
    /** Compressed bytes on their way to the inflater. */
    private final byte[] input;
    /** Compressed bytes handed to the inflater so far. */
    private long fed;
    /** Uncompressed bytes read so far. */
    private long position;
    private final CRC32 crc = new CRC32();

    private EntryReader(ByteSource file, ZipArchive.Entry entry) {
        this.file = file;
        this.entry = entry;
        boolean deflated = entry.method() == ZipArchive.DEFLATED;
        this.inflater = deflated ? new Inflater(true) : null;
        this.input = new byte[deflated ? Math.min(BUFFER, entry.compressedSize()) : 0];
    }

    /**
     * A reader of an entry's data, after the checks of sizes described above.
     *
     * @param file    the file; not modified
     * @param entry   one of its entries, as {@link ZipArchive#read} gives them
     * @param maxSize the most bytes the caller accepts for this entry
     * @param what    what the limit is, for messages (e.g. "model.json may have (1 MiB)")
     * @return the reader, at the start of the data; close it
     * @throws ModelFileException if the entry declares more than {@code maxSize} or than its compressed size can
     *                            hold, or (DEFLATED) does not inflate to exactly its declared size and CRC-32
     * @throws IOException        if the file cannot be read
     */
    static EntryReader open(ByteSource file, ZipArchive.Entry entry, long maxSize, String what) throws IOException {
        if (entry.size() > maxSize) {
            throw new ModelFileException(String.format(Locale.ROOT, "%s declares %,d bytes, more than the %,d"
                    + " bytes %s; refused without reading it", entry.describe(), entry.size(), maxSize, what));
        }
        if (entry.method() == ZipArchive.DEFLATED) {
            if (entry.size() > ZipArchive.MAX_DEFLATE_RATIO * entry.compressedSize() + 1024) {
                throw new ModelFileException(String.format(Locale.ROOT, "%s: declares %,d bytes from %,d compressed"
                        + " bytes, a ratio deflate cannot reach (zip bomb?); refused without inflating",
                        where(entry), entry.size(), entry.compressedSize()));
            }
            try (EntryReader count = new EntryReader(file, entry)) {
                byte[] scratch = new byte[Math.min(BUFFER, entry.size())];
                while (count.read(scratch, 0, scratch.length) > 0) {
                    // only counted and checked
                }
                count.finish();
            }
        }
        return new EntryReader(file, entry);
    }

    /**
     * The whole data of an entry, checked.
     *
     * @param file    the file; not modified
     * @param entry   one of its entries
     * @param maxSize the most bytes the caller accepts for this entry
     * @param what    what the limit is, for messages
     * @return the data
     * @throws ModelFileException as {@link #open} and {@link #finish}
     * @throws IOException        if the file cannot be read
     */
    static byte[] readAll(ByteSource file, ZipArchive.Entry entry, long maxSize, String what) throws IOException {
        try (EntryReader in = open(file, entry, maxSize, what)) {
            byte[] data = new byte[entry.size()];
            in.readFully(data, 0, data.length);
            in.finish();
            return data;
        }
    }

    /** @return the entry's declared (uncompressed) size */
    long size() {
        return entry.size();
    }

    /** @return {@code entry '<name>'}, for messages */
    String describe() {
        return entry.describe();
    }

    /**
     * Where byte {@code i} of the data is, for messages.
     *
     * @param i an offset in the uncompressed data
     * @return {@code byte 12 (file offset 345)} for a STORED entry, {@code byte 12 of the inflated data} else
     */
    String at(long i) {
        return inflater == null
                ? String.format(Locale.ROOT, "byte %d (file offset %d)", i, entry.dataOffset() + i)
                : String.format(Locale.ROOT, "byte %d of the inflated data", i);
    }

    /** The entry and where its data is, for messages. */
    private static String where(ZipArchive.Entry entry) {
        return String.format(Locale.ROOT, "%s (%sdata at file offset %d)", entry.describe(),
                entry.method() == ZipArchive.DEFLATED ? "deflated " : "", entry.dataOffset());
    }

    /**
     * Reads the next bytes of the data, at most as many as are left of the declared size.
     *
     * @param b   where to put them; modified
     * @param off where in {@code b}
     * @param len at most this many
     * @return how many were read: 0 only at the end of the data (its declared size, or a deflate stream that
     *         ends or is cut off before it, which {@link #finish} refuses)
     * @throws ModelFileException if the deflate data is invalid or the file shrank
     * @throws IOException        if the file cannot be read
     */
    int read(byte[] b, int off, int len) throws IOException {
        int want = (int) Math.min(len, entry.size() - position);
        if (want == 0) {
            return 0;
        }
        int n;
        if (inflater == null) {
            file.read(entry.dataOffset() + position, b, off, want);
            n = want;
        } else {
            n = inflate(b, off, want);
        }
        crc.update(b, off, n);
        position += n;
        return n;
    }

    /**
     * Reads exactly {@code len} bytes.
     *
     * @param b   where to put them; modified
     * @param off where in {@code b}
     * @param len how many
     * @throws ModelFileException if the data ends before, naming the entry, or as {@link #read}
     * @throws IOException        if the file cannot be read
     */
    void readFully(byte[] b, int off, int len) throws IOException {
        for (int done = 0; done < len; ) {
            int n = read(b, off + done, len - done);
            if (n == 0) {
                finish(); // says why the data ended early
                throw new ModelFileException(String.format(Locale.ROOT, "%s: its %,d bytes end before the %,d more"
                        + " that were needed", where(entry), position, len - done));
            }
            done += n;
        }
    }

    /** Inflates into {@code b}, feeding the inflater from the file as it asks; 0 once the stream gives no more. */
    private int inflate(byte[] b, int off, int len) throws IOException {
        try {
            while (true) {
                int n = inflater.inflate(b, off, len);
                if (n > 0 || inflater.finished() || !inflater.needsInput()) {
                    return n;
                }
                int chunk = (int) Math.min(input.length, entry.compressedSize() - fed);
                if (chunk == 0) {
                    return 0; // the compressed data ends before the stream does: finish() says so
                }
                file.read(entry.dataOffset() + fed, input, 0, chunk);
                fed += chunk;
                inflater.setInput(input, 0, chunk);
            }
        } catch (DataFormatException e) {
            throw new ModelFileException(where(entry) + ": invalid deflate data (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Checks, once all the data has been read, that it ended exactly at the declared size — for a DEFLATED entry,
     * that the stream ends there, neither sooner nor later, with no compressed byte left over — and that its
     * CRC-32 is the one the archive records.
     *
     * @throws ModelFileException if not, naming the entry and what is wrong
     * @throws IOException        if the file cannot be read
     */
    void finish() throws IOException {
        String where = where(entry);
        if (inflater != null) {
            if (position == entry.size() && !inflater.finished() && inflate(new byte[1], 0, 1) > 0) {
                throw new ModelFileException(String.format(Locale.ROOT, "%s: the deflate stream holds more than"
                        + " the %,d bytes the archive declares (zip bomb or damage); refused without inflating the"
                        + " rest", where, entry.size()));
            }
            if (!inflater.finished()) {
                throw new ModelFileException(String.format(Locale.ROOT, "%s: the deflate stream is cut off after"
                        + " %,d of the %,d bytes the archive declares; the file is truncated or damaged", where,
                        position, entry.size()));
            }
            if (position != entry.size()) {
                throw new ModelFileException(String.format(Locale.ROOT, "%s: inflates to %,d bytes, but the"
                        + " archive declares %,d", where, position, entry.size()));
            }
            long left = inflater.getRemaining() + entry.compressedSize() - fed;
            if (left != 0) {
                throw new ModelFileException(String.format(Locale.ROOT, "%s: %d bytes of compressed data follow"
                        + " the end of the deflate stream", where, left));
            }
        } else if (position != entry.size()) {
            throw new IllegalStateException(where + ": finish() after " + position + " of " + entry.size()
                    + " bytes");
        }
        if ((int) crc.getValue() != entry.crc()) {
            throw new ModelFileException(String.format(Locale.ROOT, "%s: CRC-32 of the data is 0x%08x but the"
                    + " archive records 0x%08x; the file is damaged", where, crc.getValue(),
                    Integer.toUnsignedLong(entry.crc())));
        }
    }

    /** Releases the inflater's native memory. */
    @Override
    public void close() {
        if (inflater != null) {
            inflater.end();
        }
    }
}
