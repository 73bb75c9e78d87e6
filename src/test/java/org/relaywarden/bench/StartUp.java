package org.relaywarden.bench;

import org.relaywarden.testsupport.Ports;
import org.relaywarden.testsupport.relay.TestPostfix;

import java.io.File;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Figure 7: Relaywarden on its embedded defaults (what {@code mvn spring-boot:run} starts: H2 in a
 * data folder, the sandbox mail server, the demo profile), each start in a JVM of its own with
 * the JVM flags that command gives it: seconds from the process start to {@code /actuator/health/readiness}
 * answering 200, and the process's resident memory after 10 s idle. A fresh data folder each
 * time, so every start creates its database.
 */
final class StartUp {

    /**
     * The flags {@code mvn spring-boot:run} starts the application with (issue 33): the plugin's optimised launch
     * ({@code -XX:TieredStopAtLevel=1}, on by default) and pom.xml's {@code spring-boot.run.jvmArguments}, which the
     * bench profile hands over as {@code bench.run.jvmArguments} (the same text docs/deployment.md gives for the jar).
     */
    static final List<String> RUN_FLAGS = runFlags();

    private static List<String> runFlags() {
        String configured = System.getProperty("bench.run.jvmArguments");
        if (configured == null || configured.isBlank() || configured.startsWith("${")) {
            throw new IllegalStateException("bench.run.jvmArguments is not set: run the bench with -Pbench (pom.xml hands over"
                    + " spring-boot.run.jvmArguments)");
        }
        List<String> flags = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1"));
        flags.addAll(Arrays.asList(configured.strip().split("\\s+")));
        return List.copyOf(flags);
    }

    private StartUp() {
    }

    static void measure(int runs) throws Exception {
        // the application's classpath: the test run's, without the test classes (their resources configure tests)
        String classpath = Arrays.stream(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                        .split(File.pathSeparator))
                .filter(e -> !e.isBlank() && !e.endsWith("test-classes") && !e.endsWith("test-classes/"))
                .collect(Collectors.joining(File.pathSeparator));
        List<Double> seconds = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            Path dir = Files.createTempDirectory("rw-bench-startup-");
            int port = Ports.freePort();
            Process p = null;
            try {
                long start = System.nanoTime();
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
                command.addAll(RUN_FLAGS);
                command.addAll(List.of("-cp", classpath, "org.relaywarden.RelaywardenApplication", "--server.port=" + port));
                p = new ProcessBuilder(command)
                        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
                while (!ready(port)) {
                    if (!p.isAlive() || System.nanoTime() - start > 180_000_000_000L) {
                        throw new IllegalStateException("start-up run " + run + " not ready:\n" + Files.readString(dir.resolve("out.log")));
                    }
                    Thread.sleep(50);
                }
                double s = (System.nanoTime() - start) / 1e9;
                Thread.sleep(10_000);
                double mib = rssMiB(p.pid());
                System.out.printf("start-up run %d: ready in %.2f s, RSS after 10 s idle %.0f MiB%n", run, s, mib);
                seconds.add(s);
                rss.add(mib);
            } finally {
                if (p != null) {
                    p.destroy();
                    if (!p.waitFor(60, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
                TestPostfix.deleteTree(dir);
            }
        }
        RelaywardenBench.row("7. start-up on the embedded defaults, to ready", "%s s; RSS idle %s MiB".formatted(
                        Spread.of(seconds).format("%.1f"), Spread.of(rss).format("%.0f")),
                "own JVM per start (%s, the flags of mvn spring-boot:run: %s; %d cores), H2 file database created at start, "
                        .formatted(Runtime.version(), String.join(" ", RUN_FLAGS), Runtime.getRuntime().availableProcessors())
                        + "sandbox mail server, "
                        + "demo profile; ready = /actuator/health/readiness 200; RSS of the process 10 s after ready; "
                        + runs + " runs; the classpath also holds the test dependencies (the bench runs from Maven's test phase)");
    }

    private static boolean ready(int port) {
        try {
            return RelaywardenBench.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private static double rssMiB(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }
}
