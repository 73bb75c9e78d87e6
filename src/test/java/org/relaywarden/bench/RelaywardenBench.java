package org.relaywarden.bench;

import org.relaywarden.testsupport.Ports;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.relaywarden.RelaywardenApplication;
import org.relaywarden.testsupport.relay.Flood;
import org.relaywarden.testsupport.relay.SmtpSink;
import org.relaywarden.enforcement.exim.support.DocumentedEximAcl.PolicyClient;
import org.relaywarden.enforcement.exim.support.TestExim;
import org.relaywarden.testsupport.relay.TestPostfix;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

/**
 * Benchmarks (not part of the normal test run: {@code mvn -B -ntp -Pbench verify}). Prints a
 * table with each figure's setup and writes it to {@code target/bench/results.md}. Needs root and
 * Debian's postfix (as the tests do). Peers named in the benchmark issue that are not measured
 * here are listed as such in the table, never estimated.
 */
@Tag("bench")
class RelaywardenBench {

    static final List<String> rows = new ArrayList<>();
    static final HttpClient http = HttpClient.newHttpClient();
    /** How often each figure is measured (median and range are reported): {@code -Dbench.runs=3}. */
    static final int RUNS = Integer.getInteger("bench.runs", 3);
    /** Which figures to measure, e.g. {@code -Dbench.figures=1,5}; all by default ({@code 3q}: figure 3's qmail row alone; {@code 1r}: figure 1's Redis row alone). */
    static final List<String> FIGURES = List.of(System.getProperty("bench.figures", "1,2,2e,3,4,5,6,7,8,9").split(","));

    static boolean figure(String n) {
        return FIGURES.contains(n);
    }

    static void row(String what, String figure, String setup) {
        String r = "| " + what + " | " + figure + " | " + setup + "; load average when done " + loadAverage() + " |";
        rows.add(r);
        System.out.println(r);
    }

    @Test
    void run() throws Exception {
        if (figure("1")) {
            PolicyThroughput.measure(RUNS);
        } else if (figure("1r")) {
            // figure 1's Redis row alone (8 connections, beside the in-memory core of the same run, no peers), with the CPU used
            PolicyThroughput.measureRedisRow(RUNS);
        }
        if (figure("7")) {
            StartUp.measure(RUNS);
        }
        if (FIGURES.stream().anyMatch(List.of("2", "2e", "3", "4", "5", "8")::contains)) {
            application();
        }
        if (figure("3") || figure("3q")) {
            // the same burst with the provider's relay on qmail + vpopmail and on Exim, each with a Relaywarden of its own
            // (before the peers: a peer that is not installed must not cost these rows); 3q: the qmail row alone
            SpamThatGetsOutElsewhere.onQmail(20, RUNS);
        }
        if (figure("3")) {
            SpamThatGetsOutElsewhere.onExim(20, RUNS);
            try (SmtpSink sink = SmtpSink.start()) {
                SpamThatGetsOut.rateLimited(sink, 20);
            }
            try (SmtpSink sink = SmtpSink.start()) {
                SpamThatGetsOut.unprotected(sink);
            }
        }
        if (figure("8")) {
            FirstStop.rateLimited(750);
            FirstStop.unprotected();
        }
        if (figure("9")) {
            // on Postfix, qmail and Exim, each with a Relaywarden of its own; the peer gets the volume limit's default floor
            FirstBlow.measure(750);
        }
        if (figure("6")) {
            AlertIngestion.measure(RUNS);
        }
        Path out = Path.of("target/bench/results.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "| benchmark | figure | setup |\n|---|---|---|\n" + String.join("\n", rows) + "\n");
        System.out.println("written to " + out.toAbsolutePath());
        Path doc = Path.of("docs/benchmarks.md");
        BenchmarkDocument.write(doc, BenchmarkDocument.commit(), FIGURES, RUNS, rows);
        System.out.println("written to " + doc.toAbsolutePath() + " (its latest-run section)");
    }

    /** Settings of every bench application: the one on Postfix and figure 3's on qmail and Exim (SpamThatGetsOutElsewhere). */
    static final List<String> SHARED_SETTINGS = List.of(
            "--relaywarden.detection.burst.staged-threshold=20",
            // the product's default, stated: every figure measures the product as shipped
            "--relaywarden.risk.enabled=true",
            // the customer fills its queue before the claim: its refused retries end before the claim
            "--relaywarden.questionnaire.claim.grace=PT2S",
            "--relaywarden.detection.deferred.enabled=false", "--relaywarden.detection.rate.enabled=false",
            "--camunda.bpm.job-execution.wait-time-in-millis=50", "--camunda.bpm.job-execution.max-wait=200");

    void application() throws Exception {
        Path dir = Files.createTempDirectory("rw-bench-");
        int policyPort = Ports.freePort();
        long t0 = System.nanoTime();
        try (TestPostfix relay = TestPostfix.named("benchrelay").relayhost("[127.0.0.1]:9").policyService(policyPort)
                .user("bench@bench.example", "pw").set("defer_transports", "smtp, relay").build().start();
             TestPostfix plain = TestPostfix.named("benchplain").relayhost("[127.0.0.1]:9").withoutAccessMap()
                     .user("bench@bench.example", "pw").set("defer_transports", "smtp, relay").build().start();
             // figure 3: a provider whose upstream is a sink that counts what gets out
             SmtpSink sink = SmtpSink.start();
             TestPostfix provider = TestPostfix.named("benchprovider").relayhost(sink.relayhost()).policyService(policyPort)
                     .user(SpamThatGetsOut.LOGIN, SpamThatGetsOut.PW).build().start()) {
            List<String> args = new ArrayList<>(List.of(
                    "--server.port=0", "--spring.datasource.url=jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1",
                    "--relaywarden.mail-server=postfix", "--camunda.bpm.process-engine-name=bench",
                    "--spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
                    "--relaywarden.postfix.relays.relay-1.config-dir=" + relay.configDir(),
                    "--relaywarden.postfix.relays.relay-1.access-map=" + relay.accessMap(),
                    "--relaywarden.postfix.relays.provider.config-dir=" + provider.configDir(),
                    "--relaywarden.postfix.relays.provider.access-map=" + provider.accessMap(),
                    "--relaywarden.policy.port=" + policyPort,
                    "--relaywarden.detection.accounts.[bulk@flood.example].allowlisted=true",
                    // figure 2e measures the policy service's cost, not the sending limit: 22,000 messages an hour are over it
                    "--relaywarden.detection.accounts.[" + EXIM_BENCH + "].allowlisted=true",
                    "--relaywarden.quarantine.dir=" + dir.resolve("q")));
            args.addAll(SHARED_SETTINGS);
            ConfigurableApplicationContext app = new SpringApplicationBuilder(RelaywardenApplication.class).run(args.toArray(String[]::new));
            System.out.printf("bench application with three test Postfix instances ready in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            int port = ((ServletWebServerApplicationContext) app).getWebServer().getPort();
            try {
                // first, while Relaywarden is idle: its background work (suspensions reload Postfix) would weigh on it
                if (figure("2")) {
                    // few sessions: each message waits for its policy round trips; many: the CPU is what is shared
                    costToEveryoneElse("", POSTFIX_SETUP, "bench@bench.example", relay.smtpPort(), plain.smtpPort(), 2000, 4, Math.max(RUNS, 5));
                    costToEveryoneElse("", POSTFIX_SETUP, "bench@bench.example", relay.smtpPort(), plain.smtpPort(), 2000, 16, Math.max(RUNS, 5));
                    // figure 5 lists the relay's queue: without this mail there, it holds the quarantined account's alone
                    relay.tool("postsuper", "-d", "ALL").orThrow();
                    plain.tool("postsuper", "-d", "ALL").orThrow();
                }
                if (figure("2e")) {
                    // the same policy service asked by Exim 4.96 with the ACL of docs/exim.md, against the same Exim without
                    // it: asking through the doc's Perl client (one kept connection per Exim process), and through
                    // ${readsocket} (the doc's form for an Exim without Perl: one connection per question)
                    try (TestExim perl = TestExim.named("benchexim").policyService(policyPort, PolicyClient.PERL)
                                 .user(EXIM_BENCH, "pw").set("queue_only", "true").build().start();
                         TestExim readsocket = TestExim.named("benchximrs").policyService(policyPort, PolicyClient.READSOCKET)
                                 .user(EXIM_BENCH, "pw").set("queue_only", "true").build().start();
                         TestExim eximPlain = TestExim.named("benchximplain").user(EXIM_BENCH, "pw")
                                 .set("queue_only", "true").build().start()) {
                        for (int sessions : new int[]{4, 16}) {
                            costToEveryoneElse(" (Exim)", EXIM_PERL_SETUP, EXIM_BENCH, perl.smtpPort(), perl::cpuNanos,
                                    eximPlain.smtpPort(), eximPlain::cpuNanos,
                                    2000, sessions, Math.max(RUNS, 5));
                        }
                        for (int sessions : new int[]{4, 16}) {
                            costToEveryoneElse(" (Exim without Perl)", EXIM_READSOCKET_SETUP, EXIM_BENCH, readsocket.smtpPort(),
                                    readsocket::cpuNanos, eximPlain.smtpPort(), eximPlain::cpuNanos, 2000, sessions, Math.max(RUNS, 5));
                        }
                    }
                }
                if (figure("5")) {
                    QuarantineThroughput.measure(app, relay, Integer.getInteger("bench.quarantine", 10_000), RUNS);
                }
                if (figure("4")) {
                    alertToRefusal(port, policyPort, 200, RUNS);
                }
                if (figure("3")) {
                    SpamThatGetsOut.relaywarden(app, provider, sink, 20, RUNS);
                }
                if (figure("8")) {
                    FirstStop.relaywarden(app, provider, sink, RUNS);
                    FirstStop.legitimate(app, provider);
                }
            } finally {
                app.close();
                dropH2("jdbc:h2:mem:bench");
            }
        } finally {
            TestPostfix.deleteTree(dir);
        }
    }

    /** 4. POST an alert, then ask the policy service as Postfix would at the next RCPT, until it refuses; {@code runs} times. */
    static void alertToRefusal(int port, int policyPort, int n, int runs) throws Exception {
        List<Double> p50s = new ArrayList<>(), p99s = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            List<Long> ms = alertToRefusal(port, policyPort, n, "refuse" + run + "-");
            long p50 = ms.get(ms.size() / 2), p99 = ms.get((int) Math.ceil(ms.size() * 0.99) - 1);
            System.out.printf("alert to refusal run %d: p50 %d ms, p99 %d ms, max %d ms%n", run, p50, p99, ms.get(ms.size() - 1));
            p50s.add((double) p50);
            p99s.add((double) p99);
        }
        Spread p99 = Spread.of(p99s);
        row("4. alert over REST to the first refused RCPT", "p50 %s ms, p99 %s ms (goal: p99 < 1000 ms%s)".formatted(
                        Spread.of(p50s).format("%.0f"), p99.format("%.0f"), p99.max() < 1000 ? ", met in every run"
                                : p99.median() < 1000 ? ", met by the median run" : ", NOT met"),
                n + " alerts one after another per run, distinct accounts, policy asked every 2 ms; the suspension writes the "
                        + "access map and reloads Postfix; " + runs + " runs (median and range of the runs' p50 and p99)");
    }

    static List<Long> alertToRefusal(int port, int policyPort, int n, String prefix) throws Exception {
        List<Long> ms = new ArrayList<>();
        try (Socket policy = new Socket("127.0.0.1", policyPort)) {
            OutputStream out = policy.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(policy.getInputStream(), StandardCharsets.US_ASCII));
            for (int i = 0; i < n; i++) {
                String account = prefix + i + "@bench.example";
                long start = System.nanoTime();
                int status = post(port, "/api/v1/alerts", "{\"account\":\"" + account + "\",\"source\":\"bench\"}");
                if (status != 202) {
                    throw new IllegalStateException("alert answered " + status);
                }
                while (true) {
                    out.write(("request=smtpd_access_policy\nprotocol_state=RCPT\nsasl_username=" + account
                            + "\nclient_address=127.0.0.1\nrecipient=x@remote.test\nrecipient_count=0\n\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    String action = in.readLine();
                    in.readLine();
                    if (action.startsWith("action=4") || action.startsWith("action=5")) {
                        break;
                    }
                    if (System.nanoTime() - start > 30_000_000_000L) {
                        throw new IllegalStateException(account + " not refused within 30 s");
                    }
                    Thread.sleep(2);
                }
                ms.add((System.nanoTime() - start) / 1_000_000);
            }
        }
        Collections.sort(ms);
        return ms;
    }

    /**
     * 2. Authenticated submission throughput with and without the policy service in the restriction
     * list, {@code runs} times, the two sides taking turns so that the machine's load weighs on both.
     */
    static final String EXIM_BENCH = "eximbench@bench.example";
    static final String POSTFIX_SETUP = "the policy instance also has the access map; ";
    static final String EXIM_PERL_SETUP = "Exim 4.96 with the ACL of docs/exim.md asking through its Perl client (perl_startup, "
            + "one kept connection per Exim process; at the first RCPT of each message and at end of data) and the lsearch file, "
            + "against the same Exim "
            + "without it, queue_only; ";
    static final String EXIM_READSOCKET_SETUP = "Exim 4.96 with the ACL of docs/exim.md in its form without Perl (readsocket: "
            + "one connection per question, at the first RCPT of each message and at end of data) and the lsearch file, against the same Exim without it, queue_only; ";

    static void costToEveryoneElse(String server, String setup, String login, int withPolicy, int without, int n, int sessions,
                                   int runs) {
        costToEveryoneElse(server, setup, login, withPolicy, null, without, null, n, sessions, runs);
    }

    /**
     * As above; with {@code withCpu} and {@code withoutCpu} (the CPU time the two mail servers' processes used so far, in ns)
     * also the CPU per message: the two servers' processes, and the benchmark JVM (the policy service and the SMTP
     * client), whose difference between the two sides is what the policy service costs.
     */
    static void costToEveryoneElse(String server, String setup, String login, int withPolicy, LongSupplier withCpu, int without,
                                   LongSupplier withoutCpu, int n, int sessions, int runs) {
        List<Double> withRates = new ArrayList<>(), withoutRates = new ArrayList<>(), ratios = new ArrayList<>();
        List<Double> mtaWith = new ArrayList<>(), mtaWithout = new ArrayList<>(), jvmWith = new ArrayList<>(),
                jvmWithout = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            Sample a, b;
            if (run % 2 == 0) { // each side goes first in every other run
                a = rate(login, without, withoutCpu, n, sessions);
                b = rate(login, withPolicy, withCpu, n, sessions);
            } else {
                b = rate(login, withPolicy, withCpu, n, sessions);
                a = rate(login, without, withoutCpu, n, sessions);
            }
            System.out.printf("cost to everyone else, %d sessions, run %d: %.0f msg/s with, %.0f without = %.0f%%; CPU per message "
                            + "(µs): mail server %.0f with, %.0f without; JVM %.0f with, %.0f without; load %s%n", sessions, run,
                    b.rate(), a.rate(), 100 * b.rate() / a.rate(), b.mtaMicros(), a.mtaMicros(), b.jvmMicros(), a.jvmMicros(),
                    loadAverage());
            withoutRates.add(a.rate());
            withRates.add(b.rate());
            ratios.add(100 * b.rate() / a.rate());
            mtaWith.add(b.mtaMicros());
            mtaWithout.add(a.mtaMicros());
            jvmWith.add(b.jvmMicros());
            jvmWithout.add(a.jvmMicros());
        }
        Spread ratio = Spread.of(ratios);
        String cpu = withCpu == null ? "" : "; CPU per message: the mail server's processes %s µs with, %s without; the benchmark JVM (policy service and SMTP client) %s µs with, %s without".formatted(
                Spread.of(mtaWith).format("%.0f"), Spread.of(mtaWithout).format("%.0f"), Spread.of(jvmWith).format("%.0f"),
                Spread.of(jvmWithout).format("%.0f"));
        row("2. cost to everyone else" + server + ": submission with / without the policy service, " + sessions + " sessions",
                "%s / %s msg/s = %s%% (goal >= 90%%%s)%s".formatted(Spread.of(withRates).format("%.0f"),
                        Spread.of(withoutRates).format("%.0f"), ratio.format("%.1f"),
                        ratio.median() >= 90 ? ", met by the median run" : ", NOT met", cpu),
                n + " messages, " + sessions + " SMTP AUTH sessions, 2 recipients each, the same machine for both; "
                        + setup + "200 warm-up messages before each measurement; " + runs
                        + " runs, each side first in every other run (median and range; the ratio is per run)");
    }

    /** One measurement: messages a second; CPU per message (µs) of the mail server's processes (NaN: not measured) and of this JVM. */
    record Sample(double rate, double mtaMicros, double jvmMicros) {
    }

    static Sample rate(String login, int port, LongSupplier mtaCpu, int n, int sessions) {
        Flood.submit(port, login, "pw", login, 200, sessions, i -> "Subject: warm " + i + "\n\nx\n");
        long mta0 = mtaCpu == null ? 0 : mtaCpu.getAsLong();
        double jvm0 = PolicyThroughput.jvmCpuSeconds();
        long start = System.nanoTime();
        int ok = Flood.submit(port, login, "pw", login, n, sessions,
                i -> "Subject: bench " + i + "\n\nx\n").size();
        double secs = (System.nanoTime() - start) / 1e9;
        double jvm = PolicyThroughput.jvmCpuSeconds() - jvm0;
        double mtaMicros = mtaCpu == null ? Double.NaN : (mtaCpu.getAsLong() - mta0) / 1e3 / ok;
        return new Sample(ok / secs, mtaMicros, jvm * 1e6 / ok);
    }

    static int post(int port, String path, String json) throws Exception {
        return post(port, path, json, "monitoring", "monitoring");
    }

    /** POSTs as one of the demo profile's users (monitoring raises alerts, operators release held mail). */
    static int post(int port, String path, String json, String user, String password) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /**
     * Frees an in-memory H2 database that outlived its application (DB_CLOSE_DELAY=-1 keeps it until
     * the JVM ends): later figures' memory readings would otherwise carry it.
     */
    static void dropH2(String url) {
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             Statement st = c.createStatement()) {
            st.execute("SHUTDOWN");
        } catch (SQLException e) {
            System.out.println("could not shut down " + url + ": " + e.getMessage());
        }
    }

    /** The machine's 1-minute load average (on 2 cores, anything over 2 means the figure shared the CPU). */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static long rssMiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
            }
        }
        return -1;
    }
}
