package org.relaywarden.testsupport;

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
 * Relaywarden as a newcomer runs it: a JVM of its own (the test's classpath, the real main class, the default
 * profile and database location relative to its working folder), stopped as a service manager or Ctrl-C stops
 * it. Its output goes to {@code target/app-logs/<name>.log}; every start appends to it.
 */
public final class ApplicationProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<String> command;
    private final Path workDir;
    private final Path log;
    public final int httpPort;
    private Process process;

    private ApplicationProcess(String name, Path workDir, int httpPort, List<String> args) {
        this.workDir = workDir;
        this.httpPort = httpPort;
        Path logs = Path.of("target", "app-logs");
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.log = logs.resolve(name + ".log").toAbsolutePath();
        // an empty entry would put the working directory on the classpath
        String classpath = Arrays.stream(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .split(File.pathSeparator)).filter(e -> !e.isBlank()).collect(Collectors.joining(File.pathSeparator));
        command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                "org.relaywarden.RelaywardenApplication", "--server.port=" + httpPort));
        command.addAll(args);
    }

    /** Starts the application in {@code workDir} on a free port and waits until it reports ready. */
    public static ApplicationProcess start(String name, Path workDir, List<String> args) {
        ApplicationProcess app = new ApplicationProcess(name, workDir, Ports.freePort(), args);
        app.launch();
        return app;
    }

    public void launch() {
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
                throw new IllegalStateException("exited with " + process.exitValue() + ":\n" + logTail());
            }
            if (ready()) {
                return;
            }
            sleep(250);
        }
        throw new IllegalStateException("not ready within 180 s:\n" + logTail());
    }

    private boolean ready() {
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

    /** SIGTERM, as systemd, docker stop and (with SIGINT's same shutdown hooks) Ctrl-C stop it; the exit code. */
    public int stop() {
        if (process == null) {
            return -1;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("did not stop within 60 s:\n" + logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stop();
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** A request as a demo user (password = user name): status and body. */
    public HttpResponse<String> call(String method, String user, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "application/json");
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Path logFile() {
        return log;
    }

    /** The lines of the log written since the last start. */
    public List<String> logOfThisStart() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            int start = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("== start ")) {
                    start = i;
                }
            }
            return lines.subList(start, lines.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String logTail() {
        List<String> lines = logOfThisStart();
        return "(log " + log + ")\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
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
