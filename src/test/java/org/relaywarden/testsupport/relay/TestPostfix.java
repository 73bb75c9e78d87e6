package org.relaywarden.testsupport.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.relaywarden.testsupport.Ports;
import org.relaywarden.enforcement.command.Command;
import org.relaywarden.enforcement.command.CommandResult;
import org.relaywarden.enforcement.command.LocalCommandRunner;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A private Postfix instance for tests: its own configuration, queue and data folders under one
 * temporary folder, no chroot, its own log file, Cyrus sasldb users, listening on a loopback
 * port. Needs root and the Debian packages postfix, sasl2-bin, libsasl2-modules
 * ({@code .ci/setup.d/10-postfix.sh} installs them).
 */
public final class TestPostfix implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final LocalCommandRunner RUNNER = new LocalCommandRunner();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final String name;
    private final int smtpPort;
    private boolean started;

    private TestPostfix(Path root, String name, int smtpPort) {
        this.root = root;
        this.name = name;
        this.smtpPort = smtpPort;
    }

    /** How the instance is set up. */
    public static final class Builder {
        private final String name;
        private String relayhost;
        private Integer policyPort;
        private PolicyWiring wiring = PolicyWiring.AS_DOCUMENTED;
        private boolean accessMap = true;
        private final Map<String, String> users = new LinkedHashMap<>();
        private String clientLogin;
        private String clientPassword;
        private boolean openToLoopback;
        private final Map<String, String> extra = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        /** Where everything is relayed to, e.g. {@code [127.0.0.1]:2526}. */
        public Builder relayhost(String hostPort) {
            this.relayhost = hostPort;
            return this;
        }

        /**
         * Wires Relaywarden's policy service at this loopback port into the restriction lists, exactly as
         * {@code docs/postfix.md} tells a provider to (see {@link PolicyWiring#AS_DOCUMENTED}).
         */
        public Builder policyService(int port) {
            this.policyPort = port;
            return this;
        }

        /** Wires the policy service at this port in another way (counting tests, peers of the benchmark). */
        public Builder policyService(int port, PolicyWiring wiring) {
            this.policyPort = port;
            this.wiring = wiring;
            return this;
        }

        public Builder withoutAccessMap() {
            this.accessMap = false;
            return this;
        }

        /** A Cyrus sasldb user for SMTP AUTH, {@code local@domain}. */
        public Builder user(String login, String password) {
            users.put(login, password);
            return this;
        }

        /** The instance authenticates to its relayhost with this login ({@code smtp_sasl_auth_enable}). */
        public Builder relayAuth(String login, String password) {
            this.clientLogin = login;
            this.clientPassword = password;
            return this;
        }

        /** Accepts mail from loopback without authentication (a customer's own server). */
        public Builder openToLoopback() {
            this.openToLoopback = true;
            return this;
        }

        public Builder set(String parameter, String value) {
            extra.put(parameter, value);
            return this;
        }

        public TestPostfix build() {
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

    /**
     * The seed's customer: its own Postfix, open to loopback (the cracked user submits there), relaying
     * everything through {@code provider} with SMTP AUTH as {@code login}, retrying only when flushed
     * (its backoff is an hour). Started.
     */
    public static TestPostfix customerOf(String name, TestPostfix provider, String login, String password) {
        return customerOf(name, provider.smtpPort(), login, password);
    }

    /**
     * A customer's own Postfix (started) that relays through the provider's relay on {@code relayPort} (Postfix, Exim or
     * qmail) with SMTP AUTH as {@code login}, and retries deferred mail only when flushed.
     */
    public static TestPostfix customerOf(String name, int relayPort, String login, String password) {
        return named(name).withoutAccessMap().openToLoopback().relayhost("[127.0.0.1]:" + relayPort)
                .relayAuth(login, password).set("minimal_backoff_time", "1h").set("maximal_backoff_time", "2h").build().start();
    }

    /** Closes each (nulls skipped, failures ignored) and deletes the folder, if any: a test class's teardown. */
    public static void closeAll(Path folder, AutoCloseable... all) {
        for (AutoCloseable c : all) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
        if (folder != null) {
            deleteTree(folder);
        }
    }

    private static TestPostfix create(Builder b) throws IOException {
        Path root = Files.createTempDirectory(Path.of("/tmp"), "rw-postfix-" + b.name + "-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path conf = Files.createDirectories(root.resolve("conf"));
        Files.createDirectories(root.resolve("queue"));
        Path data = Files.createDirectories(root.resolve("data"));
        Files.createDirectories(conf.resolve("sasl"));
        int port = Ports.freePort();
        TestPostfix pf = new TestPostfix(root, b.name, port);

        List<String> main = new ArrayList<>(List.of(
                "compatibility_level = 3.6",
                "config_directory = " + conf,
                "queue_directory = " + root.resolve("queue"),
                "data_directory = " + data,
                "mail_owner = postfix",
                "setgid_group = postdrop",
                "myhostname = " + b.name + ".test",
                "mydomain = " + b.name + ".test",
                "myorigin = " + b.name + ".test",
                "mydestination =",
                "local_recipient_maps =",
                "inet_interfaces = 127.0.0.1",
                "inet_protocols = ipv4",
                "mynetworks = " + (b.openToLoopback ? "127.0.0.0/8" : "127.0.0.254/32"),
                "maillog_file = " + root.resolve("maillog"),
                "maillog_file_prefixes = /var, /dev/stdout, /tmp",
                "enable_long_queue_ids = yes",
                "shlib_directory = /usr/lib/postfix",
                "daemon_directory = /usr/lib/postfix/sbin",
                "meta_directory = /etc/postfix",
                "alternate_config_directories = " + conf,
                "smtputf8_enable = no",
                "biff = no",
                "smtpd_banner = $myhostname ESMTP",
                "smtp_connect_timeout = 5s",
                "delay_warning_time = 0",
                "smtpd_error_sleep_time = 0",
                "smtpd_soft_error_limit = 1000",
                "smtpd_hard_error_limit = 2000",
                "default_process_limit = 20"));
        if (b.relayhost != null) {
            main.add("relayhost = " + b.relayhost);
        }
        List<String> recipient = new ArrayList<>();
        List<Path> maps = new ArrayList<>();
        if (!b.users.isEmpty()) {
            main.add("smtpd_sasl_auth_enable = yes");
            main.add("smtpd_sasl_type = cyrus");
            main.add("smtpd_sasl_path = smtpd");
            Files.writeString(conf.resolve("sasl/smtpd.conf"), "pwcheck_method: auxprop\nauxprop_plugin: sasldb\n"
                    + "mech_list: PLAIN LOGIN\nsasldb_path: " + conf.resolve("sasldb2") + "\n");
            for (Map.Entry<String, String> u : b.users.entrySet()) {
                pf.addUser(u.getKey(), u.getValue());
            }
        }
        if (b.policyPort != null && b.wiring == PolicyWiring.AS_DOCUMENTED) {
            if (!b.accessMap) {
                throw new IllegalArgumentException("the documented main.cf names the access map: do not combine it with withoutAccessMap()");
            }
            Files.writeString(pf.accessMap(), "");
            maps.add(pf.accessMap());
            DocumentedMainCf.parameters(b.policyPort, pf.accessMap()).forEach((k, v) -> main.add(k + " = " + v));
            if (b.openToLoopback) {
                main.add("smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination");
            }
        } else {
            if (b.policyPort != null && b.wiring == PolicyWiring.AS_POLICYD_RATE_LIMIT_DOCUMENTS) {
                recipient.add("check_policy_service { inet:127.0.0.1:" + b.policyPort + ", default_action=DUNNO }");
            } else if (b.policyPort != null) {
                String braces = "check_policy_service { inet:127.0.0.1:" + b.policyPort + ", default_action=DUNNO, timeout=2s }";
                if (b.wiring != PolicyWiring.END_OF_DATA_ONLY) {
                    recipient.add(braces);
                }
                if (b.wiring == PolicyWiring.BRACES_IN_BOTH_PLACES || b.wiring == PolicyWiring.END_OF_DATA_ONLY) {
                    main.add("smtpd_end_of_data_restrictions = " + braces);
                }
                main.add("smtpd_policy_service_default_action = DUNNO");
                main.add("smtpd_policy_service_timeout = 2s");
                main.add("smtpd_policy_service_try_limit = 1");
            }
            if (b.accessMap) {
                Files.writeString(pf.accessMap(), "");
                maps.add(pf.accessMap());
                recipient.add("check_sasl_access hash:" + pf.accessMap());
            }
            recipient.add("permit_sasl_authenticated");
            if (b.openToLoopback) {
                recipient.add("permit_mynetworks");
            }
            recipient.add("reject");
            main.add("smtpd_relay_restrictions = " + (b.openToLoopback ? "permit_mynetworks, " : "")
                    + "permit_sasl_authenticated, reject_unauth_destination");
            main.add("smtpd_recipient_restrictions = " + String.join(", ", recipient));
        }
        if (b.clientLogin != null) {
            Path passwords = conf.resolve("sasl_passwd");
            Files.writeString(passwords, b.relayhost + " " + b.clientLogin + ":" + b.clientPassword + "\n");
            maps.add(passwords);
            main.add("smtp_sasl_auth_enable = yes");
            main.add("smtp_sasl_password_maps = hash:" + passwords);
            main.add("smtp_sasl_security_options = noanonymous");
            main.add("smtp_tls_security_level = none");
        }
        b.extra.forEach((k, v) -> main.add(k + " = " + v));
        Files.writeString(conf.resolve("main.cf"), lastDefinitionWins(main));
        Files.writeString(conf.resolve("master.cf"), masterCf(port));
        for (Path map : maps) {
            run("postmap", "-c", conf.toString(), "hash:" + map);
        }
        run("chown", "-R", "postfix", data.toString());
        run("postfix", "-c", conf.toString(), "check");
        return pf;
    }

    /** main.cf text with each parameter once, at its first place, with the value of its last definition. */
    private static String lastDefinitionWins(List<String> lines) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            byName.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        StringBuilder sb = new StringBuilder();
        byName.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        return sb.toString();
    }

    private static String masterCf(int port) {
        return """
                %d inet n - n - - smtpd
                pickup unix n - n 60 1 pickup
                cleanup unix n - n - 0 cleanup
                qmgr unix n - n 300 1 qmgr
                tlsmgr unix - - n 1000? 1 tlsmgr
                rewrite unix - - n - - trivial-rewrite
                bounce unix - - n - 0 bounce
                defer unix - - n - 0 bounce
                trace unix - - n - 0 bounce
                verify unix - - n - 1 verify
                flush unix n - n 1000? 0 flush
                proxymap unix - - n - - proxymap
                proxywrite unix - - n - 1 proxymap
                smtp unix - - n - - smtp
                relay unix - - n - - smtp
                showq unix n - n - - showq
                error unix - - n - - error
                retry unix - - n - - error
                discard unix - - n - - discard
                local unix - n n - - local
                virtual unix - n n - - virtual
                lmtp unix - - n - - lmtp
                anvil unix - - n - 1 anvil
                scache unix - - n - 1 scache
                postlog unix-dgram n - n - 1 postlogd
                """.formatted(port);
    }

    public void addUser(String login, String password) {
        int at = login.indexOf('@');
        Path sasldb = configDir().resolve("sasldb2");
        CommandResult r = RUNNER.run(new Command(List.of("/usr/sbin/saslpasswd2", "-p", "-f", sasldb.toString(), "-c", "-u",
                login.substring(at + 1), login.substring(0, at)), password.getBytes(StandardCharsets.UTF_8), TIMEOUT));
        r.orThrow();
        run("chgrp", "postfix", sasldb.toString());
        run("chmod", "640", sasldb.toString());
    }

    public TestPostfix start() {
        run("postfix", "-c", configDir().toString(), "start");
        started = true;
        awaitPort(smtpPort);
        return this;
    }

    public void stop() {
        if (started) {
            RUNNER.run(Command.of(TIMEOUT, "/usr/sbin/postfix", "-c", configDir().toString(), "stop"));
            started = false;
        }
    }

    public static void awaitPort(int port) {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("nothing listens on 127.0.0.1:" + port);
    }

    /** Runs a Postfix tool with {@code -c} this instance's configuration directory. */
    public CommandResult tool(String tool, String... args) {
        List<String> argv = new ArrayList<>(List.of("/usr/sbin/" + tool, "-c", configDir().toString()));
        argv.addAll(List.of(args));
        return RUNNER.run(new Command(argv, null, TIMEOUT));
    }

    /** How many messages are in each queue (postqueue -j). */
    public Map<String, Integer> queueCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String line : tool("postqueue", "-j").orThrow().stdoutText().split("\n")) {
            int i = line.indexOf("\"queue_name\": \"");
            if (i >= 0) {
                String q = line.substring(i + 15, line.indexOf('"', i + 15));
                counts.merge(q, 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * The recipients each queued message still has to be delivered to ({@code postqueue -j}), one list a message: a
     * message some of whose recipients the next hop accepted keeps only the others.
     */
    public List<List<String>> queuedRecipients() {
        List<List<String>> messages = new ArrayList<>();
        for (String line : tool("postqueue", "-j").orThrow().stdoutText().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                List<String> recipients = new ArrayList<>();
                for (JsonNode r : JSON.readTree(line).path("recipients")) {
                    recipients.add(r.path("address").asText());
                }
                messages.add(recipients);
            } catch (IOException e) {
                throw new UncheckedIOException("postqueue -j printed a line that is not JSON: " + line, e);
            }
        }
        return messages;
    }

    public int queued() {
        return queueCounts().values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Flushes the queue ({@code postqueue -f}): deferred mail is tried again now. */
    public void flush() {
        tool("postqueue", "-f").orThrow();
    }

    public String maillog() {
        try {
            Path log = root.resolve("maillog");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(String program, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(program.startsWith("/") ? program : which(program));
        argv.addAll(List.of(args));
        RUNNER.run(new Command(argv, null, TIMEOUT)).orThrow();
    }

    private static String which(String program) {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/bin", "/sbin")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return dir + "/" + program;
            }
        }
        throw new IllegalStateException(program + " is not installed (run .ci/setup.d/10-postfix.sh as root)");
    }

    /** Points a Spring Boot test's Relaywarden at this instance as relay {@code relayName}, with its policy service on {@code policyPort}. */
    public void registerAsRelay(DynamicPropertyRegistry registry, String relayName,
                                int policyPort) {
        registry.add("relaywarden.postfix.relays." + relayName + ".config-dir", () -> configDir().toString());
        registry.add("relaywarden.postfix.relays." + relayName + ".access-map", () -> accessMap().toString());
        registry.add("relaywarden.policy.port", () -> policyPort);
    }

    public Path root() {
        return root;
    }

    public Path configDir() {
        return root.resolve("conf");
    }

    public Path accessMap() {
        return root.resolve("conf/sasl_access");
    }

    public int smtpPort() {
        return smtpPort;
    }

    public String name() {
        return name;
    }

    /** Stops the instance and removes its folder (configuration, queue, log). */
    @Override
    public void close() {
        stop();
        deleteTree(root);
    }

    /** Removes a temporary folder of a test; a leftover is harmless, so failures are ignored. */
    public static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a file vanished while walking (a daemon removing its pid file): a leftover is harmless
        }
    }
}
