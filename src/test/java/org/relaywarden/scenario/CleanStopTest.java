package org.relaywarden.scenario;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relaywarden.testsupport.ApplicationProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20, item 4: a stop is silent. The application runs as a newcomer starts it (demo profile, H2 file in
 * {@code ./data} of its working folder), answers a request that writes to the database, and is stopped with
 * SIGTERM (what systemd and {@code docker stop} send; Ctrl-C runs the same shutdown hooks). H2 used to close
 * the database in its own shutdown hook while Spring still stopped the engine on it: a 45-line stack trace
 * and a {@code relaywarden.trace.db} on every stop.
 */
class CleanStopTest {

    @TempDir
    Path workDir;

    @Test
    void aStopLogsNoStackTraceAndLeavesNoTraceFile() throws InterruptedException {
        ApplicationProcess app = ApplicationProcess.start("clean-stop", workDir, List.of(
                // as a newcomer has it: with the demo mailbox (the tests' classpath turns it off by default)
                "--relaywarden.demo-mailbox.enabled=true",
                "--relaywarden.detection.deferred.enabled=false", "--relaywarden.detection.rate.enabled=false"));
        try {
            assertThat(app.call("POST", "monitoring", "/api/v1/alerts",
                    "{\"account\":\"stop@example.test\",\"source\":\"clean-stop-test\"}").statusCode()).isEqualTo(202);
            // the first letter went to the demo mailbox: the case waits for answers, the reply reader watches IMAP
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (!app.call("GET", "operator", "/api/v1/cases/RW-1", null).body().contains("\"AWAITING_ANSWERS\"")) {
                assertThat(Instant.now()).as("case RW-1 waiting for answers\n" + app.logTail()).isBefore(deadline);
                Thread.sleep(200);
            }
        } finally {
            int exit = app.stop();
            // the JVM's exit code after SIGTERM (128 + 15), whatever the application does
            assertThat(exit).as(app.logTail()).isEqualTo(143);
        }
        List<String> log = app.logOfThisStart();
        assertThat(log).as("the demo mailbox ran").anyMatch(l -> l.contains("demo mailbox: SMTP 127.0.0.1:"));
        int stopping = indexOf(log, "Commencing graceful shutdown");
        assertThat(stopping).as("the stop began\n" + app.logTail()).isPositive();
        List<String> stop = log.subList(stopping, log.size());
        assertThat(stop).as("what the stop logged").noneMatch(l -> l.contains(" WARN ") || l.contains(" ERROR ")
                || l.contains("Exception") || l.startsWith("\tat ") || l.startsWith("Caused by"));
        assertThat(indexOf(stop, "HikariPool-1 - Shutdown completed")).as("the pool closed last").isPositive();
        assertThat(Files.exists(workDir.resolve("data/relaywarden.mv.db"))).isTrue();
        assertThat(Files.exists(workDir.resolve("data/relaywarden.trace.db"))).as("H2's error trace").isFalse();
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
