package org.relaywarden.enforcement.qmail.support;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.MailQueue;
import org.relaywarden.testsupport.relay.Flood;
import org.relaywarden.enforcement.qmail.QmailConfiguration;
import org.relaywarden.enforcement.qmail.QmailMailQueue;
import org.relaywarden.enforcement.qmail.VpopmailFlags;
import org.relaywarden.testsupport.relay.MtaLab;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * The provider's relay on the shared qmail + vpopmail lab ({@link QmailLab}: its accounts are {@link #KUNDE} and
 * {@link #NACHBAR}), its remote delivery first paused (what it accepts stays queued, as behind the seed's deferring
 * upstream), after {@link #upstreamUp} delivering to the lab's counting sink. Run under {@code flock /tmp/rw-qmail.lock}.
 */
public final class QmailMtaLab implements MtaLab {

    private QmailLab lab;

    @Override
    public String mailServer() {
        return "qmail";
    }

    @Override
    public void start(DynamicPropertyRegistry registry, String relayName) {
        lab = QmailLab.get();
        lab.remoteConcurrency(0);
        lab.relaywardenProperties(relayName).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("relaywarden.mail-server", this::mailServer);
    }

    /** The lab itself, for what only a qmail story asks. */
    public QmailLab lab() {
        return lab;
    }

    @Override
    public int smtpPort() {
        return QmailLab.SMTP_PORT;
    }

    @Override
    public String password(Account account) {
        return account.equals(KUNDE) ? QmailLab.KUNDE_PW : QmailLab.NACHBAR_PW;
    }

    /** FORCEAUTHMAILFROM on the relay: the envelope sender is the login. */
    @Override
    public String envelopeSender(Account account, String wanted) {
        return account.login();
    }

    @Override
    public List<String> submit(Account account, String sender, int count, int sessions, IntFunction<String> message) {
        return Flood.submit(QmailLab.SMTP_PORT, account.login(), password(account), sender, count, sessions, message);
    }

    @Override
    public boolean repliesWithQueueId() {
        return false;
    }

    @Override
    public MailQueue queueAfterRestart(ApplicationContext context) {
        return new QmailMailQueue(context.getBean(QmailConfiguration.QmailRelays.class).all());
    }

    @Override
    public String loginInLog(Account account) {
        return account.login();
    }

    @Override
    public boolean durablyRefuses(Account account) {
        return (lab.flagsOf(account.login()) & VpopmailFlags.NO_SMTP) != 0;
    }

    /** AUTH allowed again: the queue front holds. */
    @Override
    public boolean durablyHolds(Account account) {
        return (lab.flagsOf(account.login()) & VpopmailFlags.NO_SMTP) == 0;
    }

    @Override
    public Path durableFile() {
        return QmailLab.QMAIL.resolve("relaywarden/states");
    }

    @Override
    public String refusalMark() {
        return "";
    }

    /** qmail-smtpd refuses a suspended login at AUTH (NO_SMTP); the front's text goes to the client only. */
    @Override
    public Optional<String> refusalLog() {
        return Optional.empty();
    }

    @Override
    public String log() {
        try {
            return Files.readString(lab.smtpdLog());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<String> queuedIds() {
        try (Stream<Path> files = Files.walk(QmailLab.QMAIL.resolve("queue/mess"))) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int held() {
        // a held message is two files: its .mess and its .env
        Path msg = QmailLab.HOLD.resolve("msg");
        if (!Files.isDirectory(msg)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(msg)) {
            return (int) files.filter(f -> f.toString().endsWith(".env")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean running() {
        return lab.sendUp();
    }

    @Override
    public String receivedHeaderStart() {
        return "Received: (qmail ";
    }

    @Override
    public void upstreamUp() {
        lab.remoteConcurrency(20);
    }

    /** qmail-send retries its whole queue now (ALRM). */
    @Override
    public void flush() {
        QmailLab.sh(Duration.ofSeconds(10), "svc -a " + lab.sendService());
    }

    @Override
    public long upstreamCount(String marker) {
        return lab.sinkCount(marker);
    }

    @Override
    public boolean awaitQueueEmpty(Duration max) {
        return QmailLab.awaitQueueEmpty(lab, max);
    }

    /** The shared lab stays up for the next test: its remote delivery on again, the flags of kunde cleared. */
    @Override
    public void close() {
        if (lab != null) {
            lab.remoteConcurrency(20);
            lab.vmoduser("-x", QmailLab.KUNDE);
        }
    }
}
