package org.relaywarden.enforcement.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads policy requests from one connection, strictly: attribute names are lower-case words,
 * a line is at most {@link #MAX_LINE} bytes, a request at most {@link #MAX_ATTRIBUTES} attributes
 * and {@link #MAX_REQUEST} bytes. Anything else is a {@link PolicyProtocolException}.
 */
public class PolicyRequestReader {

    public static final int MAX_LINE = 4096;
    public static final int MAX_ATTRIBUTES = 100;
    public static final int MAX_REQUEST = 32 * 1024;

    private final InputStream in;
    private final byte[] line = new byte[MAX_LINE];

    public PolicyRequestReader(InputStream in) {
        this.in = in;
    }

    /**
     * The attribute names of this connection's previous request, by line: a client sends the same names in the
     * same order every time, so each line's name is compared with the one before it and its String reused (the
     * request path makes one String per line, its value).
     */
    private String[] names = new String[0];
    private byte[][] nameBytes = new byte[0][];

    /** The next request, or null if the peer closed the connection between requests. */
    public PolicyRequest next() throws IOException, PolicyProtocolException {
        Map<String, String> attributes = new HashMap<>(64);
        int total = 0;
        int index = 0;
        while (true) {
            int len = readLine(total == 0);
            if (len < 0) {
                if (total == 0) {
                    return null;
                }
                throw new PolicyProtocolException("connection closed inside a request");
            }
            total += len + 1;
            if (total > MAX_REQUEST) {
                throw new PolicyProtocolException("request longer than " + MAX_REQUEST + " bytes");
            }
            if (len == 0) {
                if (attributes.isEmpty()) {
                    throw new PolicyProtocolException("empty request");
                }
                if (!attributes.containsKey("request")) {
                    throw new PolicyProtocolException("request without a request attribute");
                }
                return new PolicyRequest(attributes);
            }
            int eq = 0;
            while (eq < len && line[eq] != '=') {
                eq++;
            }
            if (eq == 0 || eq == len) {
                throw new PolicyProtocolException("attribute line without name=value");
            }
            String name = name(index++, eq);
            if (attributes.size() >= MAX_ATTRIBUTES) {
                throw new PolicyProtocolException("more than " + MAX_ATTRIBUTES + " attributes");
            }
            attributes.put(name, eq + 1 == len ? "" : new String(line, eq + 1, len - eq - 1, StandardCharsets.UTF_8));
        }
    }

    /** The name before the {@code =} at {@code eq} of the current line, the {@code index}th of its request. */
    private String name(int index, int eq) throws PolicyProtocolException {
        if (index < names.length && nameBytes[index] != null && Arrays.equals(nameBytes[index], 0, nameBytes[index].length, line, 0, eq)) {
            return names[index];
        }
        String name = new String(line, 0, eq, StandardCharsets.UTF_8);
        if (!validName(name)) {
            throw new PolicyProtocolException("malformed attribute name");
        }
        if (index < MAX_ATTRIBUTES) {
            if (index >= names.length) {
                names = Arrays.copyOf(names, Math.min(MAX_ATTRIBUTES, Math.max(32, index * 2)));
                nameBytes = Arrays.copyOf(nameBytes, names.length);
            }
            names[index] = name;
            nameBytes[index] = Arrays.copyOf(line, eq);
        }
        return name;
    }

    /** {@code [a-z][a-z0-9_]{0,63}}, checked by hand: it is asked for every line of every request. */
    static boolean validName(String name) {
        int n = name.length();
        if (n == 0 || n > 64 || name.charAt(0) < 'a' || name.charAt(0) > 'z') {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** Reads one line without its LF (a CR before it is dropped); -1 on end of stream before any byte. */
    private int readLine(boolean atRequestStart) throws IOException, PolicyProtocolException {
        int len = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (len == 0) {
                    return -1;
                }
                throw new PolicyProtocolException("connection closed inside a line");
            }
            if (b == '\n') {
                if (len > 0 && line[len - 1] == '\r') {
                    len--;
                }
                return len;
            }
            if (b == 0) {
                throw new PolicyProtocolException("NUL byte in request");
            }
            if (len == MAX_LINE) {
                throw new PolicyProtocolException("attribute line longer than " + MAX_LINE + " bytes");
            }
            line[len++] = (byte) b;
        }
    }
}
