package io.github.backprop4j.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Builds zip archives for tests, including broken ones: each entry's method, declared sizes, CRC and flags
 * can be set to anything.
 */
final class TestZip {

    /** One entry; the declared fields default to the truth. */
    static final class Entry {
        final String name;
        final byte[] content;
        boolean deflate;
        long declaredSize = -1;
        long declaredCrc = -1;
        int flags;

        Entry(String name, byte[] content) {
            this.name = name;
            this.content = content;
        }

        Entry deflated() {
            deflate = true;
            return this;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    Entry add(String name, byte[] content) {
        Entry e = new Entry(name, content);
        entries.add(e);
        return e;
    }

    Entry add(String name, String content) {
        return add(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Copies every entry of a model file (as stored, i.e. uncompressed). */
    static TestZip of(byte[] modelFile) throws IOException {
        TestZip z = new TestZip();
        for (ZipArchive.Entry e : entries(modelFile)) {
            z.add(e.name(), data(modelFile, e, Integer.MAX_VALUE, ""));
        }
        return z;
    }

    /** The entries of an archive in memory, as {@link ZipArchive#read} gives them. */
    static List<ZipArchive.Entry> entries(byte[] zip) throws IOException {
        return ZipArchive.read(ByteSource.of(zip));
    }

    /** The checked data of an entry of an archive in memory, as {@link EntryReader#readAll} gives it. */
    static byte[] data(byte[] zip, ZipArchive.Entry e, long maxSize, String what) throws IOException {
        return EntryReader.readAll(ByteSource.of(zip), e, maxSize, what);
    }

    Entry entry(String name) {
        return entries.stream().filter(e -> e.name.equals(name)).findFirst().orElseThrow();
    }

    void remove(String name) {
        entries.remove(entry(name));
    }

    byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream central = new ByteArrayOutputStream();
        for (Entry e : entries) {
            byte[] data = e.deflate ? deflate(e.content) : e.content;
            CRC32 crc = new CRC32();
            crc.update(e.content);
            long crcValue = e.declaredCrc >= 0 ? e.declaredCrc : crc.getValue();
            long size = e.declaredSize >= 0 ? e.declaredSize : e.content.length;
            long csize = e.deflate ? data.length : size;
            byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
            int offset = out.size();
            int method = e.deflate ? 8 : 0;
            int32(out, 0x04034b50);
            int16(out, 20);
            int16(out, e.flags);
            int16(out, method);
            int16(out, 0);
            int16(out, 0x21);
            int32(out, crcValue);
            int32(out, csize);
            int32(out, size);
            int16(out, name.length);
            int16(out, 0);
            out.writeBytes(name);
            out.writeBytes(data);
            int32(central, 0x02014b50);
            int16(central, 20);
            int16(central, 20);
            int16(central, e.flags);
            int16(central, method);
            int16(central, 0);
            int16(central, 0x21);
            int32(central, crcValue);
            int32(central, csize);
            int32(central, size);
            int16(central, name.length);
            int16(central, 0);
            int16(central, 0);
            int16(central, 0);
            int16(central, 0);
            int32(central, 0);
            int32(central, offset);
            central.writeBytes(name);
        }
        int centralOffset = out.size();
        out.writeBytes(central.toByteArray());
        int32(out, 0x06054b50);
        int16(out, 0);
        int16(out, 0);
        int16(out, entries.size());
        int16(out, entries.size());
        int32(out, central.size());
        int32(out, centralOffset);
        int16(out, 0);
        return out.toByteArray();
    }

    static byte[] deflate(byte[] content) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(content);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static void int16(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
    }

    private static void int32(ByteArrayOutputStream out, long v) {
        int16(out, (int) v);
        int16(out, (int) (v >>> 16));
    }
}
