package org.relaywarden.bench;

import com.sun.management.OperatingSystemMXBean;
import org.relaywarden.RelaywardenApplication;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.NewCase;
import org.relaywarden.testsupport.relay.TestPostfix;
import org.relaywarden.process.RelayRemediation;
import org.camunda.bpm.engine.RuntimeService;
import org.relaywarden.testsupport.PostgresServer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Figure 6: distinct alerts per second into new cases over REST, on H2 and on PostgreSQL, first
 * with no open case and then with {@link #OPEN_CASES} open ones (each with a waiting process
 * instance); the node's memory. Each database
 * gets an application of its own on the sandbox mail server (so that what runs behind the alerts
 * is the same for both), started after the other benchmarks' application has closed.
 */
final class AlertIngestion {

    static final int ALERTS = 300;
    static final int THREADS = 8;
    static final int OPEN_CASES = Integer.getInteger("bench.openCases", 10_000);
    /** Which databases: {@code -Dbench.ingest.databases=h2} for H2 alone (e.g. to profile it); both by default. */
    static final List<String> DATABASES = List.of(System.getProperty("bench.ingest.databases", "h2,postgres").split(","));

    private AlertIngestion() {
    }

    static void measure(int runs) throws Exception {
        if (DATABASES.contains("h2")) {
            h2OrPostgres(null, runs);
        }
        if (DATABASES.contains("postgres")) {
            try (PostgresServer pg = PostgresServer.start()) {
                pg.createDatabase("bench");
                h2OrPostgres(pg, runs);
            }
        }
    }

    private static void h2OrPostgres(PostgresServer pg, int runs) throws Exception {
        String db = pg == null ? "H2 (in memory)" : "PostgreSQL " + pgVersion();
        Path dir = Files.createTempDirectory("rw-bench-ingest-");
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--camunda.bpm.process-engine-name=benchingest"
                        + (pg == null ? "htwo" : "pg"),
                "--spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
                "--relaywarden.detection.deferred.enabled=false", "--relaywarden.detection.rate.enabled=false",
                // measures the ingestion path itself: the blast-radius guard would hold all but 20 of the cases
                "--relaywarden.alerts.blast-radius.max-cases=0",
                "--relaywarden.quarantine.dir=" + dir.resolve("q")));
        if (pg == null) {
            args.add("--spring.datasource.url=jdbc:h2:mem:benchingest;DB_CLOSE_DELAY=-1");
        } else {
            args.addAll(List.of("--spring.profiles.active=demo,postgres", "--spring.datasource.url=" + pg.jdbcUrl("bench"),
                    "--spring.datasource.username=" + PostgresServer.USER, "--spring.datasource.password=" + PostgresServer.PASSWORD));
        }
        ConfigurableApplicationContext app = new SpringApplicationBuilder(RelaywardenApplication.class)
                .run(args.toArray(String[]::new));
        try {
            int port = ((ServletWebServerApplicationContext) app).getWebServer().getPort();
            List<Double> empty = new ArrayList<>(), full = new ArrayList<>();
            List<Double> cpu = new ArrayList<>(), requestCpu = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                Burst b = alerts(port, "e" + run);
                empty.add(b.perSecond());
                cpu.add(b.cpuMs());
                requestCpu.add(b.requestCpuMs());
            }
            long t0 = System.nanoTime();
            openCases(app);
            double filled = (System.nanoTime() - t0) / 1e9;
            for (int run = 0; run < runs; run++) {
                full.add(alerts(port, "f" + run).perSecond());
            }
            Runtime rt = Runtime.getRuntime();
            System.gc();
            long heap = (rt.totalMemory() - rt.freeMemory()) >> 20;
            RelaywardenBench.row("6. alert ingestion into new cases: " + db,
                    ("%s alerts/s; with %,d open cases %s alerts/s; CPU per alert (no open cases) %s ms, of which the "
                            + "request threads %s ms; heap after GC %d MiB, JVM RSS %d MiB").formatted(
                            Spread.of(empty).format("%.0f"), OPEN_CASES, Spread.of(full).format("%.0f"),
                            Spread.of(cpu).format("%.1f"), Spread.of(requestCpu).format("%.1f"), heap,
                            RelaywardenBench.rssMiB()),
                    ("%d distinct accounts per run over REST, %d client threads, %d runs; the process runs on in the "
                            + "background (sandbox mail server, letters recorded); the %,d open cases, each with a process instance "
                            + "waiting for the customer's answers (and its two timers), were created in %.0f s; memory: the "
                            + "benchmark JVM, which also holds the client (and, on H2, the in-memory database); the "
                            + "earlier applications' H2 databases were shut down; CPU per alert: the benchmark JVM's CPU time "
                            + "(client, web server, the jobs that ran meanwhile) from the first request to the last answer, "
                            + "and that of Tomcat's request threads (http-nio-*), divided by the alerts: steadier than the "
                            + "rate on a loaded machine").formatted(ALERTS, THREADS, runs, OPEN_CASES, filled));
        } finally {
            app.close();
            if (pg == null) {
                RelaywardenBench.dropH2("jdbc:h2:mem:benchingest");
            }
            TestPostfix.deleteTree(dir);
        }
    }

    /**
     * {@link #OPEN_CASES} open cases, each with a running process instance waiting for the
     * customer's answers (Task_AwaitAnswers, with its reminder and unresponsive timers), as after a
     * letter went out: the variables are copied from an instance that got there through a real
     * alert, with the account replaced. Started there rather than by alerts so the filling does not
     * take the better part of an hour.
     */
    private static void openCases(ConfigurableApplicationContext app) throws Exception {
        CaseRecords cases = app.getBean(CaseRecords.class);
        RuntimeService runtime = app.getBean(RuntimeService.class);
        Map<String, Object> template = null;
        for (int i = 0; i < 600 && template == null; i++) {
            var waiting = runtime.createProcessInstanceQuery().processDefinitionKey(RelayRemediation.PROCESS_ID)
                    .activityIdIn(RelayRemediation.Elements.AWAIT_ANSWERS).listPage(0, 1);
            if (waiting.isEmpty()) {
                Thread.sleep(100);
            } else {
                template = runtime.getVariables(waiting.get(0).getId());
            }
        }
        if (template == null) {
            throw new IllegalStateException("no process instance reached " + RelayRemediation.Elements.AWAIT_ANSWERS + " within 60 s");
        }
        Map<String, Object> variables = template;
        String templateLogin = variables.values().stream().filter(v -> v instanceof String s && s.endsWith("@bench.example"))
                .map(String.class::cast).findFirst().orElseThrow(() -> new IllegalStateException("no account in " + variables.keySet()));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> all = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int slice = t;
            all.add(pool.submit(() -> {
                for (int i = slice; i < OPEN_CASES; i += 4) {
                    String login = "open" + i + "@bench.example";
                    var ref = cases.open(new NewCase(Account.parse(login), "bench", "open case", false, null, login, "en"), "bench");
                    Map<String, Object> v = new HashMap<>(variables);
                    v.replaceAll((name, value) -> templateLogin.equals(value) ? login : value);
                    runtime.createProcessInstanceByKey(RelayRemediation.PROCESS_ID).businessKey(ref.toString())
                            .startBeforeActivity(RelayRemediation.Elements.AWAIT_ANSWERS).setVariables(v).execute();
                }
                return null;
            }));
        }
        for (Future<?> f : all) {
            f.get();
        }
        pool.shutdown();
        long running = runtime.createProcessInstanceQuery().processDefinitionKey(RelayRemediation.PROCESS_ID)
                .activityIdIn(RelayRemediation.Elements.AWAIT_ANSWERS).count();
        if (running < OPEN_CASES) {
            throw new IllegalStateException("only " + running + " process instances wait for answers");
        }
    }

    /** One burst: alerts per second, and CPU milliseconds per alert of the whole JVM and of the request threads. */
    record Burst(double perSecond, double cpuMs, double requestCpuMs) {
    }

    private static Burst alerts(int port, String prefix) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<Integer>> all = new ArrayList<>();
        long cpu0 = processCpuNanos();
        long request0 = requestThreadsCpuNanos();
        long start = System.nanoTime();
        for (int i = 0; i < ALERTS; i++) {
            String body = "{\"account\":\"ingest" + prefix + i + "@bench.example\",\"source\":\"bench\"}";
            all.add(pool.submit(() -> RelaywardenBench.post(port, "/api/v1/alerts", body)));
        }
        int opened = 0;
        for (Future<Integer> f : all) {
            opened += f.get() == 202 ? 1 : 0;
        }
        double secs = (System.nanoTime() - start) / 1e9;
        double cpuMs = (processCpuNanos() - cpu0) / 1e6 / ALERTS;
        double requestMs = (requestThreadsCpuNanos() - request0) / 1e6 / ALERTS;
        pool.shutdown();
        if (opened != ALERTS) {
            throw new IllegalStateException(opened + " of " + ALERTS + " alerts opened a case");
        }
        System.out.printf("alert burst %s: %.0f alerts/s, CPU per alert %.1f ms (request threads %.1f ms)%n",
                prefix, ALERTS / secs, cpuMs, requestMs);
        return new Burst(ALERTS / secs, cpuMs, requestMs);
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of Tomcat's request threads (alive ones: the pool keeps them). */
    private static long requestThreadsCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("http-nio-")) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    private static String pgVersion() {
        try {
            Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${Version}", "postgresql").start();
            String v = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor();
            return v.isEmpty() ? "" : "(Debian " + v + ")";
        } catch (Exception e) {
            return "";
        }
    }
}
