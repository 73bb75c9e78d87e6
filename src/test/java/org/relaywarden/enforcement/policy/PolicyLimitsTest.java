package org.relaywarden.enforcement.policy;

import org.relaywarden.enforcement.RefusedAttemptRecorder;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.limits.LimitOverrides;
import org.relaywarden.enforcement.limits.LimitSettings;
import org.relaywarden.enforcement.limits.SendingLimits;
import org.relaywarden.enforcement.policy.PolicyDecider;
import org.relaywarden.enforcement.policy.PolicyRequest;
import org.relaywarden.enforcement.policy.TrafficCounters;
import org.relaywarden.testsupport.SteppingClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The policy core enforces each account's limit on the request path and tells of the first refusal at once. */
class PolicyLimitsTest {

    static final Account ALICE = Account.parse("alice@limits.test");
    static final Account BULK = Account.parse("bulk@limits.test");

    final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-01T10:00:00Z"));
    final AccountStates states = new AccountStates();
    final TrafficCounters counters = new TrafficCounters(clock, "test", TrafficCounters.Listener.NONE, Duration.ofHours(1));
    final List<String> alerts = new ArrayList<>();
    final LimitSettings settings = new LimitSettings(true, Duration.ofHours(1), 10L, 100L, 25L, 1000L, 2.0, Duration.ofDays(28),
            Duration.ofMinutes(10));
    final LimitOverrides overrides = a -> a.equals(BULK) ? new LimitOverrides.AccountOverride(true, null, null, "configured", false) : null;
    final PolicyDecider decider = new PolicyDecider(states, counters, () -> RefusalCode.TEMPORARY, clock,
            new SendingLimits(settings, null, overrides), (account, reason) -> alerts.add(account + ": " + reason),
            RefusedAttemptRecorder.NONE, null, null);
    int instance;

    /** One message as the documented main.cf asks about it: a RCPT request per recipient, then END-OF-MESSAGE. */
    List<String> message(Account a, int recipients) {
        String id = "tx" + (++instance);
        List<String> actions = new ArrayList<>();
        for (int r = 0; r < recipients; r++) {
            actions.add(decider.decide(request(a, "RCPT", id, "r" + r + "@remote.test", 0)));
        }
        actions.add(decider.decide(request(a, "END-OF-MESSAGE", id, "", recipients)));
        return actions;
    }

    static PolicyRequest request(Account a, String state, String instance, String recipient, int count) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("request", "smtpd_access_policy");
        m.put("protocol_state", state);
        m.put("sasl_username", a.login());
        m.put("client_address", "192.0.2.1");
        m.put("instance", instance);
        m.put("recipient", recipient);
        m.put("recipient_count", String.valueOf(count));
        return new PolicyRequest(m);
    }

    @Test
    void theFirstMessageOverTheLimitIsDeferredWithItsWholeTransactionAndTheAlertGoesOutOnce() {
        for (int i = 0; i < 10; i++) {
            assertThat(message(ALICE, 1)).containsOnly(PolicyDecider.DUNNO);
        }
        List<String> eleventh = message(ALICE, 2);
        assertThat(eleventh).containsOnly(PolicyDecider.OVER_LIMIT);
        assertThat(message(ALICE, 1)).containsOnly(PolicyDecider.OVER_LIMIT);
        assertThat(alerts).singleElement().asString()
                .isEqualTo("alice@limits.test: over its sending limit: more than 10 messages in 60 minutes (floor limit); "
                        + "refused on the request path");
        assertThat(counters.messagesInLimitWindow(ALICE)).as("refused messages are no submissions").isEqualTo(10);
        assertThat(counters.policyLines(ALICE, clock.instant().minusSeconds(1), 100))
                .filteredOn(l -> l.text().contains(PolicyDecider.OVER_LIMIT)).hasSize(2);

        // the alert is told again only after a pause (the case takes over meanwhile)
        clock.advance(Duration.ofSeconds(6));
        message(ALICE, 1);
        assertThat(alerts).hasSize(2);
        // an hour later the window has room again
        clock.advance(Duration.ofMinutes(61));
        assertThat(message(ALICE, 1)).containsOnly(PolicyDecider.DUNNO);
    }

    @Test
    void recipientsOverTheLimitAreDeferredOneByOne() {
        assertThat(message(ALICE, 20)).containsOnly(PolicyDecider.DUNNO);
        List<String> second = message(ALICE, 8);
        assertThat(second.subList(0, 5)).containsOnly(PolicyDecider.DUNNO);
        assertThat(second.subList(5, 8)).containsOnly(PolicyDecider.OVER_LIMIT);
        assertThat(counters.recipientsInLimitWindow(ALICE)).isEqualTo(25);
        assertThat(alerts).singleElement().asString().contains("more than 25 recipients");
    }

    @Test
    void heldSuspendedAndAllowlistedAccountsAreNotLimited() {
        states.put(ALICE, new AccountStates.Entry(RelayState.HELD, "staged re-enable, case RW-1"));
        for (int i = 0; i < 30; i++) {
            assertThat(message(ALICE, 1)).containsOnly("HOLD staged re-enable, case RW-1");
        }
        states.put(ALICE, new AccountStates.Entry(RelayState.SUSPENDED, "relaying suspended, case RW-1"));
        assertThat(message(ALICE, 1)).containsOnly("451 4.7.1 relaying suspended, case RW-1");
        for (int i = 0; i < 100; i++) {
            assertThat(message(BULK, 3)).containsOnly(PolicyDecider.DUNNO);
        }
        assertThat(alerts).isEmpty();
    }

    @Test
    void aRepeatedRcptOfTheSameAddressCountsOnce() {
        decider.decide(request(ALICE, "RCPT", "dup", "same@remote.test", 0));
        decider.decide(request(ALICE, "RCPT", "dup", "SAME@remote.test", 0));
        decider.decide(request(ALICE, "END-OF-MESSAGE", "dup", "", 1));
        assertThat(counters.messagesInLimitWindow(ALICE)).isEqualTo(1);
        assertThat(counters.recipientsInLimitWindow(ALICE)).isEqualTo(1);
    }
}
