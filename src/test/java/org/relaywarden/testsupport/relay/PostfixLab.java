package org.relaywarden.testsupport.relay;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.MailQueue;
import org.relaywarden.enforcement.policy.TrafficCounters;
import org.relaywarden.enforcement.postfix.PostfixConfiguration;
import org.relaywarden.enforcement.postfix.PostfixMailQueue;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The provider's relay on a private Postfix ({@link TestPostfix}, the policy service wired as docs/postfix.md says),
 * its relayhost first a sink that answers 451 to everything, after {@link #upstreamUp} one that accepts and counts.
 */
public final class PostfixLab extends PrivateRelayLab {

    private static final Pattern QUEUE_LINE = Pattern.compile("\"queue_name\": \"([a-z]+)\".*\"queue_id\": \"([0-9A-Za-z]+)\"");

    private TestPostfix provider;

    @Override
    public String mailServer() {
        return "postfix";
    }

    @Override
    public void start(DynamicPropertyRegistry registry, String relayName) {
        startUpstream();
        provider = TestPostfix.named(relayName).relayhost(deferring.relayhost()).policyService(policyPort)
                .user(KUNDE.login(), PASSWORD).user(NACHBAR.login(), PASSWORD).build().start();
        provider.registerAsRelay(registry, relayName, policyPort);
        registry.add("relaywarden.postfix.relays." + relayName + ".maillog", () -> provider.root().resolve("maillog").toString());
        registry.add("relaywarden.mail-server", this::mailServer);
    }

    /** The Postfix itself, for what only a Postfix story asks. */
    public TestPostfix postfix() {
        return provider;
    }

    @Override
    public int smtpPort() {
        return provider.smtpPort();
    }

    @Override
    public List<String> submit(Account account, String sender, int count, int sessions, IntFunction<String> message) {
        return Flood.submit(provider.smtpPort(), account.login(), PASSWORD, sender, count, sessions, message);
    }

    @Override
    public MailQueue queueAfterRestart(ApplicationContext context) {
        return new PostfixMailQueue(context.getBean(PostfixConfiguration.PostfixRelays.class).all(),
                new TrafficCounters(Clock.systemUTC(), "x"));
    }

    @Override
    public String loginInLog(Account account) {
        return "sasl_username=" + account.login();
    }

    @Override
    protected String separator() {
        return " ";
    }

    @Override
    public Path durableFile() {
        return provider.accessMap();
    }

    @Override
    public String log() {
        return provider.maillog();
    }

    @Override
    public List<String> queuedIds() {
        List<String> ids = new ArrayList<>();
        for (String line : provider.tool("postqueue", "-j").orThrow().stdoutText().split("\n")) {
            Matcher m = QUEUE_LINE.matcher(line);
            if (m.find() && !m.group(1).equals("hold")) {
                ids.add(m.group(2));
            }
        }
        ids.sort(null);
        return ids;
    }

    @Override
    public int held() {
        return provider.queueCounts().getOrDefault("hold", 0);
    }

    @Override
    public void upstreamUp() {
        provider.tool("postconf", "-e", "relayhost=" + counting.relayhost()).orThrow();
        provider.tool("postfix", "reload").orThrow();
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
