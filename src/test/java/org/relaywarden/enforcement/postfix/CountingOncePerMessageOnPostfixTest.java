package org.relaywarden.enforcement.postfix;

import org.relaywarden.testsupport.Ports;
import org.relaywarden.enforcement.policy.AccountStates;
import org.relaywarden.enforcement.policy.RefusalCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.policy.PolicyDecider;
import org.relaywarden.enforcement.policy.PolicyServer;
import org.relaywarden.enforcement.policy.TrafficCounters;
import org.relaywarden.testsupport.relay.PolicyWiring;
import org.relaywarden.testsupport.relay.SmtpTestClient;
import org.relaywarden.testsupport.relay.TestPostfix;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every message counted exactly once, whatever the restriction lists: a real Postfix asks the policy
 * service wired as {@code docs/postfix.md} says (braces form at RCPT, plain form at end-of-data: two
 * policy connections per smtpd process), with the braces form in both places, at RCPT only and at
 * end-of-data only. One session sends several messages with several recipients; one message is
 * refused at end-of-data; a second session sends more.
 */
class CountingOncePerMessageOnPostfixTest {

    static final Account DORA = Account.parse("dora@count.test");
    static final String PW = "pw-count";

    TestPostfix postfix;
    PolicyServer policy;
    final AccountStates states = new AccountStates();
    final TrafficCounters counters = new TrafficCounters(Clock.systemUTC(), "policy-service");

    @AfterEach
    void stop() {
        if (postfix != null) {
            postfix.close();
        }
        if (policy != null) {
            policy.close();
        }
    }

    /** Every way a provider may wire Relaywarden into Postfix (the peer's own wiring, for the bench, is not one). */
    @ParameterizedTest
    @EnumSource(value = PolicyWiring.class, mode = EnumSource.Mode.EXCLUDE, names = "AS_POLICYD_RATE_LIMIT_DOCUMENTS")
    void everyMessageAndRecipientCountsOnce(PolicyWiring wiring) throws IOException {
        int port = Ports.freePort();
        policy = new PolicyServer(new PolicyDecider(states, counters, () -> RefusalCode.TEMPORARY, Clock.systemUTC()),
                new InetSocketAddress("127.0.0.1", port), 50, Duration.ofMinutes(5), Duration.ofSeconds(5));
        policy.start();
        postfix = TestPostfix.named("count").relayhost("[127.0.0.1]:9").policyService(port, wiring)
                .user(DORA.login(), PW).build().start();
        Instant start = Instant.now();

        try (SmtpTestClient c = SmtpTestClient.connect(postfix.smtpPort(), DORA.login(), PW)) {
            for (int i = 0; i < 3; i++) {
                assertThat(c.send("dora@count.test", "Subject: m" + i + "\n\nbody\n", "a" + i + "@remote.test",
                        "b" + i + "@remote.test").code()).as("message %d", i).isEqualTo(250);
            }
            // a fourth message, refused as a whole at end-of-data: the account is suspended after its RCPTs
            assertThat(c.mailFrom("dora@count.test").code()).isEqualTo(250);
            for (String r : new String[]{"c1@remote.test", "c2@remote.test", "c3@remote.test"}) {
                assertThat(c.rcptTo(r).code()).isEqualTo(250);
            }
            states.put(DORA, new AccountStates.Entry(RelayState.SUSPENDED, "relaying suspended, case RW-1"));
            int endOfData = c.data("Subject: m3\n\nbody\n").code();
            assertThat(endOfData).isEqualTo(wiring == PolicyWiring.RCPT_ONLY ? 250 : 451);
            states.put(DORA, new AccountStates.Entry(RelayState.ACTIVE, ""));
        }
        try (SmtpTestClient c = SmtpTestClient.connect(postfix.smtpPort(), DORA.login(), PW)) {
            assertThat(c.send("dora@count.test", "Subject: m4\n\nbody\n", "d1@remote.test", "d2@remote.test",
                    "d3@remote.test", "d4@remote.test").code()).isEqualTo(250);
        }

        var seen = counters.activitySince(start).get(DORA);
        var evidence = counters.policyLines(DORA, start, 100);
        if (wiring == PolicyWiring.END_OF_DATA_ONLY) {
            // the refused message was first seen at end-of-data, suspended: an evidence line, not a submission
            assertThat(seen.messages()).isEqualTo(4);
            assertThat(seen.recipients()).isEqualTo(3 * 2 + 4);
            assertThat(evidence).hasSize(5);
            assertThat(evidence.stream().filter(l -> l.text().contains("action=451"))).hasSize(1);
        } else {
            assertThat(seen.messages()).isEqualTo(5);
            assertThat(seen.recipients()).isEqualTo(3 * 2 + 3 + 4);
            assertThat(evidence).hasSize(5);
        }
        assertThat(counters.messagesInLimitWindow(DORA)).isEqualTo(seen.messages());
        assertThat(counters.recipientsInLimitWindow(DORA)).isEqualTo(seen.recipients());
        // the policy lines carry each message's recipients
        assertThat(evidence.get(0).recipientCount()).isEqualTo(2);
        assertThat(evidence.get(evidence.size() - 1).recipientCount()).isEqualTo(4);
    }
}
