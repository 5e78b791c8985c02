package io.github.backprop4j.data;

import java.nio.ByteBuffer;

/** The element types of the IDX format: the type byte, the size in bytes, and how to read one big-endian. */
enum IdxType {
    UBYTE(0x08, 1, "ubyte"),
    BYTE(0x09, 1, "byte"),
    SHORT(0x0B, 2, "short"),
    INT(0x0C, 4, "int"),
    FLOAT(0x0D, 4, "float"),
    DOUBLE(0x0E, 8, "double");

    /** Lists the known codes, for error messages. */
    static final String KNOWN = "0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double";

    final int code;
    final int size;
    final String label;

    IdxType(int code, int size, String label) {
        this.code = code;
        this.size = size;
        this.label = label;
    }

    /** The type with this code, or {@code null}. */
    static IdxType of(int code) {
        for (IdxType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    boolean isInteger() {
        return this != FLOAT && this != DOUBLE;
    }

    /** The element at byte {@code index} of a big-endian buffer. */
    double get(ByteBuffer b, int index) {
        switch (this) {
            case UBYTE:
                return b.get(index) & 0xFF;
            case BYTE:
                return b.get(index);
            case SHORT:
                return b.getShort(index);
            case INT:
                return b.getInt(index);
            case FLOAT:
                return b.getFloat(index);
            default:
                return b.getDouble(index);
        }
    }
}
