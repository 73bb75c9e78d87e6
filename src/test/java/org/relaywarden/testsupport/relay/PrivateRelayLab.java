package org.relaywarden.testsupport.relay;

import org.relaywarden.account.Account;
import org.relaywarden.testsupport.Await;
import org.relaywarden.testsupport.Ports;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;

/**
 * A relay of its own on free loopback ports (Postfix, Exim): the accounts {@link #KUNDE} and {@link #NACHBAR} with one
 * password, the policy service on a port of its own, upstream first {@link #deferring} (451 to everything), after
 * {@link #upstreamUp} {@link #counting} (accepts and counts); its durable layer a file of {@code login ANSWER} lines.
 */
public abstract class PrivateRelayLab implements MtaLab {

    protected static final String PASSWORD = "kunde-pw";

    protected final int policyPort = Ports.freePort();
    protected SmtpSink deferring;
    protected SmtpSink counting;

    /** Starts both upstream sinks: call first in {@link #start}. */
    protected void startUpstream() {
        deferring = SmtpSink.start("451 4.7.1 try again later");
        counting = SmtpSink.start();
    }

    /** What separates a login from its answer in the durable file: " " (Postfix's access map), ": " (Exim's file). */
    protected abstract String separator();

    @Override
    public String password(Account account) {
        return PASSWORD;
    }

    @Override
    public String envelopeSender(Account account, String wanted) {
        return wanted;
    }

    @Override
    public boolean repliesWithQueueId() {
        return true;
    }

    @Override
    public String refusalMark() {
        return "4.7.1";
    }

    @Override
    public boolean durablyRefuses(Account account) {
        return durableText().contains("\n" + account.login() + separator() + "451 4.7.1 ");
    }

    @Override
    public boolean durablyHolds(Account account) {
        return durableText().contains("\n" + account.login() + separator() + "HOLD ") && !durablyRefuses(account);
    }

    /** The durable file, a line break in front of its first line; empty while there is none. */
    private String durableText() {
        try {
            return "\n" + Files.readString(durableFile());
        } catch (IOException e) {
            return "";
        }
    }

    /** The relay logs the policy service's refusal text. */
    @Override
    public Optional<String> refusalLog() {
        return Optional.of(log());
    }

    @Override
    public String receivedHeaderStart() {
        return "Received: from ";
    }

    @Override
    public boolean running() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", smtpPort()), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public long upstreamCount(String marker) {
        return deferring.count(marker) + counting.count(marker);
    }

    @Override
    public boolean awaitQueueEmpty(Duration max) {
        return Await.within(max, () -> queuedIds().isEmpty());
    }
}
