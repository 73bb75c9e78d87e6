package org.relaywarden.enforcement.exim.support;

import org.relaywarden.testsupport.Ports;
import org.relaywarden.enforcement.command.Command;
import org.relaywarden.enforcement.command.CommandResult;
import org.relaywarden.enforcement.command.LocalCommandRunner;
import org.relaywarden.enforcement.exim.EximProperties;
import org.relaywarden.testsupport.relay.Flood;
import org.relaywarden.testsupport.relay.TestPostfix;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * A private Exim 4.96 instance for tests: Debian's exim4-daemon-heavy unpacked into
 * {@link #PREFIX} ({@code .ci/setup.d/60-exim.sh}; installing the package would remove Postfix),
 * run with {@code -C} its own configuration: its own spool, log folder and loopback port, SMTP
 * AUTH (PLAIN and LOGIN) against a password file, everything relayed to one loopback port (a
 * {@code SmtpSink}, or nothing: then mail stays deferred), no queue runner. With a policy
 * service, the ACL blocks of {@code docs/exim.md} as written ({@link DocumentedEximAcl}), asking through the
 * doc's Perl client unless told to use {@code ${readsocket}}. Needs root.
 */
public final class TestExim implements AutoCloseable {

    public static final Path PREFIX = Path.of("/opt/relaywarden-exim");
    public static final Path EXIM = PREFIX.resolve("usr/sbin/exim4");
    public static final Path EXIPICK = PREFIX.resolve("usr/sbin/exipick");
    public static final String HOLD_QUEUE = "relaywarden_hold";
    public static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final LocalCommandRunner RUNNER = new LocalCommandRunner();

    private final Path root;
    private final String name;
    private final int smtpPort;
    private boolean started;

    private TestExim(Path root, String name, int smtpPort) {
        this.root = root;
        this.name = name;
        this.smtpPort = smtpPort;
    }

    public static final class Builder {
        private final String name;
        private int relayPort = 9;
        private Integer policyPort;
        private DocumentedEximAcl.PolicyClient client = DocumentedEximAcl.PolicyClient.PERL;
        private final Map<String, String> users = new LinkedHashMap<>();
        private final Map<String, String> extra = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        /** Where everything is relayed to (127.0.0.1:port); default 9 (nothing listens: mail stays deferred). */
        public Builder relayTo(int port) {
            this.relayPort = port;
            return this;
        }

        /** The ACL blocks of {@code docs/exim.md}, asking the policy service at this loopback port through the Perl client. */
        public Builder policyService(int port) {
            return policyService(port, DocumentedEximAcl.PolicyClient.PERL);
        }

        /** The ACL blocks of {@code docs/exim.md}, asking the policy service at this loopback port as {@code client} does. */
        public Builder policyService(int port, DocumentedEximAcl.PolicyClient client) {
            this.policyPort = port;
            this.client = client;
            return this;
        }

        public Builder user(String login, String password) {
            users.put(login, password);
            return this;
        }

        /** A main-section option (added after the test defaults). */
        public Builder set(String option, String value) {
            extra.put(option, value);
            return this;
        }

        public TestExim build() {
            try {
                return create(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    private static TestExim create(Builder b) throws IOException {
        if (!Files.isExecutable(EXIM) || !Files.isExecutable(EXIPICK)) {
            throw new IllegalStateException(EXIM + " or " + EXIPICK + " missing: run .ci/setup.d/60-exim.sh as root");
        }
        Path root = Files.createTempDirectory(Path.of("/tmp"), "rw-exim-" + b.name + "-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path spool = Files.createDirectories(root.resolve("spool"));
        Path logs = Files.createDirectories(root.resolve("log"));
        run("/bin/chown", "Debian-exim:Debian-exim", spool.toString(), logs.toString());
        int port = Ports.freePort();
        TestExim exim = new TestExim(root, b.name, port);
        Files.writeString(exim.suspendedFile(), "");
        StringBuilder passwords = new StringBuilder();
        b.users.forEach((login, pw) -> passwords.append(login).append(": ").append(pw).append('\n'));
        Files.writeString(exim.passwordFile(), passwords);

        DocumentedEximAcl.Blocks acl = b.policyPort == null ? null
                : DocumentedEximAcl.blocks(b.policyPort, exim.suspendedFile(), b.client, exim.perlClientFile());
        if (acl != null && acl.perl() != null) {
            Files.writeString(exim.perlClientFile(), acl.perl());
        }
        StringBuilder c = new StringBuilder();
        if (acl != null) {
            c.append(acl.macros());
        }
        Map<String, String> main = new LinkedHashMap<>();
        main.put("primary_hostname", b.name + ".test");
        main.put("qualify_domain", b.name + ".test");
        main.put("spool_directory", spool.toString());
        main.put("log_file_path", logs + "/%slog");
        main.put("exim_path", EXIM.toString());
        main.put("exim_user", "Debian-exim");
        main.put("exim_group", "Debian-exim");
        main.put("local_interfaces", "127.0.0.1");
        main.put("daemon_smtp_ports", String.valueOf(port));
        main.put("keep_environment", "");
        main.put("tls_advertise_hosts", "");
        main.put("host_lookup", "");
        main.put("rfc1413_hosts", "");
        main.put("smtp_accept_queue_per_connection", "0");
        main.put("smtp_accept_max", "100");
        main.put("acl_smtp_rcpt", "acl_check_rcpt");
        main.put("acl_smtp_data", "acl_check_data");
        main.putAll(b.extra);
        main.forEach((k, v) -> c.append(k).append(" = ").append(v).append('\n'));
        c.append("\nbegin acl\n\nacl_check_rcpt:\n");
        if (acl != null) {
            c.append(acl.rcpt());
        }
        c.append("  accept  authenticated = *\n");
        c.append("  deny    message = relay not permitted\n\n");
        c.append("acl_check_data:\n");
        if (acl != null) {
            c.append(acl.data());
        }
        c.append("  accept\n\n");
        c.append("""
                begin routers

                outbound:
                  driver = manualroute
                  route_list = * 127.0.0.1
                  self = send
                  transport = outbound_smtp

                begin transports

                outbound_smtp:
                  driver = smtp
                  port = %d
                  allow_localhost
                  connect_timeout = 5s

                begin retry

                *   *   F,5d,1h

                begin authenticators

                plain:
                  driver = plaintext
                  public_name = PLAIN
                  server_prompts = :
                  server_condition = ${if and{{!eq{$auth3}{}}{eq{$auth3}{${lookup{$auth2}lsearch{%s}}}}}}
                  server_set_id = $auth2

                login:
                  driver = plaintext
                  public_name = LOGIN
                  server_prompts = Username:: : Password::
                  server_condition = ${if and{{!eq{$auth2}{}}{eq{$auth2}{${lookup{$auth1}lsearch{%s}}}}}}
                  server_set_id = $auth1
                """.formatted(b.relayPort, exim.passwordFile(), exim.passwordFile()));
        Files.writeString(exim.configFile(), c);
        CommandResult check = RUNNER.run(exim.command("-bV"));
        if (!check.ok()) {
            throw new IllegalStateException("exim -bV refuses the test configuration: " + check.stderr() + check.stdoutText());
        }
        return exim;
    }

    /** Starts the daemon (no queue runner) and waits for its port. */
    public TestExim start() {
        RUNNER.run(command("-bd", "-oX", String.valueOf(smtpPort), "-oP", pidFile().toString())).orThrow();
        started = true;
        TestPostfix.awaitPort(smtpPort);
        return this;
    }

    public void stop() {
        if (!started) {
            return;
        }
        started = false;
        try {
            String pid = Files.readString(pidFile()).strip();
            RUNNER.run(Command.of(TIMEOUT, "/bin/kill", "-TERM", pid));
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (Files.exists(Path.of("/proc", pid)) && System.nanoTime() < until) {
                Thread.sleep(50);
            }
        } catch (IOException e) {
            // no pid file: nothing to stop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * CPU time (user and system) of the daemon and of its SMTP processes that ended, in nanoseconds: waits up to 5 s
     * for the daemon to reap its children first (an ended child's time is added to the daemon's once it is reaped).
     */
    public long cpuNanos() {
        try {
            String pid = Files.readString(pidFile()).strip();
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (hasChildren(pid) && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14-17 of proc(5) (utime, stime, cutime, cstime), here from field 3 on: in clock ticks (100 a second)
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return ticks * 10_000_000L;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean hasChildren(String pid) throws IOException {
        Path children = Path.of("/proc", pid, "task", pid, "children");
        return Files.exists(children) && !Files.readString(children).isBlank();
    }

    /** {@code exim -C config ARGS}. */
    public Command command(String... args) {
        List<String> argv = new ArrayList<>(List.of(EXIM.toString(), "-C", configFile().toString()));
        argv.addAll(List.of(args));
        return new Command(argv, null, TIMEOUT);
    }

    public CommandResult exim(String... args) {
        return RUNNER.run(command(args));
    }

    /**
     * Relays to another loopback port from now on: every delivery is a new exim process that reads the
     * configuration again; the daemon is told too (SIGHUP).
     */
    public void reroute(int port) {
        try {
            String conf = Files.readString(configFile());
            String changed = conf.replaceFirst("(?m)^  port = \\d+$", "  port = " + port);
            if (changed.equals(conf)) {
                throw new IllegalStateException("no transport port in " + configFile());
            }
            Files.writeString(configFile(), changed);
            if (started) {
                RUNNER.run(Command.of(TIMEOUT, "/bin/kill", "-HUP", Files.readString(pidFile()).strip())).orThrow();
                Thread.sleep(500);
                TestPostfix.awaitPort(smtpPort);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs every queued message of the default queue now, also those waiting for their retry time ({@code -qf}); frozen
     * ones (held at their end of data) stay frozen, as a provider's queue runner leaves them: {@code -qff} would thaw
     * and deliver them (issue #29).
     */
    public void flush() {
        exim("-qf").orThrow();
    }

    /** Queue ids of the messages in the default queue ("") or a named one (their {@code -H} files). */
    public List<String> queued(String queue) {
        Path input = queue.isEmpty() ? spool().resolve("input") : spool().resolve(queue).resolve("input");
        if (!Files.isDirectory(input)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(input)) {
            return files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith("-H"))
                    .map(f -> f.substring(0, f.length() - 2)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the default queue's message {@code id} is frozen (false once it is gone: delivered meanwhile). */
    public boolean frozen(String id) {
        try {
            return Files.readString(spool().resolve("input/" + id + "-H")).contains("\n-frozen ");
        } catch (IOException gone) {
            return false;
        }
    }

    /**
     * The messages Relaywarden's {@code HOLD} covers on Exim (docs/exim.md): the hold queue's and the default queue's
     * frozen ones (held at their end of data).
     */
    public int held() {
        return queued(HOLD_QUEUE).size() + (int) queued("").stream().filter(this::frozen).count();
    }

    public String mainlog() {
        try {
            Path log = root.resolve("log/mainlog");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the suspended-logins file as Relaywarden would (a new file renamed over the old). */
    public void writeSuspended(String content) {
        try {
            Path tmp = root.resolve("suspended.new");
            Files.writeString(tmp, content);
            Files.move(tmp, suspendedFile(), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void addUser(String login, String password) {
        try {
            Files.writeString(passwordFile(), login + ": " + password + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(String... argv) {
        RUNNER.run(new Command(List.of(argv), null, TIMEOUT)).orThrow();
    }

    /** Points a Spring Boot test's Relaywarden at this instance as relay {@code relayName}, with its policy service on {@code policyPort}. */
    public void registerAsRelay(DynamicPropertyRegistry registry, String relayName,
                                int policyPort) {
        relaywardenProperties(relayName, policyPort).forEach((k, v) -> registry.add(k, () -> v));
    }

    /** The same settings as {@link #registerAsRelay} as a map, for an application context started by hand (the bench). */
    public Map<String, String> relaywardenProperties(String relayName, int policyPort) {
        String p = "relaywarden.exim.relays." + relayName + ".";
        Map<String, String> m = new LinkedHashMap<>();
        m.put(p + "binary", EXIM.toString());
        m.put(p + "config", configFile().toString());
        m.put(p + "spool-directory", spool().toString());
        m.put(p + "exipick", EXIPICK.toString());
        m.put(p + "suspended-file", suspendedFile().toString());
        m.put(p + "mainlog", mainlogFile().toString());
        m.put("relaywarden.policy.port", String.valueOf(policyPort));
        return m;
    }

    /** The relay's settings as {@code relaywarden.exim.relays.NAME.*} would give them. */
    public EximProperties.RelayProperties relayProperties() {
        return new EximProperties.RelayProperties("local", EXIM, configFile(), spool(), EXIPICK,
                suspendedFile(), mainlogFile(), null);
    }

    /** Sends like {@code Flood.submit} and returns Exim's message ids of the accepted messages ({@code 250 OK id=...}). */
    public List<String> flood(String login, String password, String sender, int count, int sessions,
                              IntFunction<String> message) {
        return Flood.submit(smtpPort, login, password, sender, count, sessions, message)
                .stream().map(id -> id.startsWith("id=") ? id.substring(3) : id).toList();
    }

    public Path root() {
        return root;
    }

    public Path configFile() {
        return root.resolve("exim.conf");
    }

    public Path spool() {
        return root.resolve("spool");
    }

    public Path mainlogFile() {
        return root.resolve("log/mainlog");
    }

    public Path suspendedFile() {
        return root.resolve("relaywarden_suspended");
    }

    /** Where the policy client of docs/exim.md is written (with {@link DocumentedEximAcl.PolicyClient#PERL}). */
    public Path perlClientFile() {
        return root.resolve("relaywarden.pl");
    }

    public Path passwordFile() {
        return root.resolve("passwd");
    }

    private Path pidFile() {
        return root.resolve("exim.pid");
    }

    public int smtpPort() {
        return smtpPort;
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        stop();
        TestPostfix.deleteTree(root);
    }
}
