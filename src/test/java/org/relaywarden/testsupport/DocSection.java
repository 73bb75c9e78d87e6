package org.relaywarden.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A section of a document in {@code docs/}: the lines after a heading, up to the next heading of its level or above.
 * The tests read what a provider configures from the doc itself, so that the two cannot drift apart.
 */
public final class DocSection {

    private DocSection() {
    }

    /** The lines after {@code heading} (a whole line, e.g. {@code "## Configuration"}) up to the next such heading. */
    public static List<String> lines(Path doc, String heading) {
        List<String> all;
        try {
            all = Files.readAllLines(doc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + doc.toAbsolutePath(), e);
        }
        int at = all.indexOf(heading);
        if (at < 0) {
            throw new IllegalStateException(doc + " has no heading '" + heading + "'");
        }
        String level = heading.substring(0, heading.indexOf(' ') + 1);
        int end = at + 1;
        boolean fenced = false; // a "# comment" inside a fenced block is no heading
        for (; end < all.size(); end++) {
            String line = all.get(end);
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && isHeadingUpTo(line, level.length() - 1)) {
                break;
            }
        }
        return all.subList(at + 1, end);
    }

    private static boolean isHeadingUpTo(String line, int level) {
        int hashes = 0;
        while (hashes < line.length() && line.charAt(hashes) == '#') {
            hashes++;
        }
        return hashes >= 1 && hashes <= level && hashes < line.length() && line.charAt(hashes) == ' ';
    }
}
