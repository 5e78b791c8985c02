package io.github.backprop4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses a gzip file (RFC 1952) of exactly one member, and refuses anything after it.
 * {@link java.util.zip.GZIPInputStream} reads on into a second member and silently drops other bytes after
 * the first, so a file with garbage appended would load; this class checks, in order:
 * <ol>
 *   <li>the header: the magic {@code 1f 8b}, method 8 (deflate), no reserved flag bits; the optional extra
 *       field, file name and comment are skipped, and the header CRC checked if present;</li>
 *   <li>the deflate data, inflated as it is read;</li>
 *   <li>the trailer: the CRC-32 and the length (mod 2³²) of the decompressed data;</li>
 *   <li>the end of the file: a second member, or any other byte, is refused.</li>
 * </ol>
 * Every failure is a {@link MalformedDataException} naming the file and the byte offset in the compressed
 * file. {@link #close()} ends the {@link Inflater} at once, freeing its native memory, and closes the source.
 */
final class GzipInput extends InputStream {

    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int RESERVED = 0xE0;
    private static final int TRAILER = 8;

    private final InputStream raw;
    private final String name;
    private final byte[] buffer;
    /** Bytes of {@link #buffer} last read from the source. */
    private int length;
    /** Bytes read from the source, in all; {@code consumed - inflater.getRemaining()} is where inflating is. */
    private long consumed;
    private final CRC32 crc = new CRC32();
    private final Inflater inflater;
    private boolean ended;

    /**
     * Reads and checks the header.
     *
     * @param raw    the compressed file from its first byte; closed by {@link #close()}
     * @param name   the file's name for messages, already escaped
     * @param buffer the size of the read buffer in bytes
     * @throws MalformedDataException if the header is truncated or not a gzip header
     */
    GzipInput(InputStream raw, String name, int buffer) throws IOException {
        this.raw = raw;
        this.name = name;
        this.buffer = new byte[buffer];
        readHeader();
        this.inflater = new Inflater(true);  // raw deflate: gzip's header and trailer are read here
    }

    private void readHeader() throws IOException {
        if (headerByte() != 0x1f || headerByte() != 0x8b) {
            throw error("no gzip magic number 1f 8b at byte offset 0 of the file");
        }
        int method = headerByte();
        if (method != 8) {
            throw error(String.format(Locale.ROOT,
                    "compression method %d at byte offset 2 of the file, expected 8 (deflate)", method));
        }
        int flags = headerByte();
        if ((flags & RESERVED) != 0) {
            throw error(String.format(Locale.ROOT, "reserved gzip flag bits 0x%02X set at byte offset 3 of the file",
                    flags & RESERVED));
        }
        for (int i = 0; i < 6; i++) {  // modification time, extra flags, operating system
            headerByte();
        }
        if ((flags & FEXTRA) != 0) {
            int extra = headerByte() | headerByte() << 8;
            for (int i = 0; i < extra; i++) {
                headerByte();
            }
        }
        if ((flags & FNAME) != 0) {
            skipThroughZero();  // the original file name
        }
        if ((flags & FCOMMENT) != 0) {
            skipThroughZero();  // the comment
        }
        if ((flags & FHCRC) != 0) {
            long at = consumed;
            int expected = (int) crc.getValue() & 0xFFFF;
            int stored = headerByte() | headerByte() << 8;
            if (stored != expected) {
                throw error(String.format(Locale.ROOT,
                        "the header CRC at byte offset %d of the file is 0x%04X, but the header gives 0x%04X", at,
                        stored, expected));
            }
        }
        crc.reset();
    }

    /** Skips a zero-terminated string of the header. */
    private void skipThroughZero() throws IOException {
        int b;
        do {
            b = headerByte();
        } while (b != 0);
    }

    /** One byte of the header, added to the header's CRC-32. */
    private int headerByte() throws IOException {
        int b = raw.read();
        if (b < 0) {
            throw error(String.format(Locale.ROOT, "the gzip header is truncated: the file ends at byte offset %d",
                    consumed));
        }
        consumed++;
        crc.update(b);
        return b;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!ended) {
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new MalformedDataException(message(String.format(Locale.ROOT,
                        "the compressed data is corrupt near byte offset %d of the file, after %d bytes of "
                                + "decompressed data (%s)", consumed - inflater.getRemaining(),
                        inflater.getBytesWritten(),
                        e.getMessage() == null ? "invalid deflate data" : e.getMessage())), e);
            }
            if (n > 0) {
                crc.update(b, off, n);
                return n;
            }
            if (inflater.finished()) {
                readTrailerAndEnd();
            } else if (inflater.needsDictionary()) {
                throw error(String.format(Locale.ROOT, "the compressed data near byte offset %d of the file asks for "
                        + "a preset dictionary, which gzip does not use", consumed - inflater.getRemaining()));
            } else if (inflater.needsInput()) {
                fill();
            }
        }
        return -1;
    }

    private void fill() throws IOException {
        length = raw.read(buffer, 0, buffer.length);
        if (length < 0) {
            throw error(String.format(Locale.ROOT, "the gzip stream is truncated: the file ends at byte offset %d, "
                    + "inside the compressed data, after %d bytes of decompressed data", consumed,
                    inflater.getBytesWritten()));
        }
        consumed += length;
        inflater.setInput(buffer, 0, length);
    }

    /** Checks the trailer against the data, then that the file ends there. */
    private void readTrailerAndEnd() throws IOException {
        int unused = inflater.getRemaining();  // bytes after the deflate data, still in the buffer
        long start = consumed - unused;
        int position = length - unused;
        long trailer = 0;
        for (int i = 0; i < TRAILER; i++) {
            int b = position < length ? buffer[position++] & 0xFF : nextFromSource();
            if (b < 0) {
                throw error(String.format(Locale.ROOT, "the gzip trailer is truncated: the file ends at byte offset "
                        + "%d, %d of the trailer's %d bytes (CRC-32 and length) from byte offset %d missing",
                        start + i, TRAILER - i, TRAILER, start));
            }
            trailer |= (long) b << (8 * i);  // little-endian
        }
        long storedCrc = trailer & 0xFFFFFFFFL;
        long storedLength = trailer >>> 32;
        long written = inflater.getBytesWritten();
        if (storedCrc != crc.getValue()) {
            throw error(String.format(Locale.ROOT, "the CRC-32 in the trailer at byte offset %d of the file is "
                    + "0x%08X, but the %d decompressed bytes give 0x%08X", start, storedCrc, written, crc.getValue()));
        }
        if (storedLength != (written & 0xFFFFFFFFL)) {
            throw error(String.format(Locale.ROOT, "the length in the trailer at byte offset %d of the file is %d, "
                    + "but the data decompresses to %d bytes", start + 4, storedLength, written));
        }
        long end = start + TRAILER;
        int next = position < length ? buffer[position++] & 0xFF : nextFromSource();
        if (next >= 0) {
            int second = position < length ? buffer[position] & 0xFF : nextFromSource();
            throw error(next == 0x1f && second == 0x8b
                    ? String.format(Locale.ROOT, "a second gzip member starts at byte offset %d of the file, after the "
                            + "end of the first; only a file of one member is read", end)
                    : String.format(Locale.ROOT, "unexpected bytes after the end of the gzip stream at byte offset %d "
                            + "of the file", end));
        }
        ended = true;
    }

    private int nextFromSource() throws IOException {
        int b = raw.read();
        if (b >= 0) {
            consumed++;
        }
        return b;
    }

    private MalformedDataException error(String what) {
        return new MalformedDataException(message(what));
    }

    private String message(String what) {
        return name + ": " + what;
    }

    /** Ends the {@link Inflater}, then closes the source. */
    @Override
    public void close() throws IOException {
        try {
            inflater.end();
        } finally {
            raw.close();
        }
    }
}
