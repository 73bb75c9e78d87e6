package org.relaywarden.enforcement.exim.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * The Exim configuration pieces that {@code docs/exim.md} tells a provider to add (the macros, the
 * RCPT ACL block, the DATA ACL block), read from the doc itself, so that the tests' Exim and the
 * doc cannot drift apart. Only the policy service's address and the suspended-logins file's path
 * are replaced.
 */
public final class DocumentedEximAcl {

    public static final Path DOC = Paths.get("docs/exim.md");
    static final String MACROS = "### Main section: where Relaywarden is";
    static final String RCPT = "### The RCPT ACL (`acl_smtp_rcpt`): first, before any `accept`";
    static final String DATA = "### The DATA ACL (`acl_smtp_data`): before its final `accept`";
    static final String DOC_POLICY = "inet:127.0.0.1:10040";
    static final String DOC_FILE = "/etc/exim4/relaywarden_suspended";

    private DocumentedEximAcl() {
    }

    /** The three blocks for a test relay: the policy service at this loopback port, this suspended-logins file. */
    public record Blocks(String macros, String rcpt, String data) {
    }

    public static Blocks blocks(int policyPort, Path suspendedFile) {
        List<String> lines;
        try {
            lines = Files.readAllLines(DOC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DOC.toAbsolutePath(), e);
        }
        String macros = block(lines, MACROS).replace(DOC_POLICY, "inet:127.0.0.1:" + policyPort)
                .replace(DOC_FILE, suspendedFile.toString());
        if (!macros.contains("inet:127.0.0.1:" + policyPort) || !macros.contains(suspendedFile.toString())) {
            throw new IllegalStateException(DOC + ": the macros block no longer names " + DOC_POLICY + " and " + DOC_FILE);
        }
        return new Blocks(macros, block(lines, RCPT), block(lines, DATA));
    }

    /** The first fenced block after the heading, as written. */
    static String block(List<String> lines, String heading) {
        int at = lines.indexOf(heading);
        if (at < 0) {
            throw new IllegalStateException(DOC + " has no heading '" + heading + "'");
        }
        int open = at + 1;
        while (open < lines.size() && !lines.get(open).equals("```")) {
            open++;
        }
        StringBuilder sb = new StringBuilder();
        int i = open + 1;
        for (; i < lines.size() && !lines.get(i).equals("```"); i++) {
            sb.append(lines.get(i)).append('\n');
        }
        if (i >= lines.size() || sb.isEmpty()) {
            throw new IllegalStateException(DOC + ": no complete block after '" + heading + "'");
        }
        return sb.toString();
    }
}
