package org.relaywarden.enforcement.sandbox;

import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.QueuedMessage;
import org.relaywarden.enforcement.RefusedAttemptRecorder;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.limits.LimitSettings;
import org.relaywarden.enforcement.limits.SendingLimits;
import org.relaywarden.enforcement.policy.AccountStates;
import org.relaywarden.enforcement.policy.PolicyDecider;
import org.relaywarden.enforcement.policy.RefusalCode;
import org.relaywarden.enforcement.policy.TrafficCounters;
import org.relaywarden.testsupport.SteppingClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulated relay does what the policy core answers, as a Postfix with Relaywarden's policy service would: the
 * core's relay states, its limits and its counting decide each simulated message.
 */
class SandboxMailServerTest {

    final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-01T10:00:00Z"));
    final AccountStates states = new AccountStates();
    final TrafficCounters counters = new TrafficCounters(clock, SandboxMailServer.RELAY_NAME);
    final SandboxMailServer sandbox = new SandboxMailServer(clock,
            new PolicyDecider(states, counters, () -> RefusalCode.TEMPORARY, clock), states::stateOf);
    final Account spammer = Account.parse("kunde@example.test");
    final Account other = Account.parse("other@example.test");

    void set(Account account, RelayState state, String reason) {
        states.put(account, new AccountStates.Entry(state, reason));
    }

    @Test
    void floodFollowsTheCoresRelayState() {
        assertThat(sandbox.flood(spammer, 10, 2, SandboxMailServer.Upstream.DEFERS).deferred()).isEqualTo(10);
        set(spammer, RelayState.SUSPENDED, "case RW-1");
        SandboxMailServer.FloodResult refused = sandbox.flood(spammer, 5, 1, SandboxMailServer.Upstream.ACCEPTS);
        assertThat(refused.refused()).isEqualTo(5);
        assertThat(refused.answers()).containsExactly(Map.entry("451 4.7.1 case RW-1", 5));
        assertThat(sandbox.flood(other, 5, 1, SandboxMailServer.Upstream.ACCEPTS).delivered()).isEqualTo(5);
        set(spammer, RelayState.HELD, "staged");
        SandboxMailServer.FloodResult held = sandbox.flood(spammer, 7, 1, SandboxMailServer.Upstream.ACCEPTS);
        assertThat(held.held()).isEqualTo(7);
        assertThat(held.state()).isEqualTo(RelayState.HELD);
        set(spammer, RelayState.PROBATION, "probation");
        assertThat(sandbox.flood(spammer, 3, 1, SandboxMailServer.Upstream.ACCEPTS).delivered()).isEqualTo(3);
        set(spammer, RelayState.ACTIVE, "");
        assertThat(sandbox.stateOf(spammer)).isEqualTo(RelayState.ACTIVE);
        assertThat(sandbox.queueCounts(spammer)).containsEntry(QueueName.DEFERRED, 10L).containsEntry(QueueName.HOLD, 7L);
        assertThat(sandbox.deliveredCount(spammer)).isEqualTo(3);
        // the core counted: 10 deferred + 7 held + 3 delivered, each once over its RCPT and END-OF-MESSAGE requests;
        // the 5 refused while suspended are no submissions
        assertThat(counters.submissionsSince(spammer, Instant.EPOCH).count()).isEqualTo(20);
        assertThat(counters.activitySince(Instant.EPOCH).get(spammer).messages()).isEqualTo(20);
        assertThat(counters.activitySince(Instant.EPOCH).get(spammer).recipients()).isEqualTo(10 * 2 + 7 + 3);
    }

    @Test
    void aFloodOverTheAccountsLimitIsRefusedByTheCoresLimitWithItsReason() {
        LimitSettings settings = new LimitSettings(true, Duration.ofHours(1), 10L, 100L, 1000L, 10_000L, 2.0, Duration.ofDays(28),
                Duration.ofMinutes(10));
        List<String> alerts = new ArrayList<>();
        SandboxMailServer limited = new SandboxMailServer(clock, new PolicyDecider(states, counters, () -> RefusalCode.TEMPORARY,
                clock, new SendingLimits(settings, null, a -> null), (account, reason) -> alerts.add(account + ": " + reason),
                RefusedAttemptRecorder.NONE, null, null), states::stateOf);

        SandboxMailServer.FloodResult flood = limited.flood(spammer, 25, 1, SandboxMailServer.Upstream.DEFERS);

        assertThat(flood.deferred()).as("the floor of 10 messages an hour").isEqualTo(10);
        assertThat(flood.refused()).isEqualTo(15);
        assertThat(flood.answers()).containsExactly(Map.entry(PolicyDecider.OVER_LIMIT, 15));
        assertThat(alerts).singleElement().asString().startsWith(spammer + ": ").contains("10");
        assertThat(limited.excerpts(spammer, Instant.EPOCH, 100)).filteredOn(l -> l.text().contains("reject"))
                .hasSize(15).allMatch(l -> l.text().contains("sending limit of this account reached"));
        assertThat(counters.submissionsSince(spammer, Instant.EPOCH).count()).isEqualTo(10);
    }

    @Test
    void queueOperationsAreIdempotentAndAttributeByLoginNotSender() {
        sandbox.flood(spammer, 4, 1, SandboxMailServer.Upstream.DEFERS);
        sandbox.flood(other, 2, 1, SandboxMailServer.Upstream.DEFERS);
        List<QueuedMessage> mine = sandbox.messagesOf(spammer, EnumSet.allOf(QueueName.class));
        assertThat(mine).hasSize(4).allMatch(m -> m.account().equals(spammer));
        sandbox.hold(mine);
        sandbox.hold(mine);
        assertThat(sandbox.messagesOf(spammer, EnumSet.of(QueueName.HOLD))).hasSize(4);
        assertThat(new String(sandbox.content(mine.get(0)))).contains("Subject: ").contains("simulated spam");
        sandbox.deleteHeld(mine);
        assertThat(sandbox.messagesOf(spammer, EnumSet.allOf(QueueName.class))).isEmpty();
        sandbox.deleteHeld(mine);
        assertThat(sandbox.messagesOf(other, EnumSet.allOf(QueueName.class))).hasSize(2);
        assertThat(sandbox.excerpts(spammer, Instant.EPOCH, 10)).hasSize(4)
                .allMatch(l -> l.text().contains("sasl_username=kunde@example.test"));
    }
}
