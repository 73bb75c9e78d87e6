package org.relaywarden.enforcement.exim.support;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.MailQueue;
import org.relaywarden.enforcement.exim.EximConfiguration;
import org.relaywarden.enforcement.exim.EximMailQueue;
import org.relaywarden.enforcement.policy.TrafficCounters;
import org.relaywarden.enforcement.postfix.support.SmtpSink;
import org.relaywarden.enforcement.postfix.support.TestPostfix;
import org.relaywarden.testsupport.relay.MtaLab;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The provider's relay on a private Exim 4.96 ({@link TestExim}, the ACL of docs/exim.md), relaying first to a sink
 * that answers 451 to everything, after {@link #upstreamUp} to one that accepts and counts.
 */
public final class EximLab implements MtaLab {

    private static final String PASSWORD = "kunde-pw";

    private final int policyPort = TestPostfix.freePort();
    private SmtpSink deferring;
    private SmtpSink counting;
    private TestExim provider;

    @Override
    public String mailServer() {
        return "exim";
    }

    @Override
    public void start(DynamicPropertyRegistry registry, String relayName) {
        deferring = SmtpSink.start("451 4.7.1 try again later");
        counting = SmtpSink.start();
        provider = TestExim.named(relayName).relayTo(deferring.port()).policyService(policyPort)
                .user(KUNDE.login(), PASSWORD).user(NACHBAR.login(), PASSWORD).build().start();
        provider.registerAsRelay(registry, relayName, policyPort);
        registry.add("relaywarden.mail-server", this::mailServer);
    }

    /** The Exim itself, for what only an Exim story asks. */
    public TestExim exim() {
        return provider;
    }

    @Override
    public int smtpPort() {
        return provider.smtpPort();
    }

    @Override
    public String password(Account account) {
        return PASSWORD;
    }

    @Override
    public String envelopeSender(Account account, String wanted) {
        return wanted;
    }

    @Override
    public List<String> submit(Account account, String sender, int count, int sessions, IntFunction<String> message) {
        return provider.flood(account.login(), PASSWORD, sender, count, sessions, message);
    }

    @Override
    public boolean repliesWithQueueId() {
        return true;
    }

    @Override
    public MailQueue queueAfterRestart(ApplicationContext context) {
        return new EximMailQueue(context.getBean(EximConfiguration.EximRelays.class).all(),
                new TrafficCounters(Clock.systemUTC(), "x"));
    }

    @Override
    public String loginInLog(Account account) {
        return "A=plain:" + account.login();
    }

    @Override
    public boolean durablyRefuses(Account account) {
        return suspendedFile().contains(account.login() + ": 451 4.7.1 ");
    }

    @Override
    public boolean durablyHolds(Account account) {
        return suspendedFile().contains(account.login() + ": HOLD ") && !durablyRefuses(account);
    }

    private String suspendedFile() {
        try {
            return Files.readString(provider.suspendedFile());
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public Path durableFile() {
        return provider.suspendedFile();
    }

    @Override
    public String refusalMark() {
        return "4.7.1";
    }

    @Override
    public Optional<String> refusalLog() {
        return Optional.of(provider.mainlog());
    }

    @Override
    public String log() {
        return provider.mainlog();
    }

    @Override
    public List<String> queuedIds() {
        return provider.queued("");
    }

    @Override
    public int held() {
        return provider.queued(TestExim.HOLD_QUEUE).size();
    }

    @Override
    public boolean running() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", provider.smtpPort()), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String receivedHeaderStart() {
        return "Received: from ";
    }

    @Override
    public void upstreamUp() {
        provider.reroute(counting.port());
    }

    @Override
    public void flush() {
        provider.flush();
    }

    @Override
    public long upstreamCount(String marker) {
        return deferring.count(marker) + counting.count(marker);
    }

    @Override
    public boolean awaitQueueEmpty(Duration max) {
        return SmtpSink.await(max, () -> queuedIds().isEmpty());
    }

    @Override
    public void close() {
        TestPostfix.closeAll(null, provider, deferring, counting);
    }
}
