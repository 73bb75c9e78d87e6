package org.relaywarden.enforcement.qmail.support;

import org.relaywarden.testsupport.Await;
import org.relaywarden.testsupport.DocSection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real qmail + vpopmail relay of the tests, built from the sources in {@code src/test/qmail}
 * ({@code scripts/ci-setup.sh}: netqmail 1.06 with SMTP AUTH, chkuser and the custom-error patch,
 * vpopmail 5.6.13 with the cdb backend) once per JVM, as root, and started under a private
 * {@code svscan}; a counting sink receives all remote mail. qmail and vpopmail have hard-coded homes
 * ({@code /var/qmail}, {@code /home/vpopmail}): one relay per machine, so the classes that use it
 * must not run in parallel (surefire runs test classes one after another in one fork here).
 * <p>
 * Relaywarden's qmail parts are installed as a provider would (docs/qmail.md,
 * {@code scripts/rw-install.sh}): the queue front as {@code QMAILQUEUE} asking the policy service
 * on {@link #POLICY_PORT}, the queue tool, the hold folder. Users {@code kunde@example.test} and
 * {@code nachbar@example.test}; the relay runs qmail-smtpd with {@code FORCEAUTHMAILFROM=1}.
 * Stopped (not removed) when the JVM ends; a later JVM finds the build and only starts it.
 */
public final class QmailLab {

    public static final Path SOURCES = Path.of("src/test/qmail").toAbsolutePath();
    public static final Path BASE = Path.of("/tmp/rw-qmail-lab");
    public static final int SMTP_PORT = 13525;
    public static final int SINK_PORT = 13526;
    public static final int POP_PORT = 13110;
    /** Where the lab's queue front asks: the tests' policy service listens here. */
    public static final int POLICY_PORT = 13540;
    public static final String KUNDE = "kunde@example.test";
    public static final String KUNDE_PW = "KundePass-123";
    public static final String NACHBAR = "nachbar@example.test";
    public static final String NACHBAR_PW = "NachbarPass-123";
    public static final Path QMAIL = Path.of("/var/qmail");
    public static final Path VPOPMAIL = Path.of("/home/vpopmail");
    public static final Path HOLD = QMAIL.resolve("relaywarden/hold");
    public static final Path QUEUE_TOOL = QMAIL.resolve("relaywarden/bin/relaywarden-qmail-queue");
    static final Path PARTS = Path.of("src/main/resources/org/relaywarden/enforcement/qmail").toAbsolutePath();
    static final Path DOC = Path.of("docs/qmail.md");
    static final String INSTALL_HEADING = "## What a provider installs on each relay";
    private static final Pattern TCPSERVER_LIMIT = Pattern.compile("tcpserver [^\n`]*?-c (\\d+)");

    private static QmailLab started;

    private QmailLab() {
    }

    /** The relay, built and started on first use in this JVM, with the current queue front installed. */
    public static synchronized QmailLab get() {
        if (started == null) {
            QmailLab lab = new QmailLab();
            lab.start();
            Runtime.getRuntime().addShutdownHook(new Thread(lab::stop));
            started = lab;
        }
        return started;
    }

    private void start() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("the qmail tests build and run qmail as root (CI does; .ci/setup.d/60-qmail.sh installs the build deps)");
        }
        boolean built = Files.exists(QMAIL.resolve("bin/qmail-smtpd")) && Files.exists(VPOPMAIL.resolve("bin/vchkpw"))
                && Files.exists(BASE.resolve("service/qmail-smtpd/run"));
        if (!built) {
            sh(Duration.ofMinutes(10), "BASE=" + BASE + " SMTP_PORT=" + SMTP_PORT + " SINK_PORT=" + SINK_PORT + " POP_PORT=" + POP_PORT
                    + " sh " + SOURCES.resolve("scripts/ci-setup.sh"));
        } else if (!listening(SMTP_PORT) || !listening(SINK_PORT)) {
            startBuilt();
        }
        installRelaywardenParts();
        // what earlier JVMs left: the sink's messages, held mail, queued mail
        sh(Duration.ofSeconds(60), "rm -f " + BASE + "/sink/*.eml " + BASE + "/sink/messages.jsonl " + HOLD + "/msg/* " + HOLD + "/tmp/*");
        Await.within(Duration.ofSeconds(20), () -> listening(SMTP_PORT) && listening(SINK_PORT) && sendUp());
    }

    /** The services of an earlier build: svscan and the sink, as ci-setup.sh's last phase starts them. */
    private void startBuilt() {
        sh(Duration.ofSeconds(30), "B=" + BASE + "; "
                + "[ -f $B/run/svscan.pid ] && kill -0 $(cat $B/run/svscan.pid) 2>/dev/null || "
                + "{ nohup env - PATH=/usr/bin:/bin svscan $B/service > $B/run/svscan.out 2>&1 & echo $! > $B/run/svscan.pid; }; "
                + "[ -f $B/run/sink.pid ] && kill -0 $(cat $B/run/sink.pid) 2>/dev/null || "
                + "{ nohup python3 " + SOURCES.resolve("scripts/sink.py") + " 127.0.0.1 " + SINK_PORT + " $B/sink > $B/run/sink.out 2>&1 & echo $! > $B/run/sink.pid; }");
    }

    /**
     * The queue front and the queue tool of this checkout, as docs/qmail.md installs them, and the relay's session
     * limit ({@code tcpserver -c}) the doc gives.
     */
    public void installRelaywardenParts() {
        sh(Duration.ofSeconds(60), "BASE=" + BASE + " FRONT=" + PARTS.resolve("relaywarden-qmail-front")
                + " QUEUETOOL=" + PARTS.resolve("relaywarden-qmail-queue") + " POLICY=127.0.0.1:" + POLICY_PORT
                + " SESSIONS=" + documentedSessions() + " sh " + SOURCES.resolve("scripts/rw-install.sh"));
    }

    /** The {@code tcpserver -c} of docs/qmail.md's run file ("What a provider installs on each relay"). */
    static int documentedSessions() {
        Matcher m = TCPSERVER_LIMIT.matcher(String.join("\n", DocSection.lines(DOC, INSTALL_HEADING)));
        if (!m.find()) {
            throw new IllegalStateException(DOC + ": no 'tcpserver ... -c N' under '" + INSTALL_HEADING + "'");
        }
        return Integer.parseInt(m.group(1));
    }

    private void stop() {
        try {
            sh(Duration.ofSeconds(60), "BASE=" + BASE + " sh " + SOURCES.resolve("scripts/ci-teardown.sh"));
        } catch (RuntimeException e) {
            System.err.println("qmail lab teardown: " + e.getMessage());
        }
    }

    public Path sendService() {
        return BASE.resolve("service/qmail-send");
    }

    public Path smtpdLog() {
        return BASE.resolve("log/smtpd/current");
    }

    /** What Relaywarden's qmail adapter needs to drive this relay (its queue front asks the policy service on {@link #POLICY_PORT}). */
    public Map<String, String> relaywardenProperties(String relayName) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("relaywarden.qmail.relays." + relayName + ".send-service", sendService().toString());
        m.put("relaywarden.qmail.relays." + relayName + ".smtpd-log", smtpdLog().toString());
        m.put("relaywarden.policy.port", String.valueOf(POLICY_PORT));
        return m;
    }

    /** A vpopmail user, as the provider's admin would add one ({@code vadduser}). */
    public void vadduser(String login, String password) {
        sh(Duration.ofSeconds(20), VPOPMAIL + "/bin/vadduser " + login + " " + password);
    }

    /** {@code vdeluser LOGIN}. */
    public void vdeluser(String login) {
        sh(Duration.ofSeconds(20), VPOPMAIL + "/bin/vdeluser " + login);
    }

    /** Runs a shell line as root; its output on failure. */
    public static String sh(Duration timeout, String line) {
        try {
            Path out = Files.createTempFile("qmail-lab", ".out");
            Process p = new ProcessBuilder("sh", "-c", line).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + line);
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            Files.deleteIfExists(out);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("exit " + p.exitValue() + ": " + line + "\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public boolean sendUp() {
        return sh(Duration.ofSeconds(10), "svstat " + sendService()).contains(": up ");
    }

    /**
     * Remote delivery paused (0) or on again (20): {@code control/concurrencyremote} and a HUP, which
     * this qmail (reread-concurrency patch) reads at once; qmail-send must be up to get the HUP.
     */
    public void remoteConcurrency(int n) {
        Await.within(Duration.ofSeconds(10), this::sendUp);
        sh(Duration.ofSeconds(30), "echo " + n + " > " + QMAIL + "/control/concurrencyremote; sleep 0.5; svc -h " + sendService() + "; sleep 1");
    }

    /** vpopmail's flags of a user (the gid field, {@code vuserinfo -g}). */
    public int flagsOf(String login) {
        return Integer.parseInt(sh(Duration.ofSeconds(10), VPOPMAIL + "/bin/vuserinfo -g " + login).strip());
    }

    /** {@code vmoduser OPTIONS LOGIN}, as the provider's admin would. */
    public void vmoduser(String options, String login) {
        sh(Duration.ofSeconds(10), VPOPMAIL + "/bin/vmoduser " + options + " " + login);
    }

    /** A POP3 login of the user: true if the server said +OK to PASS. */
    public boolean popLoginWorks(String login, String password) {
        String out = sh(Duration.ofSeconds(20), "python3 " + SOURCES.resolve("scripts/popcheck.py") + " " + login + " " + password
                + " " + POP_PORT + " || true");
        return out.contains("login: +OK");
    }

    /** How many messages the sink received that contain this text. */
    public long sinkCount(String marker) {
        Path dir = BASE.resolve("sink");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".eml")).filter(f -> {
                try {
                    return Files.readString(f, StandardCharsets.ISO_8859_1).contains(marker);
                } catch (IOException e) {
                    return false;
                }
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The messages the sink received that contain this text, whole (as received, CRLF lines). */
    public List<byte[]> sinkMessages(String marker) {
        Path dir = BASE.resolve("sink");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".eml")).sorted().map(f -> {
                try {
                    return Files.readAllBytes(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).filter(b -> new String(b, StandardCharsets.ISO_8859_1).contains(marker)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until qmail-send has delivered everything it has (the queue is empty apart from the hold folder). */
    public static boolean awaitQueueEmpty(QmailLab lab, Duration max) {
        return Await.within(max, () -> sh(Duration.ofSeconds(10), QMAIL + "/bin/qmail-qstat").contains("messages in queue: 0\n")
                && sh(Duration.ofSeconds(10), QMAIL + "/bin/qmail-qstat").contains("not yet preprocessed: 0"));
    }
}
