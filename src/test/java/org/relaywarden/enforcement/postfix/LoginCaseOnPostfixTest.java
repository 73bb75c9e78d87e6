package org.relaywarden.enforcement.postfix;

import org.relaywarden.testsupport.Await;
import org.relaywarden.enforcement.policy.RefusalCode;
import org.relaywarden.enforcement.policy.PolicyRelayControl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.testsupport.relay.SmtpSink;
import org.relaywarden.testsupport.relay.SmtpTestClient;
import org.relaywarden.testsupport.relay.SmtpTestClient.Reply;
import org.relaywarden.testsupport.relay.TestPostfix;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Case variants of a login against a real Postfix whose sasldb holds {@code Bigcorp@customer.test}
 * and {@code bigcorp@customer.test} as two users: when {@code Bigcorp} is suspended, the policy
 * service and the access map (whose {@code hash:} lookup folds case) refuse {@code bigcorp} alike.
 */
class LoginCaseOnPostfixTest {

    static final String UPPER = "Bigcorp@customer.test";
    static final String LOWER = "bigcorp@customer.test";
    static final String OTHER = "other@customer.test";
    static final String UPPER_PW = "upper-pw", LOWER_PW = "lower-pw", PW = "other-pw";

    static PostfixAdapterFixture adapter;
    static SmtpSink sink;
    static TestPostfix postfix;

    @BeforeAll
    static void startPostfix() {
        adapter = new PostfixAdapterFixture();
        sink = SmtpSink.start();
        postfix = TestPostfix.named("logincase").relayhost(sink.relayhost()).policyService(adapter.policyPort)
                .user(UPPER, UPPER_PW).user(LOWER, LOWER_PW).user(OTHER, PW).build().start();
        adapter.attach(postfix);
    }

    @AfterAll
    static void stopPostfix() {
        if (postfix != null) {
            postfix.close();
        }
        if (sink != null) {
            sink.close();
        }
        if (adapter != null) {
            adapter.close();
        }
    }

    @AfterEach
    void defaultMode() {
        Account.resetLocalPartCase();
    }

    static String message(String marker) {
        return "From: someone@customer.test\nTo: x@remote.test\nSubject: " + marker + "\n\nbody " + marker + "\n";
    }

    /** The reply to RCPT of a login (after AUTH and MAIL FROM were accepted). */
    static Reply rcptAs(String login, String password) {
        try (SmtpTestClient c = SmtpTestClient.connect(postfix.smtpPort(), login, password)) {
            assertThat(c.mailFrom("x@customer.test").code()).isEqualTo(250);
            return c.rcptTo("r@remote.test");
        }
    }

    @Test
    void byDefaultASuspendedBigcorpIsRefusedAsBigcorpByThePolicyServiceAndTheMapAlike() {
        PolicyRelayControl control = adapter.control(RefusalCode.TEMPORARY);
        Account alerted = Account.parse(UPPER);
        Account variant = Account.parse(LOWER);
        try {
            control.suspend(alerted, "relaying suspended, case RW-16");
            assertThat(postfix.accessMap()).content().contains("bigcorp@customer.test 451 4.7.1 relaying suspended, case RW-16")
                    .doesNotContain("Bigcorp@");

            Instant start = Instant.now();
            Reply policy = rcptAs(LOWER, LOWER_PW);
            assertThat(policy.code()).isEqualTo(451);
            assertThat(policy.text()).contains("case RW-16");
            // the policy service is asked before the map: it refused the login itself
            assertThat(adapter.counters.refusedSince(variant, start).getAsLong()).isEqualTo(1);
            assertThat(rcptAs(UPPER, UPPER_PW).code()).isEqualTo(451);
            assertThat(adapter.counters.refusedSince(variant, start).getAsLong()).as("one account").isEqualTo(2);

            adapter.stopPolicy();
            try {
                Reply map = rcptAs(LOWER, LOWER_PW);
                assertThat(map.code()).isEqualTo(451);
                assertThat(map.text()).contains("case RW-16");
            } finally {
                adapter.startPolicy();
            }
            try (SmtpTestClient other = SmtpTestClient.connect(postfix.smtpPort(), OTHER, PW)) {
                assertThat(other.send("o@customer.test", message("other-default"), "r@remote.test").code()).isEqualTo(250);
            }
            assertThat(Await.within(Duration.ofSeconds(20), () -> sink.count("other-default") == 1)).isTrue();
        } finally {
            control.restore(alerted);
        }
        try (SmtpTestClient lower = SmtpTestClient.connect(postfix.smtpPort(), LOWER, LOWER_PW)) {
            assertThat(lower.send("b@customer.test", message("restored-default"), "r@remote.test").code()).isEqualTo(250);
        }
        assertThat(Await.within(Duration.ofSeconds(20), () -> sink.count("restored-default") == 1)).isTrue();
    }

    @Test
    void withCaseSensitiveLoginsTheMapRefusesEveryVariantAndThePolicyServiceAnswersTheSame() {
        Account.useLocalPartCase(Account.LocalPartCase.CASE_SENSITIVE);
        PolicyRelayControl control = adapter.control(RefusalCode.TEMPORARY);
        Account alerted = Account.parse(UPPER);
        Account variant = Account.parse(LOWER);
        assertThat(variant).isNotEqualTo(alerted);
        try {
            control.suspend(alerted, "relaying suspended, case RW-17");
            assertThat(postfix.accessMap()).content().contains("Bigcorp@customer.test 451 4.7.1 relaying suspended, case RW-17");

            Instant start = Instant.now();
            Reply policy = rcptAs(LOWER, LOWER_PW);
            assertThat(policy.code()).isEqualTo(451);
            assertThat(policy.text()).contains("case RW-17");
            assertThat(adapter.counters.refusedSince(variant, start).getAsLong()).as("refused by the policy service")
                    .isEqualTo(1);

            adapter.stopPolicy();
            try {
                Reply map = rcptAs(LOWER, LOWER_PW);
                assertThat(map.code()).as("Postfix's hash lookup folds case").isEqualTo(451);
                assertThat(map.text()).contains("case RW-17");
            } finally {
                adapter.startPolicy();
            }
        } finally {
            control.restore(alerted);
        }
    }
}
