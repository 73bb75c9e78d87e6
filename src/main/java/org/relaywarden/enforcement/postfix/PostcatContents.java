package org.relaywarden.enforcement.postfix;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Splits {@code postcat -ebh -q ID...} output into the messages, byte for byte: for each message
 * the bytes between its {@code *** MESSAGE CONTENTS path ***} line and the last
 * {@code *** HEADER EXTRACTED path ***} line before its {@code *** MESSAGE FILE END path ***}
 * line, which is exactly what {@code postcat -bh -q ID} prints for it alone. Inside a message's
 * contents only markers naming that message's own queue file count, so marker-like lines in
 * the mail itself cannot end it early (and the caller checks each length against the queue's
 * size record as well). Messages whose output ends early (postcat aborts a batch at an id that
 * left the queue) are not reported.
 */
final class PostcatContents {

    private static final byte[] ENVELOPE = ascii("*** ENVELOPE RECORDS ");
    private static final byte[] TAIL = ascii(" ***");

    private PostcatContents() {
    }

    static Map<String, byte[]> parse(byte[] out) {
        Map<String, byte[]> done = new LinkedHashMap<>();
        String path = null;
        int contentStart = -1;
        int lastHeaderExtracted = -1;
        int pos = 0;
        while (pos < out.length) {
            int nl = indexOf(out, (byte) '\n', pos);
            int end = nl < 0 ? out.length : nl;
            int next = nl < 0 ? out.length : nl + 1;
            if (path != null && contentStart >= 0) {
                if (isMarker(out, pos, end, "*** HEADER EXTRACTED " + path + " ***")) {
                    lastHeaderExtracted = pos;
                } else if (isMarker(out, pos, end, "*** MESSAGE FILE END " + path + " ***")) {
                    int contentEnd = lastHeaderExtracted >= 0 ? lastHeaderExtracted : pos;
                    done.put(path.substring(path.lastIndexOf('/') + 1), Arrays.copyOfRange(out, contentStart, contentEnd));
                    path = null;
                    contentStart = -1;
                }
            } else if (startsWith(out, pos, end, ENVELOPE) && endsWith(out, pos, end, TAIL)) {
                path = new String(out, pos + ENVELOPE.length, end - pos - ENVELOPE.length - TAIL.length, StandardCharsets.US_ASCII);
                contentStart = -1;
                lastHeaderExtracted = -1;
            } else if (path != null && isMarker(out, pos, end, "*** MESSAGE CONTENTS " + path + " ***")) {
                contentStart = next;
            } else if (path != null && isMarker(out, pos, end, "*** MESSAGE FILE END " + path + " ***")) {
                path = null; // a message without contents: nothing to report
            }
            pos = next;
        }
        return done;
    }

    /** A lower bound of Postfix's message size for these contents: each line as its text and CR LF (a line stored as several records, or one of 128 bytes or more, takes more). */
    static long queueSize(byte[] content) {
        long n = content.length;
        for (byte b : content) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    private static boolean isMarker(byte[] out, int from, int to, String marker) {
        byte[] m = ascii(marker);
        return to - from == m.length && startsWith(out, from, to, m);
    }

    private static boolean startsWith(byte[] out, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (out[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean endsWith(byte[] out, int from, int to, byte[] suffix) {
        if (to - from < suffix.length) {
            return false;
        }
        for (int i = 0; i < suffix.length; i++) {
            if (out[to - suffix.length + i] != suffix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
