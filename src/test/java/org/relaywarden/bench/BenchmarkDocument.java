package org.relaywarden.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * Writes a bench run into {@code docs/benchmarks.md}: the section between the markers
 * {@value #BEGIN} and {@value #END} is replaced by this run's rows (with its date, commit and the
 * figures it measured), so the document's latest run is the one the bench printed, not a copy by hand.
 */
final class BenchmarkDocument {

    static final String BEGIN = "<!-- bench:latest-run:begin -->";
    static final String END = "<!-- bench:latest-run:end -->";

    private BenchmarkDocument() {
    }

    /** The document with its latest-run section replaced (or added after the headline table when it has none). */
    static String withLatestRun(String document, String section) {
        String block = BEGIN + "\n" + section.strip() + "\n" + END;
        int b = document.indexOf(BEGIN), e = document.indexOf(END);
        if (b >= 0 && e > b) {
            return document.substring(0, b) + block + document.substring(e + END.length());
        }
        int next = document.indexOf("\n## ", document.indexOf("## Headline figures") + 1);
        if (next < 0) {
            return document.stripTrailing() + "\n\n" + block + "\n";
        }
        return document.substring(0, next + 1) + block + "\n\n" + document.substring(next + 1);
    }

    static String section(String commit, List<String> figures, int runs, List<String> rows) {
        return "## Latest run (written by the bench)\n\n"
                + "`mvn -B -ntp -Pbench verify` on " + LocalDate.now() + ", commit " + commit + ", figures "
                + String.join(",", figures) + ", " + runs + " run(s) each; median (range); every row ends with the "
                + "load average when it was done.\n\n"
                + "| benchmark | figure | setup |\n|---|---|---|\n" + String.join("\n", rows) + "\n";
    }

    static void write(Path doc, String commit, List<String> figures, int runs, List<String> rows) throws IOException {
        String text = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "# Benchmarks\n";
        Files.writeString(doc, withLatestRun(text, section(commit, figures, runs, rows)), StandardCharsets.UTF_8);
    }

    static String commit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
