package org.relaywarden.enforcement.postfix;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Renders a raw Postfix queue file (the bytes of {@code hold/ID}) as the message it holds,
 * byte for byte what {@code postcat -bh} prints for it: the text records from the size
 * record's data offset up to the extracted-segment marker, a normal record as its text and a
 * newline, a continued record as its text alone, pointer records followed, deleted-text records
 * skipped (as postcat does without {@code -v}).
 *
 * <p>Queue file format (Postfix's {@code rec_type.h}, {@code record.c}): records of one type byte,
 * the length in 7-bit groups (low group first, high bit set while more follow) and the data. Any
 * record this class does not know inside the message, a pointer out of range or looping, or a
 * file that ends before the marker gives {@link Optional#empty()}: the caller then asks postcat,
 * never guesses.
 */
final class QueueFile {

    static final byte SIZE = 'C';
    static final byte NORMAL = 'N';
    static final byte CONTINUED = 'L';
    static final byte POINTER = 'p';
    static final byte DELETED_TEXT = 'w';
    static final byte EXTRACTED = 'X';
    /** Postfix's own limit of backward jumps before it calls a queue file looping. */
    private static final int MAX_JUMPS = 10_000;

    private QueueFile() {
    }

    /**
     * The message of a queue file as {@code postcat -bh} would print it; empty if not understood.
     * Also checks the file against itself: the extracted-segment marker must sit where the size
     * record says the message segment ends (that length is the size {@code postqueue -j} reports).
     */
    static Optional<byte[]> message(byte[] file) {
        return rendered(file).map(Rendered::message);
    }

    /** A rendered message and the length of its segment in the queue file (Postfix's message size). */
    record Rendered(byte[] message, long segmentSize) {
    }

    static Optional<Rendered> rendered(byte[] file) {
        Reader r = new Reader(file);
        long dataOffset;
        long segmentSize;
        // the size record comes first: its second field is where the message's text records start
        if (!r.next() || r.type != SIZE) {
            return Optional.empty();
        }
        String[] size = r.text().trim().split("\\s+");
        try {
            segmentSize = Long.parseLong(size[0]);
            dataOffset = size.length >= 2 ? Long.parseLong(size[1]) : -1;
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (dataOffset <= 0 || dataOffset >= file.length) {
            return Optional.empty();
        }
        r.pos = (int) dataOffset;
        ByteArrayOutputStream out = new ByteArrayOutputStream(file.length);
        byte previous = 0;
        int jumps = 0;
        while (true) {
            int recordAt = r.pos;
            if (!r.next()) {
                break;
            }
            switch (r.type) {
                case NORMAL -> {
                    out.write(file, r.start, r.length);
                    out.write('\n');
                    previous = NORMAL;
                }
                case CONTINUED -> {
                    out.write(file, r.start, r.length);
                    previous = CONTINUED;
                }
                case DELETED_TEXT -> {
                    // skipped, as postcat without -v does
                }
                case POINTER -> {
                    long target;
                    try {
                        target = Long.parseLong(r.text().trim());
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                    if (target == 0) {
                        continue; // a reserved pointer that points nowhere yet
                    }
                    if (target < 0 || target >= file.length || ++jumps > MAX_JUMPS) {
                        return Optional.empty();
                    }
                    r.pos = (int) target;
                }
                case EXTRACTED -> {
                    if (recordAt - dataOffset != segmentSize) {
                        return Optional.empty(); // the marker is not where the size record says
                    }
                    if (previous == CONTINUED) {
                        out.write('\n');
                    }
                    return Optional.of(new Rendered(out.toByteArray(), segmentSize));
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty(); // ended (or broke off) before the extracted-segment marker
    }

    /** Steps through the records of a queue file. */
    private static final class Reader {
        final byte[] file;
        int pos;
        byte type;
        int start;
        int length;

        Reader(byte[] file) {
            this.file = file;
        }

        /** Reads the record at {@link #pos}; false at the end of the file or on a malformed record. */
        boolean next() {
            if (pos >= file.length) {
                return false;
            }
            type = file[pos++];
            long len = 0;
            for (int shift = 0; ; shift += 7) {
                if (shift >= 32 || pos >= file.length) {
                    return false;
                }
                int b = file[pos++] & 0xff;
                len |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            if (len > file.length - pos) {
                return false;
            }
            start = pos;
            length = (int) len;
            pos += length;
            return true;
        }

        String text() {
            return new String(file, start, length, StandardCharsets.ISO_8859_1);
        }
    }
}
