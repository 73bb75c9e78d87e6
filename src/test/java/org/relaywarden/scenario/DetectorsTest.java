package org.relaywarden.scenario;

import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.RemediationCase;
import org.relaywarden.detection.DeferredQueueDetector;
import org.relaywarden.detection.RateDetector;
import org.relaywarden.enforcement.RelayControl;
import org.relaywarden.enforcement.sandbox.SandboxMailServer;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built-in detectors on the sandbox relay: an account's deferred pile and an account's rate
 * open cases; quiet, allowlisted and raised-limit accounts do not; a second look adds nothing.
 */
@RelaywardenSpringBootTest
class DetectorsTest {

    @Autowired
    DeferredQueueDetector deferred;
    @Autowired
    RateDetector rate;
    @Autowired
    SandboxMailServer sandbox;
    @Autowired
    RelayControl relayControl;
    @Autowired
    CaseRecords cases;

    Optional<RemediationCase> open(String login) {
        return cases.findOpen(Account.parse(login));
    }

    @Test
    void deferredPilesAboveTheThresholdOpenACaseFromTheQueueMonitor() {
        sandbox.flood(Account.parse("pile@detectors.example"), 150, 1, SandboxMailServer.Upstream.DEFERS);
        sandbox.flood(Account.parse("quiet@detectors.example"), 20, 1, SandboxMailServer.Upstream.DEFERS);
        sandbox.flood(Account.parse("bulk@detectors.example"), 500, 1, SandboxMailServer.Upstream.DEFERS);
        sandbox.flood(Account.parse("newsletter@detectors.example"), 300, 1, SandboxMailServer.Upstream.DEFERS);

        deferred.look();

        RemediationCase c = open("pile@detectors.example").orElseThrow();
        assertThat(c.source()).isEqualTo("queue-monitor");
        assertThat(c.reason()).contains("150 messages deferred on relay sandbox");
        assertThat(open("quiet@detectors.example")).isEmpty();
        assertThat(open("bulk@detectors.example")).as("allowlisted").isEmpty();
        assertThat(open("newsletter@detectors.example")).as("raised limit").isEmpty();

        deferred.look();
        assertThat(cases.alertCount(c.reference())).isEqualTo(1);
    }

    @Test
    void aFloodThroughTheRelayOpensACaseFromTheRateDetector() {
        // the default limits: 750 messages and 3,000 recipients an hour (the floor: these accounts have no history)
        sandbox.flood(Account.parse("fast@detectors.example"), 800, 2, SandboxMailServer.Upstream.ACCEPTS);
        sandbox.flood(Account.parse("wide@detectors.example"), 200, 16, SandboxMailServer.Upstream.ACCEPTS);
        sandbox.flood(Account.parse("slow@detectors.example"), 620, 1, SandboxMailServer.Upstream.ACCEPTS);

        rate.look();

        assertThat(open("fast@detectors.example").orElseThrow().reason()).startsWith("800 messages in 60 minutes (floor limit 750)");
        assertThat(open("wide@detectors.example").orElseThrow().reason()).startsWith("3200 recipients in 60 minutes (floor limit 3000)");
        assertThat(open("fast@detectors.example").orElseThrow().source()).isEqualTo("rate-detector");
        assertThat(open("slow@detectors.example")).isEmpty();
    }

    @Test
    void aSuspendedAccountsRefusedRetriesOpenNoCase() {
        // a terminated customer's account stays suspended with its case closed; its spammer keeps trying
        Account terminated = Account.parse("terminated@detectors.example");
        relayControl.suspend(terminated, "terminated, case RW-0");
        assertThat(sandbox.flood(terminated, 800, 3, SandboxMailServer.Upstream.ACCEPTS).refused()).isEqualTo(800);

        rate.look();

        assertThat(open("terminated@detectors.example")).as("refused attempts are no submissions").isEmpty();
        relayControl.restore(terminated);
    }
}
