package org.relaywarden.enforcement.exim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Renders a message from its two Exim spool files, as Exim would deliver it ({@code exim -Mvc}):
 * the headers of the {@code -H} file that are not marked deleted ({@code *}), an empty line, and the
 * {@code -D} file after its first line ({@code ID-D}). The {@code -H} file is read by its format
 * (spool_in.c): id line, owner, sender, time, option lines (ACL variables with their byte length),
 * the tree of delivered recipients, the recipients, an empty line, then headers, each with its
 * byte length. Anything that does not fit (a file cut short, a header shorter than its length, a
 * {@code -D} file of another message) is not rendered.
 */
final class SpoolFiles {

    /** The rendered message, and the bytes of its deleted headers (not delivered, not in exipick's size). */
    record Rendered(byte[] message, long deletedHeaderBytes) {
    }

    private SpoolFiles() {
    }

    static Optional<Rendered> render(String id, byte[] h, byte[] d) {
        try {
            return Optional.of(renderOrThrow(id, h, d));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private static final class Cursor {
        final byte[] b;
        int at;

        Cursor(byte[] b) {
            this.b = b;
        }

        String line() {
            int start = at;
            while (b[at] != '\n') {
                at++;
            }
            String s = new String(b, start, at - start, StandardCharsets.ISO_8859_1);
            at++;
            return s;
        }

        void skip(int n) {
            if (n < 0 || at + n > b.length) {
                throw new IllegalArgumentException("value runs past the end of the file");
            }
            at += n;
        }
    }

    static Rendered renderOrThrow(String id, byte[] h, byte[] d) {
        Cursor c = new Cursor(h);
        expect(c.line().equals(id + "-H"), "-H file of another message");
        c.line(); // owner uid gid
        expect(c.line().startsWith("<"), "no sender line");
        c.line(); // received time, warning count
        String line = c.line();
        while (line.startsWith("-")) {
            if (line.startsWith("-acl") || line.startsWith("--acl")) {
                // -aclc NAME LEN / -aclm NAME LEN: LEN bytes of value and a newline follow (a second dash in
                // front: the value is tainted, e.g. built from the client's addresses)
                String[] parts = line.split(" ");
                expect(parts.length == 3 && parts[2].matches("\\d{1,9}"), "malformed ACL variable line");
                c.skip(Integer.parseInt(parts[2]));
                expect(h[c.at] == '\n', "ACL variable without its newline");
                c.at++;
            }
            line = c.line();
        }
        skipTree(c, line);
        String count = c.line();
        expect(count.matches("\\d{1,9}"), "no recipient count");
        for (int i = Integer.parseInt(count); i > 0; i--) {
            c.line();
        }
        expect(c.line().isEmpty(), "no empty line before the headers");
        ByteArrayOutputStream out = new ByteArrayOutputStream(h.length + d.length);
        long deleted = 0;
        while (c.at < h.length) {
            int start = c.at;
            while (h[c.at] >= '0' && h[c.at] <= '9') {
                c.at++;
            }
            expect(c.at - start >= 3, "header without its length");
            int len = Integer.parseInt(new String(h, start, c.at - start, StandardCharsets.US_ASCII));
            byte flag = h[c.at++];
            expect(h[c.at++] == ' ', "header without the space after its flag");
            c.skip(len);
            expect(len > 0 && h[c.at - 1] == '\n', "header shorter than its length");
            if (flag == '*') {
                deleted += len;
            } else {
                out.write(h, c.at - len, len);
            }
        }
        out.write('\n');
        String first = id + "-D\n";
        byte[] firstBytes = first.getBytes(StandardCharsets.US_ASCII);
        expect(d.length >= firstBytes.length, "-D file cut short");
        for (int i = 0; i < firstBytes.length; i++) {
            expect(d[i] == firstBytes[i], "-D file of another message");
        }
        out.write(d, firstBytes.length, d.length - firstBytes.length);
        return new Rendered(out.toByteArray(), deleted);
    }

    /** The tree of recipients already delivered: {@code XX} when empty, else nodes {@code LR address} (L, R: Y or N), preorder. */
    private static void skipTree(Cursor c, String node) {
        if (node.startsWith("XX")) {
            return;
        }
        expect(node.length() >= 3 && "YN".indexOf(node.charAt(0)) >= 0 && "YN".indexOf(node.charAt(1)) >= 0,
                "malformed recipient tree");
        if (node.charAt(0) == 'Y') {
            skipTree(c, c.line());
        }
        if (node.charAt(1) == 'Y') {
            skipTree(c, c.line());
        }
    }

    private static void expect(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException(what);
        }
    }
}
