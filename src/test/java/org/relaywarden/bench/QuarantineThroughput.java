package org.relaywarden.bench;

import org.relaywarden.testsupport.Await;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseOutcome;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.NewCase;
import org.relaywarden.enforcement.RelayControl;
import org.relaywarden.testsupport.relay.Flood;
import org.relaywarden.testsupport.relay.TestPostfix;
import org.relaywarden.quarantine.QuarantineService;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Figure 5: one account's queued mail moved to quarantine, verified and deleted by Relaywarden's
 * QuarantineService (the running application, Postfix adapter), against the classic way on the
 * same queue: a shell loop with one {@code postcat -q} per message, then {@code postsuper -d -}.
 * The queue is filled once over SMTP AUTH (held by Relaywarden), saved, and put back before each run.
 */
final class QuarantineThroughput {

    static final String LOGIN = "quarantine@bench.example";

    private QuarantineThroughput() {
    }

    static void measure(ConfigurableApplicationContext app, TestPostfix relay, int n, int runs) throws Exception {
        Account account = Account.parse(LOGIN);
        relay.addUser(LOGIN, "pw");
        app.getBean(RelayControl.class).hold(account, "benchmark");
        long t0 = System.nanoTime();
        List<String> ids = Flood.submit(relay.smtpPort(), LOGIN, "pw", LOGIN, n, 8,
                i -> "From: <" + LOGIN + ">\nSubject: offer " + i + "\nMessage-ID: <q" + i + "@bench.example>\n\n"
                        + ("Only today, offer " + i + ".\n").repeat(20));
        Path hold = relay.root().resolve("queue/hold");
        if (!Await.within(Duration.ofSeconds(120), () -> count(hold) >= ids.size())) {
            throw new IllegalStateException("the held mail did not arrive in the hold queue");
        }
        System.out.printf("filled the hold queue with %d messages in %.1f s%n", ids.size(), (System.nanoTime() - t0) / 1e9);
        Path saved = Files.createTempDirectory(Path.of("/tmp"), "rw-bench-hold-");
        sh("cp -a " + hold + "/. " + saved + "/");
        settle();
        QuarantineService quarantine = app.getBean(QuarantineService.class);
        CaseRecords cases = app.getBean(CaseRecords.class);
        List<Double> seconds = new ArrayList<>();
        double averageSize = 0;
        try {
            for (int run = 0; run < runs; run++) {
                CaseReference ref = cases.open(new NewCase(account, "bench", "quarantine benchmark " + run, false, null,
                        LOGIN, "en"), "bench");
                long start = System.nanoTime();
                long moved = quarantine.quarantine(ref, account);
                double s = (System.nanoTime() - start) / 1e9;
                int left = count(hold);
                int stored = quarantine.ofCase(ref).size();
                System.out.printf("quarantine run %d: %d moved, %d stored, %d left in hold, %.2f s%n", run, moved, stored, left, s);
                if (moved != ids.size() || stored != ids.size() || left != 0) {
                    throw new IllegalStateException("quarantine run " + run + ": moved " + moved + ", stored " + stored
                            + ", left " + left + " of " + ids.size());
                }
                seconds.add(s);
                averageSize = quarantine.ofCase(ref).stream().mapToLong(m -> m.size()).average().orElse(0);
                // one open case per account: the next run's case needs this one closed
                cases.close(ref, CaseOutcome.CLOSED_BY_OPERATOR, "HELD", "bench", "benchmark run done");
                sh("cp -a " + saved + "/. " + hold + "/");
                settle();
            }
            Spread rw = Spread.of(seconds);
            double rate = ids.size() / rw.median();
            String setup = "QuarantineService of the running app (H2): list (policy index), hold what is not held yet, copy "
                    + "(raw queue files by tar, rendered in Java), verify (segment size + SHA-256 of the stored file), index "
                    + "committed, deleted by `postsuper -d - hold` (up to %d at once, `relaywarden.quarantine.delete-processes`) "
                    .formatted(app.getEnvironment().getProperty("relaywarden.quarantine.delete-processes", Integer.class, 3))
                    + "while the next batch is copied; batches written in place by two writers, one `sync -f` each; "
                    + "%d runs on the same queue, restored (and `sync`, 2 s pause) between runs; messages of %.0f bytes on average; ".formatted(runs, averageSize)
                    + "2 cores";
            if (!Boolean.parseBoolean(System.getProperty("bench.quarantine.classic", "true"))) {
                RelaywardenBench.row("5. quarantine %,d messages of one account: Relaywarden".formatted(ids.size()),
                        "%s s = %.0f msg/s (the classic way not run: -Dbench.quarantine.classic=false)".formatted(rw.format("%.2f"), rate), setup);
                return;
            }
            // the classic way, on the same queue: find the login's queue ids in the log, one postcat per message, postsuper -d
            Path out = Files.createTempDirectory(Path.of("/tmp"), "rw-bench-classic-");
            Files.writeString(out.resolve("classic.sh"), """
                    set -e
                    conf=$1; out=$2; login=$3; log=$4
                    grep "sasl_username=$login\\$" "$log" | sed 's/.*: \\([0-9A-Za-z]*\\): client=.*/\\1/' > "$out/ids"
                    while read id; do
                        /usr/sbin/postcat -c "$conf" -q "$id" > "$out/$id.txt"
                    done < "$out/ids"
                    /usr/sbin/postsuper -c "$conf" -d - < "$out/ids"
                    """);
            long start = System.nanoTime();
            sh("bash " + out.resolve("classic.sh") + " " + relay.configDir() + " " + out + " " + LOGIN + " "
                    + relay.root().resolve("maillog"));
            double classic = (System.nanoTime() - start) / 1e9;
            long copied;
            try (var files = Files.list(out)) {
                copied = files.filter(f -> f.getFileName().toString().endsWith(".txt")).count();
            }
            int left = count(hold);
            TestPostfix.deleteTree(out);
            double classicRate = copied / classic;
            String goal = "< 5 s: " + (rw.median() < 5 ? "met" : "NOT met") + ", >= 20x: " + (rate / classicRate >= 20 ? "met" : "NOT met");
            RelaywardenBench.row("5. quarantine %,d messages of one account: Relaywarden".formatted(ids.size()),
                    "%s s = %.0f msg/s".formatted(rw.format("%.2f"), rate), setup);
            RelaywardenBench.row("5. quarantine %,d messages: the classic way".formatted(ids.size()),
                    "%.1f s = %.0f msg/s (%d copied, %d left); Relaywarden %.0fx faster (goal %s)"
                            .formatted(classic, classicRate, copied, left, rate / classicRate, goal),
                    "bash: queue ids of the login from the mail log, `postcat -q ID > file` per message, "
                            + "`postsuper -d -` once (1 run)");
        } finally {
            TestPostfix.deleteTree(saved);
            app.getBean(RelayControl.class).restore(account);
        }
    }

    /**
     * Between runs: the restored queue files (10,000 creates) and the last run's deletes are written
     * out before the next run starts, so that a run does not pay for the previous one's disk work.
     */
    static void settle() throws Exception {
        sh("sync");
        Thread.sleep(2_000);
    }

    static int count(Path dir) {
        try (var files = Files.list(dir)) {
            return (int) files.count();
        } catch (IOException e) {
            return -1;
        }
    }

    static void sh(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("failed: " + script + "\n" + out);
        }
    }
}
