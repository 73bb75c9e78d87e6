package org.relaywarden.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One Relaywarden node as a process of its own (the test's classpath, the real main class), so a
 * test can kill it with SIGKILL and start it again. Its output goes to a log file in the work
 * folder; {@link #logTail()} shows the end of it when something fails.
 */
final class RelaywardenNode implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final Path log;
    private final List<String> command;
    final int httpPort;
    final int policyPort;
    private final Path workDir;
    private Process process;

    private RelaywardenNode(String name, Path workDir, int httpPort, int policyPort, List<String> args) {
        this.name = name;
        this.httpPort = httpPort;
        this.policyPort = policyPort;
        // logs outside the work folder (deleted after the run), where CI keeps them: target/cluster-logs
        Path logs = Path.of("target", "cluster-logs");
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.log = logs.resolve(name + ".log").toAbsolutePath();
        // an empty entry would put the working directory on the classpath (and with it a second bpmn/ folder)
        String classpath = Arrays.stream(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .split(File.pathSeparator)).filter(e -> !e.isBlank()).collect(Collectors.joining(File.pathSeparator));
        this.workDir = workDir;
        command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                "org.relaywarden.RelaywardenApplication",
                "--server.port=" + httpPort,
                "--relaywarden.cluster.node-id=" + name,
                // the cluster tests open dozens of cases within minutes: the blast-radius guard is off (BlastRadiusTest)
                "--relaywarden.alerts.blast-radius.max-cases=0",
                // a JVM of its own: the engine keeps the name "default" that Camunda's REST API looks for
                "--relaywarden.policy.port=" + policyPort));
        command.addAll(args);
    }

    /** Starts the node and waits until it reports ready. */
    static RelaywardenNode start(String name, Path workDir, int httpPort, int policyPort, List<String> args) {
        RelaywardenNode node = new RelaywardenNode(name, workDir, httpPort, policyPort, args);
        node.launch();
        return node;
    }

    void launch() {
        try {
            Files.writeString(log, "== start " + Instant.now() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + name + " exited with " + process.exitValue() + ":\n" + logTail());
            }
            if (ready()) {
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException("node " + name + " not ready within 180 s:\n" + logTail());
    }

    boolean ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri("/actuator/health/readiness")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String name() {
        return name;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no lease given back, jobs stay locked until their lock time runs out. */
    void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM: Spring closes the context (leases given back). */
    void stop() {
        if (alive()) {
            process.destroy();
            waitFor();
        }
    }

    private void waitFor() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** A request as a demo user (password = user name); the status and the parsed body (null if none). */
    Response call(String method, String user, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "application/json");
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body() == null || r.body().isBlank() ? null : JSON.readTree(r.body());
            return new Response(r.statusCode(), body);
        } catch (IOException e) {
            return new Response(-1, JSON.createObjectNode().put("error", e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response post(String user, String path, String json) {
        return call("POST", user, path, json);
    }

    Response get(String user, String path) {
        return call("GET", user, path, null);
    }

    record Response(int status, JsonNode body) {
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> causes = lines.stream().filter(l -> l.startsWith("Caused by") || l.contains(" ERROR ")).limit(15).toList();
            return "(log " + log + ")\n" + String.join("\n", causes) + "\n...\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Writes the node's threads next to its log (when a test gives up waiting: what was it doing?). */
    void threadDump() {
        if (!alive()) {
            return;
        }
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), "Thread.print").redirectErrorStream(true)
                    .redirectOutput(log.resolveSibling(name + "-threads-" + System.currentTimeMillis() + ".txt").toFile())
                    .start().waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            // best effort
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Path logFile() {
        return log;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
