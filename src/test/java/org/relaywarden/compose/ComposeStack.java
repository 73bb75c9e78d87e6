package org.relaywarden.compose;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code compose/docker-compose.yml} started for real with this checkout's recipe
 * ({@code compose/standins/stack-up.sh}: rootful podman, Debian's docker-compose 1.29, the stand-in
 * images of {@code compose/standins/}, the application image built by the repository's
 * {@code compose/relaywarden/Dockerfile}), and always taken down again with {@code stack-down.sh}. The values a provider
 * puts into {@code compose/.env} are given in the environment instead (docker-compose prefers them over
 * the file), with host ports of their own; the stack makes its monitoring password and Alertmanager token
 * itself (service {@code secrets}).
 */
final class ComposeStack implements AutoCloseable {

    static final Path COMPOSE = Path.of("compose").toAbsolutePath();
    static final Path CONF = COMPOSE.resolve("standins/containers.conf");

    record Result(int exit, String out) {
        Result orThrow(String what) {
            if (exit != 0) {
                throw new IllegalStateException(what + " exited " + exit + ":\n" + out);
            }
            return this;
        }
    }

    final String project;
    final Path state;
    final Map<String, String> env = new LinkedHashMap<>();
    final String adminPassword;
    final String customerPassword;
    final int node1Port;
    final int node2Port;
    final int smtpPort;
    final int mailCatcherPort;
    final int prometheusPort;
    final int alertmanagerPort;

    /**
     * @param overrides compose files laid over the stack's own (absolute paths), e.g. a test's shorter timings
     */
    ComposeStack(String project, Path state, int basePort, List<Path> overrides) throws IOException {
        this.project = project;
        this.state = state;
        Files.createDirectories(state);
        adminPassword = random();
        customerPassword = random();
        node1Port = basePort + 1;
        node2Port = basePort + 2;
        smtpPort = basePort + 25;
        mailCatcherPort = basePort + 3;
        prometheusPort = basePort + 4;
        alertmanagerPort = basePort + 5;
        env.put("RELAYWARDEN_DB_PASSWORD", random());
        env.put("RELAYWARDEN_ADMIN_USER", "admin");
        env.put("RELAYWARDEN_ADMIN_PASSWORD", adminPassword);
        env.put("RELAY_CUSTOMER_PASSWORD", customerPassword);
        env.put("RELAYWARDEN_PUBLIC_URL", "http://localhost:" + node1Port);
        env.put("RELAYWARDEN_NODE1_PORT", String.valueOf(node1Port));
        env.put("RELAYWARDEN_NODE2_PORT", String.valueOf(node2Port));
        env.put("RELAY_SMTP_PORT", String.valueOf(smtpPort));
        env.put("MAILPIT_PORT", String.valueOf(mailCatcherPort));
        env.put("PROMETHEUS_PORT", String.valueOf(prometheusPort));
        env.put("ALERTMANAGER_PORT", String.valueOf(alertmanagerPort));
        List<String> files = new ArrayList<>(List.of("docker-compose.yml"));
        overrides.forEach(p -> files.add(p.toString()));
        env.put("COMPOSE_FILE", String.join(":", files));
        env.put("STATE", state.toString());
        env.put("PROJECT", project);
    }

    /** stack-up.sh: images, containers, both nodes healthy (it fails otherwise). */
    Result up() {
        return run(List.of("bash", COMPOSE.resolve("standins/stack-up.sh").toString()), 40);
    }

    /** stack-down.sh: containers and volumes removed, podman's API service and the health loop ended by PID. */
    @Override
    public void close() {
        run(List.of("bash", COMPOSE.resolve("standins/stack-down.sh").toString()), 5);
    }

    /** docker-compose with the stack's project, files and environment, through podman's API socket. */
    Result compose(String... args) {
        List<String> command = new ArrayList<>(List.of("docker-compose", "-p", project));
        command.addAll(List.of(args));
        return run(command, 5);
    }

    Result podman(String... args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        return run(command, 3);
    }

    /** The name of the (first) container of a service of this stack. */
    String container(String service) {
        String names = podman("ps", "-a", "--filter", "label=com.docker.compose.project=" + project,
                "--filter", "label=com.docker.compose.service=" + service, "--format", "{{.Names}}").orThrow("podman ps").out().strip();
        if (names.isEmpty()) {
            throw new IllegalStateException("no container of service " + service + " in project " + project);
        }
        return names.lines().findFirst().orElseThrow();
    }

    Result exec(String service, String... args) {
        List<String> command = new ArrayList<>(List.of("exec", container(service)));
        command.addAll(List.of(args));
        return podman(command.toArray(String[]::new));
    }

    /** A query against the stack's PostgreSQL, inside its container (no host port is published for it). */
    String sql(String query) {
        return exec("postgres", "psql", "-U", "relaywarden", "-d", "relaywarden", "-tAX", "-F", "|", "-c", query)
                .orThrow("psql " + query).out().strip();
    }

    String logs(String service, int lines) {
        return podman("logs", "--tail", String.valueOf(lines), container(service)).out();
    }

    Result run(List<String> command, int minutes) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(COMPOSE.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("CONTAINERS_CONF", CONF.toString());
        pb.environment().put("DOCKER_HOST", "unix://" + state.resolve("podman.sock"));
        pb.environment().put("COMPOSE_DOCKER_CLI_BUILD", "0");
        pb.environment().put("DOCKER_BUILDKIT", "0");
        Path log;
        try {
            log = Files.createTempFile(state, "cmd-", ".log");
            pb.redirectOutput(log.toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Result(-1, String.join(" ", command) + ": did not finish within " + minutes + " min\n" + Files.readString(log));
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            Files.delete(log);
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, String.join(" ", command) + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    static String random() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
