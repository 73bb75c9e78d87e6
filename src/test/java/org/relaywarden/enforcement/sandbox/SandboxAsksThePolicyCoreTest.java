package org.relaywarden.enforcement.sandbox;

import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.RelayControl;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.RelayTraffic;
import org.relaywarden.testsupport.Await;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's simulated relay on the application's own policy core, as shipped (risk and limits on): a flood from
 * an account the core has no profile of is held by the core's risk with its reasons, a suspended account's flood
 * is refused with the core's answer, each message is counted once, and the simulated relay's state table holds
 * the core's answer for the login, as Postfix's access map would.
 */
@SpringBootTest(properties = {
        "relaywarden.mail-server=sandbox",
        "spring.datasource.url=jdbc:h2:mem:sandbox-asks-the-core;DB_CLOSE_DELAY=-1",
        "relaywarden.quarantine.dir=${java.io.tmpdir}/relaywarden-sandbox-core-quarantine",
        "relaywarden.detection.deferred.enabled=false",
        "relaywarden.detection.rate.enabled=false"})
@DirtiesContext
class SandboxAsksThePolicyCoreTest {

    @Autowired
    SandboxMailServer sandbox;
    @Autowired
    RelayControl relayControl;
    @Autowired
    RelayTraffic traffic;
    @Autowired
    SandboxStateTable stateTable;

    @Test
    void aFloodFromAnAccountTheCoreDoesNotKnowIsHeldByTheRiskWithItsReasons() {
        Account fresh = Account.parse("fresh@sandbox-core.example");

        SandboxMailServer.FloodResult flood = sandbox.flood(fresh, 30, 1, SandboxMailServer.Upstream.DEFERS);

        assertThat(flood.deferred() + flood.held()).isEqualTo(30);
        // an account without a learned profile may send a few a minute as shipped (new-account-per-minute: 5); the core
        // weighs each message and holds from where its score reaches hold-at
        assertThat(flood.held()).as("held by the risk").isPositive();
        assertThat(flood.deferred()).as("let through before the risk held").isPositive();
        assertThat(flood.answers().keySet()).isNotEmpty().allMatch(a -> a.startsWith("HOLD held for review: "));
        assertThat(sandbox.queueCounts(fresh)).containsEntry(QueueName.HOLD, (long) flood.held());
        assertThat(traffic.submissionsSince(fresh, Instant.EPOCH).count()).as("counted once each").isEqualTo(30);
    }

    @Test
    void aSuspendedAccountsFloodIsRefusedWithTheCoresAnswerWhichItsStateTableHolds() {
        Account suspended = Account.parse("suspended@sandbox-core.example");
        relayControl.suspend(suspended, "relaying suspended, case RW-77");

        SandboxMailServer.FloodResult flood = sandbox.flood(suspended, 3, 2, SandboxMailServer.Upstream.ACCEPTS);

        assertThat(flood.refused()).isEqualTo(3);
        assertThat(flood.state()).isEqualTo(RelayState.SUSPENDED);
        assertThat(flood.answers()).isEqualTo(Map.of("451 4.7.1 relaying suspended, case RW-77", 6));
        assertThat(traffic.submissionsSince(suspended, Instant.EPOCH).count()).as("refused: no submissions").isZero();
        Await.until("the state table written", Duration.ofSeconds(10),
                () -> stateTable.actionOf(suspended).equals(Optional.of("451 4.7.1 relaying suspended, case RW-77")));

        relayControl.restore(suspended);
        Await.until("the state table without the login", Duration.ofSeconds(10), () -> stateTable.actionOf(suspended).isEmpty());
        assertThat(sandbox.flood(suspended, 2, 1, SandboxMailServer.Upstream.ACCEPTS).delivered()).isEqualTo(2);
    }
}
