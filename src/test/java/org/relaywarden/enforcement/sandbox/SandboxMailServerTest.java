package org.relaywarden.enforcement.sandbox;

import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.QueuedMessage;
import org.relaywarden.enforcement.RelayState;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulated relay behaves as the relay state says, like a Postfix with Relaywarden's policy service would. */
class SandboxMailServerTest {

    final SandboxMailServer sandbox = new SandboxMailServer(Clock.systemUTC());
    final Account spammer = Account.parse("kunde@example.test");
    final Account other = Account.parse("other@example.test");

    @Test
    void floodFollowsTheRelayState() {
        assertThat(sandbox.flood(spammer, 10, 2, SandboxMailServer.Upstream.DEFERS).deferred()).isEqualTo(10);
        sandbox.suspend(spammer, "case RW-1");
        assertThat(sandbox.flood(spammer, 5, 1, SandboxMailServer.Upstream.ACCEPTS).refused()).isEqualTo(5);
        assertThat(sandbox.flood(other, 5, 1, SandboxMailServer.Upstream.ACCEPTS).delivered()).isEqualTo(5);
        sandbox.hold(spammer, "staged");
        assertThat(sandbox.flood(spammer, 7, 1, SandboxMailServer.Upstream.ACCEPTS).held()).isEqualTo(7);
        sandbox.probation(spammer);
        assertThat(sandbox.flood(spammer, 3, 1, SandboxMailServer.Upstream.ACCEPTS).delivered()).isEqualTo(3);
        sandbox.restore(spammer);
        assertThat(sandbox.stateOf(spammer)).isEqualTo(RelayState.ACTIVE);
        assertThat(sandbox.nonActiveAccounts()).isEmpty();
        assertThat(sandbox.queueCounts(spammer)).containsEntry(QueueName.DEFERRED, 10L).containsEntry(QueueName.HOLD, 7L);
        assertThat(sandbox.deliveredCount(spammer)).isEqualTo(3);
        // 10 deferred + 7 held + 3 delivered; the 5 refused while suspended are no submissions
        assertThat(sandbox.submissionsSince(spammer, Instant.EPOCH).count()).isEqualTo(20);
        assertThat(sandbox.activitySince(Instant.EPOCH).get(spammer).messages()).isEqualTo(20);
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
