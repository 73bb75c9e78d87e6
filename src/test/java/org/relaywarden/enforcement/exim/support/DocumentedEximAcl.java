package org.relaywarden.enforcement.exim.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * The Exim configuration pieces that {@code docs/exim.md} tells a provider to add (the macros, the
 * policy client in Perl, the RCPT ACL block, the DATA ACL block), read from the doc itself, so that
 * the tests' Exim and the doc cannot drift apart. Only the policy service's address, the
 * suspended-logins file's path and the Perl client's path are replaced.
 */
public final class DocumentedEximAcl {

    public static final Path DOC = Paths.get("docs/exim.md");
    static final String MACROS = "### Main section: where Relaywarden is";
    static final String PERL_CLIENT = "### The policy client (`/etc/exim4/relaywarden.pl`, with Perl only)";
    static final String RCPT = "### The RCPT ACL (`acl_smtp_rcpt`): first, before any `accept`";
    static final String DATA = "### The DATA ACL (`acl_smtp_data`): before its final `accept`";
    static final String DOC_POLICY = "inet:127.0.0.1:10040";
    static final String DOC_FILE = "/etc/exim4/relaywarden_suspended";
    static final String DOC_PERL = "/etc/exim4/relaywarden.pl";

    /** How the ACL asks the policy service: the doc's two forms of the main section. */
    public enum PolicyClient {
        /** Exim's embedded Perl, one kept connection per Exim process (the doc's first form). */
        PERL,
        /** {@code ${readsocket}}, one connection per question (the doc's second form, for Exim without Perl). */
        READSOCKET
    }

    private DocumentedEximAcl() {
    }

    /**
     * The blocks for a test relay: the policy service at this loopback port, this suspended-logins file; with
     * {@link PolicyClient#PERL} the Perl client's text ({@code perl}, to be written to {@code perlFile}, which the
     * macros name), else null.
     */
    public record Blocks(String macros, String perl, String rcpt, String data) {
    }

    public static Blocks blocks(int policyPort, Path suspendedFile, PolicyClient client, Path perlFile) {
        List<String> lines;
        try {
            lines = Files.readAllLines(DOC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DOC.toAbsolutePath(), e);
        }
        String documented = block(lines, MACROS, client == PolicyClient.PERL ? 0 : 1);
        String macros = documented.replace(DOC_POLICY, "inet:127.0.0.1:" + policyPort)
                .replace(DOC_FILE, suspendedFile.toString()).replace(DOC_PERL, perlFile.toString());
        if (!macros.contains("inet:127.0.0.1:" + policyPort) || !macros.contains(suspendedFile.toString())) {
            throw new IllegalStateException(DOC + ": the macros block no longer names " + DOC_POLICY + " and " + DOC_FILE);
        }
        if ((client == PolicyClient.PERL) != documented.contains(DOC_PERL)) {
            throw new IllegalStateException(DOC + ": the " + client + " macros block should " + (client == PolicyClient.PERL
                    ? "" : "not ") + "name " + DOC_PERL);
        }
        return new Blocks(macros, client == PolicyClient.PERL ? block(lines, PERL_CLIENT, 0) : null,
                block(lines, RCPT, 0), block(lines, DATA, 0));
    }

    /** The fenced block number {@code nth} (from 0) after the heading (before the next heading), as written. */
    static String block(List<String> lines, String heading, int nth) {
        int at = lines.indexOf(heading);
        if (at < 0) {
            throw new IllegalStateException(DOC + " has no heading '" + heading + "'");
        }
        int i = at + 1;
        for (int n = 0; ; n++) {
            while (i < lines.size() && !lines.get(i).equals("```") && !lines.get(i).startsWith("#")) {
                i++;
            }
            if (i >= lines.size() || !lines.get(i).equals("```")) {
                throw new IllegalStateException(DOC + ": no block " + (nth + 1) + " after '" + heading + "'");
            }
            StringBuilder sb = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).equals("```"); i++) {
                sb.append(lines.get(i)).append('\n');
            }
            if (i >= lines.size() || sb.isEmpty()) {
                throw new IllegalStateException(DOC + ": no complete block after '" + heading + "'");
            }
            if (n == nth) {
                return sb.toString();
            }
            i++;
        }
    }
}
