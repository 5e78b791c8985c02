package io.github.backprop4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Locale;
import java.util.Objects;

/**
 * The bytes of a model file, read where and as much as the reader asks, never all at once: from a file by
 * positional reads, or from an array. So a reader that checks a file's head and tail first, and reads each entry
 * by its declared, checked size, costs what it reads, whatever the file claims.
 */
sealed interface ByteSource {

    /**
     * The size of the file, as it was when it was opened.
     *
     * @return the bytes in the file
     */
    long size();

    /**
     * Reads exactly {@code length} bytes at {@code position}.
     *
     * @param position the file offset of the first byte, ≥ 0
     * @param into     where to put them; modified
     * @param offset   where in {@code into}
     * @param length   how many
     * @throws ModelFileException if the file ends before {@code position + length} (it shrank while it was read)
     * @throws IOException        if the file cannot be read
     */
    void read(long position, byte[] into, int offset, int length) throws IOException;

    /**
     * The bytes of an array.
     *
     * @param bytes the file; not copied, not modified
     * @return the source
     */
    static ByteSource of(byte[] bytes) {
        return new OfArray(bytes);
    }

    /**
     * The bytes of an open file.
     *
     * @param channel the file, open for reading; not closed here
     * @return the source, of the file's present size
     * @throws IOException if the size cannot be read
     */
    static ByteSource of(FileChannel channel) throws IOException {
        return new OfChannel(channel, channel.size());
    }

    private static ModelFileException shrank(long end) {
        return new ModelFileException(String.format(Locale.ROOT, "the file shrank while it was read: it ends before"
                + " file offset %d", end));
    }

    /**
     * An array.
     *
     * @param bytes the file
     */
    record OfArray(byte[] bytes) implements ByteSource {
        /**
         * Checks the array.
         *
         * @param bytes the file
         * @throws NullPointerException if it is null
         */
        public OfArray {
            Objects.requireNonNull(bytes, "file");
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public void read(long position, byte[] into, int offset, int length) throws ModelFileException {
            if (position < 0 || position + length > bytes.length) {
                throw shrank(position + length); // cannot happen: the reader checks offsets against size()
            }
            System.arraycopy(bytes, (int) position, into, offset, length);
        }
    }

    /**
     * A file.
     *
     * @param channel the file, open for reading
     * @param size    its size when it was opened
     */
    record OfChannel(FileChannel channel, long size) implements ByteSource {
        @Override
        public void read(long position, byte[] into, int offset, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(into, offset, length);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position() - offset) < 0) {
                    throw shrank(position + length);
                }
            }
        }
    }
}
