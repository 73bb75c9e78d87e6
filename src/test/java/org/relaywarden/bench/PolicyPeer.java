package org.relaywarden.bench;

import org.relaywarden.testsupport.relay.TestPostfix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One of the policy daemons providers use for per-account limits, as Debian packages it
 * ({@code .ci/bench-setup.sh} installs them), started privately on a loopback port with its own
 * configuration and stopped again: postfwd2 and policyd-rate-limit. Both get the same rule as
 * Relaywarden's benchmark: {@link #LIMIT} per {@link #WINDOW_SECONDS} seconds per SASL login.
 */
final class PolicyPeer implements AutoCloseable {

    static final int LIMIT = 100;
    static final int WINDOW_SECONDS = 3600;

    final String name;
    final String setup;
    final int port;
    private final Path dir;
    private final Process process;
    private final Runnable stop;

    private PolicyPeer(String name, String setup, int port, Path dir, Process process, Runnable stop) {
        this.name = name;
        this.setup = setup;
        this.port = port;
        this.dir = dir;
        this.process = process;
        this.stop = stop;
    }

    /**
     * policyd-rate-limit (Python, one process, select loop, SQLite as Debian's default backend):
     * runs in the foreground, drops to its package's user. The package's defaults except the socket,
     * the files and the limit; {@code debug: False} (the package default logs every request to stderr).
     */
    static PolicyPeer policydRateLimit(int port) throws IOException {
        return policydRateLimit(port, LIMIT, WINDOW_SECONDS);
    }

    /** The same with another limit: {@code limit} RCPT requests per {@code seconds} per SASL login. */
    static PolicyPeer policydRateLimit(int port, int limit, int seconds) throws IOException {
        Path dir = tempDir("rw-bench-prl-");
        Files.writeString(dir.resolve("policyd-rate-limit.yaml"), """
                debug: False
                user: "policyd-rate-limit"
                group: "policyd-rate-limit"
                pidfile: "%1$s/policyd-rate-limit.pid"
                sqlite_config:
                    database: "%1$s/db.sqlite3"
                backend: 0
                SOCKET: ["127.0.0.1", %2$d]
                limits:
                    - [%3$d, %4$d]
                limits_by_id: {}
                limit_by_sasl: True
                limit_by_sender: False
                limit_by_ip: False
                limited_networks: []
                success_action: "dunno"
                fail_action: "defer_if_permit Rate limit reach, retry later"
                db_error_action: "dunno"
                report: False
                delay_to_close: 300
                """.formatted(dir, port, limit, seconds));
        Process p = new ProcessBuilder("/usr/bin/python3", "/usr/bin/policyd-rate-limit", "-f",
                dir.resolve("policyd-rate-limit.yaml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stderr.log").toFile()).start();
        PolicyPeer peer = new PolicyPeer("policyd-rate-limit " + version("policyd-rate-limit"),
                "Debian package, limits [[%d, %d]] by sasl_username, SQLite backend (package default), one process"
                        .formatted(limit, seconds), port, dir, p, () -> { });
        peer.awaitReady();
        return peer;
    }

    /**
     * postfwd2 (Perl, Net::Server pre-forking: one child per open connection, plus a cache daemon
     * that keeps the rate counters): the package's default arguments ({@code /etc/default/postfwd})
     * and enough children for every connection. postfwd2 needs a syslog socket and the machine has
     * none, so it runs in a mount namespace of its own with a private {@code /dev} whose
     * {@code /dev/log} is read (and written to a file) by a small sink; nothing outside changes.
     */
    static PolicyPeer postfwd(int port, int connections) throws IOException {
        Path dir = tempDir("rw-bench-postfwd-");
        Path run = Files.createDirectories(dir.resolve("run"));
        command("chown", "nobody", run.toString());
        Files.writeString(dir.resolve("postfwd.cf"), """
                # %1$d messages per %2$d s per SASL login; like policyd-rate-limit, counted per RCPT request
                id=RATE_PER_LOGIN; protocol_state==RCPT; sasl_username=~.; action=rate(sasl_username/%1$d/%2$d/450 4.7.1 rate limit reached)
                """.formatted(LIMIT, WINDOW_SECONDS));
        String args = "--summary=600 --cache=600 --cache-rdomain-only --cache-no-size"
                + " --min_servers " + connections + " --max_servers " + (connections + 14)
                + " --min_spare_servers 2 --max_spare_servers 10";
        Files.writeString(dir.resolve("start.sh"), """
                set -e
                d=%1$s/dev
                mkdir -p $d
                for n in null zero random urandom; do touch $d/$n; mount --bind /dev/$n $d/$n; done
                ln -s /proc/self/fd $d/fd
                mount --rbind $d /dev
                /usr/bin/python3 -c '
                import os, socket, sys
                s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                s.bind("/dev/log")
                os.chmod("/dev/log", 0o666)
                with open(sys.argv[1], "ab", buffering=0) as log:
                    while True:
                        log.write(s.recv(65536) + b"\\n")
                ' %1$s/syslog &
                while [ ! -S /dev/log ]; do sleep 0.05; done
                /usr/sbin/postfwd2 %2$s -f %1$s/postfwd.cf -i 127.0.0.1 -p %3$d --cache_port %1$s/run/cache.sock \
                    -u nobody -g nogroup --pidfile %1$s/run/postfwd2.pid
                wait
                """.formatted(dir, args, port));
        Process p = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", dir.resolve("start.sh").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("start.log").toFile()).start();
        Runnable stop = () -> killNamespace(p);
        PolicyPeer peer = new PolicyPeer("postfwd2 " + version("postfwd"),
                ("Debian package, rate(sasl_username/%d/%d) on RCPT, package default arguments, %d pre-forked children, "
                        + "syslog to a file").formatted(LIMIT, WINDOW_SECONDS, connections), port, dir, p, stop);
        peer.awaitReady();
        return peer;
    }

    /** How often the peer logged it could not use its database (then it answers {@code db_error_action}, here DUNNO). */
    long databaseErrors() {
        try {
            Path log = dir.resolve("stderr.log");
            return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.startsWith("Database error")).count() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        try {
            TestPostfix.awaitPort(port);
        } catch (IllegalStateException e) {
            close();
            throw new IllegalStateException(name + " did not start; see " + dir, e);
        }
    }

    /** Every process in the mount namespace of {@code p} (postfwd daemonizes away from it), by process id. */
    private static void killNamespace(Process p) {
        try {
            Path ns = Files.readSymbolicLink(Path.of("/proc/" + p.pid() + "/ns/mnt"));
            Path own = Files.readSymbolicLink(Path.of("/proc/self/ns/mnt"));
            if (ns.equals(own)) {
                p.destroy();
                return;
            }
            for (int round = 0; round < 20; round++) {
                List<Long> pids = new ArrayList<>();
                ProcessHandle.allProcesses().forEach(h -> {
                    try {
                        if (Files.readSymbolicLink(Path.of("/proc/" + h.pid() + "/ns/mnt")).equals(ns)) {
                            pids.add(h.pid());
                        }
                    } catch (IOException | UncheckedIOException ignored) {
                        // gone, or not ours to read
                    }
                });
                if (pids.isEmpty()) {
                    return;
                }
                pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(h -> {
                    if (!h.destroy()) {
                        command("kill", pid.toString());
                    }
                }));
                Thread.sleep(250);
            }
        } catch (IOException e) {
            p.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path tempDir(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), prefix);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        return dir;
    }

    static String version(String pkg) {
        try {
            Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${Version}", pkg).redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor(10, TimeUnit.SECONDS);
            return p.exitValue() == 0 ? v : "(not installed: run .ci/bench-setup.sh)";
        } catch (IOException | InterruptedException e) {
            return "(unknown version)";
        }
    }

    static boolean installed(String pkg) {
        return !version(pkg).startsWith("(");
    }

    private static void command(String... argv) {
        try {
            new ProcessBuilder(argv).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop.run();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TestPostfix.deleteTree(dir);
    }
}
