package org.relaywarden.enforcement.exim.support;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.MailQueue;
import org.relaywarden.enforcement.exim.EximConfiguration;
import org.relaywarden.enforcement.exim.EximMailQueue;
import org.relaywarden.enforcement.policy.TrafficCounters;
import org.relaywarden.testsupport.relay.PrivateRelayLab;
import org.relaywarden.testsupport.relay.TestPostfix;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The provider's relay on a private Exim 4.96 ({@link TestExim}, the ACL of docs/exim.md), relaying first to a sink
 * that answers 451 to everything, after {@link #upstreamUp} to one that accepts and counts.
 */
public final class EximLab extends PrivateRelayLab {

    private TestExim provider;

    @Override
    public String mailServer() {
        return "exim";
    }

    @Override
    public void start(DynamicPropertyRegistry registry, String relayName) {
        startUpstream();
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
    public List<String> submit(Account account, String sender, int count, int sessions, IntFunction<String> message) {
        return provider.flood(account.login(), PASSWORD, sender, count, sessions, message);
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
    protected String separator() {
        return ": ";
    }

    @Override
    public Path durableFile() {
        return provider.suspendedFile();
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
    public void upstreamUp() {
        provider.reroute(counting.port());
    }

    @Override
    public void flush() {
        provider.flush();
    }

    @Override
    public void close() {
        TestPostfix.closeAll(null, provider, deferring, counting);
    }
}
