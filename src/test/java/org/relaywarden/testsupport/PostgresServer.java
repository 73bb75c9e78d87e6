package org.relaywarden.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster for tests, from Debian's package: {@code initdb} into a temporary
 * folder, {@code pg_ctl start} on a free loopback port, and gone again after {@link #close()}.
 * PostgreSQL refuses to run as root, so as root it runs as the {@code postgres} user.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "relaywarden";
    public static final String PASSWORD = "test-only-password";

    private final Path dir;
    private final Path bin;
    private final int port;

    private PostgresServer(Path dir, Path bin, int port) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
    }

    public static PostgresServer start() {
        try {
            Path bin = findBin();
            Path dir = Files.createTempDirectory("relaywarden-pg-");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            PostgresServer pg = new PostgresServer(dir, bin, port);
            Path data = dir.resolve("data");
            Path pw = dir.resolve("pw");
            Files.writeString(pw, PASSWORD);
            if (isRoot()) {
                run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
            }
            pg.asPostgres(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + pw,
                    "-A", "scram-sha-256", "-E", "UTF8", "--no-sync"));
            pg.asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60", "-l",
                    dir.resolve("log").toString(), "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
            return pg;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a private PostgreSQL", e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates a database (the cluster's default database is {@code postgres}). */
    public void createDatabase(String name) {
        asPostgres(List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER, name),
                PASSWORD);
    }

    /** Stops (fast: connections are cut, as in a failover or an operator's restart) and starts the server again. */
    public void restart() {
        asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "-t", "60",
                "-l", dir.resolve("log").toString(), "restart"));
    }

    @Override
    public void close() {
        try {
            asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w",
                    "stop"));
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary folder; the OS cleans it up eventually
            }
        }
    }

    private void asPostgres(List<String> command) {
        asPostgres(command, null);
    }

    private void asPostgres(List<String> command, String password) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true);
        if (password != null) {
            pb.environment().put("PGPASSWORD", password);
        }
        run(pb);
    }

    private static void run(List<String> command) {
        run(new ProcessBuilder(command).redirectErrorStream(true));
    }

    private static void run(ProcessBuilder pb) {
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(pb.command() + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(pb.command() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path findBin() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.naturalOrder())
                    .orElseThrow(() -> new IllegalStateException("PostgreSQL is not installed (Debian package postgresql; .ci/setup.d/30-postgresql.sh)"));
        }
    }
}
