package org.relaywarden.testsupport.relay;

import org.relaywarden.testsupport.DocSection;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code main.cf} lines that {@code docs/postfix.md} tells a provider to add to each relay, read
 * from the doc itself, so that the tests' Postfix and the doc cannot drift apart. The policy
 * service's address and the access map's path are the only things replaced.
 */
public final class DocumentedMainCf {

    public static final Path DOC = Paths.get("docs/postfix.md");
    static final String HEADING = "## What a provider adds to each relay's `main.cf`";
    static final String DOC_POLICY = "inet:127.0.0.1:10040";
    static final String DOC_MAP = "/etc/postfix/relaywarden_sasl_access";

    private DocumentedMainCf() {
    }

    /** The block as written in the doc: parameter → value, continuation lines folded, comments left out. */
    public static Map<String, String> asDocumented() {
        List<String> lines = DocSection.lines(DOC, HEADING);
        int open = 0;
        while (open < lines.size() && !lines.get(open).equals("```")) {
            open++;
        }
        Map<String, String> params = new LinkedHashMap<>();
        String name = null;
        StringBuilder value = new StringBuilder();
        for (int i = open + 1; i < lines.size() && !lines.get(i).equals("```"); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                if (name == null) {
                    throw new IllegalStateException(DOC + ": continuation line before any parameter: " + line);
                }
                value.append(' ').append(line.strip());
                continue;
            }
            if (name != null) {
                params.put(name, value.toString().strip());
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalStateException(DOC + ": not a parameter line: " + line);
            }
            name = line.substring(0, eq).strip();
            value = new StringBuilder(line.substring(eq + 1).strip());
        }
        if (name != null) {
            params.put(name, value.toString().strip());
        }
        if (params.isEmpty()) {
            throw new IllegalStateException(DOC + ": no main.cf block after '" + HEADING + "'");
        }
        return params;
    }

    /** The documented block for a test relay: the policy service at this loopback port, this access map. */
    public static Map<String, String> parameters(int policyPort, Path accessMap) {
        Map<String, String> out = new LinkedHashMap<>();
        asDocumented().forEach((k, v) -> out.put(k, v.replace(DOC_POLICY, "inet:127.0.0.1:" + policyPort)
                .replace(DOC_MAP, accessMap.toString())));
        return out;
    }
}
