package org.relaywarden.enforcement.command;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the regular files of a tar stream ({@code tar -cf -}: ustar or GNU headers, names under
 * 100 characters, sizes in octal) into memory, name to bytes. Used to copy raw queue or spool files off a
 * relay in one stream per batch; anything else in the stream (directories, long-name or pax
 * entries) is skipped, a broken stream is an error.
 */
public final class TarEntries {

    private static final int BLOCK = 512;

    private TarEntries() {
    }

    public static Map<String, byte[]> read(InputStream in, long maxBytes) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] header = new byte[BLOCK];
        long total = 0;
        while (true) {
            if (!readFully(in, header, true)) {
                return files; // the stream ended without the closing blocks: tar was cut short, keep what is whole
            }
            if (allZero(header)) {
                return files;
            }
            checkSum(header);
            String name = field(header, 0, 100);
            long size = octal(header, 124, 12);
            byte kind = header[156];
            if (size < 0 || size > maxBytes - total) {
                throw new IOException("tar entry " + name + " of " + size + " bytes is over the limit");
            }
            byte[] data = new byte[(int) size];
            readFully(in, data, false);
            long padding = (BLOCK - size % BLOCK) % BLOCK;
            in.skipNBytes(padding);
            total += size;
            if (kind == '0' || kind == 0) {
                files.put(name, data);
            }
        }
    }

    private static boolean readFully(InputStream in, byte[] buf, boolean eofAllowedAtStart) throws IOException {
        int n = in.readNBytes(buf, 0, buf.length);
        if (n == 0 && eofAllowedAtStart) {
            return false;
        }
        if (n < buf.length) {
            throw new EOFException("tar stream ends inside a block");
        }
        return true;
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static void checkSum(byte[] h) throws IOException {
        long expected = octal(h, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        if (sum != expected) {
            throw new IOException("tar header checksum does not match");
        }
    }

    private static String field(byte[] h, int from, int len) {
        int end = from;
        while (end < from + len && h[end] != 0) {
            end++;
        }
        return new String(h, from, end - from, StandardCharsets.US_ASCII);
    }

    private static long octal(byte[] h, int from, int len) throws IOException {
        String s = field(h, from, len).trim();
        if (s.isEmpty() || !s.matches("[0-7]+")) {
            throw new IOException("tar header field is not octal");
        }
        return Long.parseLong(s, 8);
    }
}
