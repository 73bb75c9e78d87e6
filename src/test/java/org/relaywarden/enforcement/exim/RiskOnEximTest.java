package org.relaywarden.enforcement.exim;

import org.relaywarden.testsupport.Ports;
import org.relaywarden.testsupport.Await;
import org.relaywarden.quarantine.QuarantineService;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseStage;
import org.relaywarden.cases.RemediationProcess;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.RelayControl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.exim.support.TestExim;
import org.relaywarden.testsupport.relay.Flood;
import org.relaywarden.testsupport.relay.SmtpSink;
import org.relaywarden.testsupport.relay.TestPostfix;
import org.relaywarden.enforcement.risk.RiskCore;
import org.relaywarden.enforcement.risk.RiskFloods;
import org.relaywarden.enforcement.risk.RiskLevel;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The policy core's risk with the default settings on a real Exim configured with the ACL of docs/exim.md
 * (upstream: a sink standing for the internet): the seed's flood with forged senders to many recipient domains
 * and its variant from the account's own address are held after a handful (Exim's {@code relaywarden_hold}
 * queue keeps the rest); a neighbour sending 120, then 500 messages at full speed is untouched.
 */
@SpringBootTest(properties = {
        "camunda.bpm.process-engine-name=riskonexim",
        "spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "relaywarden.mail-server=exim",
        "spring.datasource.url=jdbc:h2:mem:exim-risk;DB_CLOSE_DELAY=-1",
        "relaywarden.risk.enabled=true",
        "relaywarden.detection.deferred.enabled=false"})
@DirtiesContext
class RiskOnEximTest {

    static final Account KUNDE = Account.parse("kunde@risk.test");
    static final Account SHOP = Account.parse("shop@risk.test");
    static final Account NACHBAR = Account.parse("nachbar@risk.test");
    static final Account NEWS = Account.parse("news@risk.test");
    static final String PW = "risk-pw";
    static final int POLICY_PORT = Ports.freePort();
    static final String SPAM = "X-Spam-Marker: risk";
    static final String OWN = "X-Spam-Marker: own-sender";
    static final String LEGIT = "X-Legit: neighbour";
    static final String NEWSLETTER = "X-Legit: newsletter";
    static final int READERS = 400;

    static SmtpSink internet;
    static TestExim provider;
    static Path quarantineDir;

    @DynamicPropertySource
    static void exim(DynamicPropertyRegistry registry) throws IOException {
        internet = SmtpSink.start();
        provider = TestExim.named("riskexim").relayTo(internet.port()).policyService(POLICY_PORT)
                .user(KUNDE.login(), PW).user(SHOP.login(), PW).user(NACHBAR.login(), PW).user(NEWS.login(), PW).build().start();
        quarantineDir = Files.createTempDirectory("rw-risk-exim-");
        provider.registerAsRelay(registry, "provider", POLICY_PORT);
        registry.add("relaywarden.quarantine.dir", quarantineDir::toString);
    }

    @AfterAll
    static void stopAll() {
        TestPostfix.closeAll(quarantineDir, provider, internet);
    }

    @Autowired
    RiskCore risk;
    @Autowired
    RelayControl relays;


    @Autowired
    CaseRecords cases;
    @Autowired
    RemediationProcess process;
    @Autowired
    QuarantineService quarantine;

    long quarantined(Account... accounts) {
        return RiskFloods.quarantined(cases, quarantine, accounts);
    }

    long heldOrQuarantined(Account... accounts) {
        return provider.held() + quarantined(accounts);
    }

    /** The default queue's messages that are not frozen (waiting for delivery). */
    static List<String> unfrozen() {
        return provider.queued("").stream()
                .filter(id -> !provider.frozen(id) && Files.exists(provider.spool().resolve("input/" + id + "-H"))).toList();
    }

    @Test
    void floodsAreHeldAfterAHandfulWhileTheNeighbourSendsOnUntouched() throws Exception {
        assertThat(Flood.submit(provider.smtpPort(), NACHBAR.login(), PW, NACHBAR.login(), 120, 2, i -> RiskFloods.message(LEGIT, i)))
                .hasSize(120);
        assertThat(Flood.submit(provider.smtpPort(), NACHBAR.login(), PW, NACHBAR.login(), 500, 4, i -> RiskFloods.message(LEGIT, i)))
                .hasSize(500);
        assertThat(Await.within(Duration.ofSeconds(240), () -> internet.count(LEGIT) >= 620)).as("all 620 delivered").isTrue();

        int accepted = Flood.submit(provider.smtpPort(), KUNDE.login(), PW, RiskFloods.forged("forged"), 300, 4,
                i -> RiskFloods.message(SPAM, i), RiskFloods.newDomains("s", 2))
                .size();
        int ownAccepted = Flood.submit(provider.smtpPort(), SHOP.login(), PW, i -> SHOP.login(), 300, 4, i -> RiskFloods.message(OWN, i),
                RiskFloods.newDomains("d", 1)).size();
        // what was not held is delivered at once; give it time to arrive
        // (a message held between its RCPTs and its end of data stays there frozen: held, never delivered)
        assertThat(Await.within(Duration.ofSeconds(60), () -> unfrozen().isEmpty())).as("Exim's main queue delivered").isTrue();
        Thread.sleep(2000);
        long spamOut = internet.count(SPAM), ownOut = internet.count(OWN);
        Await.within(Duration.ofSeconds(60), () -> heldOrQuarantined(KUNDE, SHOP) > 0);
        long held = heldOrQuarantined(KUNDE, SHOP);
        System.out.printf("risk on Exim: seed flood %d of 300 out (%d accepted), own-sender flood %d of 300 out (%d accepted), "
                + "%d held%n", spamOut, accepted, ownOut, ownAccepted, held);
        assertThat(spamOut).as("seed flood that reached the internet").isLessThanOrEqualTo(10);
        assertThat(ownOut).as("own-sender flood that reached the internet").isLessThanOrEqualTo(10);
        assertThat(held).as("held in Exim's hold queue or quarantined by its case: nothing lost").isPositive();
        // the core holds or refuses it, or the case its verdict opened has already taken the account off ACTIVE
        // (a relay-state change lifts the core's own hold: the relay state answers from then on)
        assertThat(risk.levelOf(KUNDE) != RiskLevel.NONE || relays.stateOf(KUNDE) != RelayState.ACTIVE)
                .as("kunde held or refused by the core, or its relay state changed by its case").isTrue();
        // the core holds or refuses it, or the case its verdict opened has already taken the account off ACTIVE
        // (a relay-state change lifts the core's own hold: the relay state answers from then on)
        assertThat(risk.levelOf(SHOP) != RiskLevel.NONE || relays.stateOf(SHOP) != RelayState.ACTIVE)
                .as("shop held or refused by the core, or its relay state changed by its case").isTrue();
        assertThat(risk.levelOf(NACHBAR)).isEqualTo(RiskLevel.NONE);
        assertThat(internet.count(LEGIT)).isEqualTo(620);
    }

    /**
     * A shop's first newsletter, 400 recipients over 30 domains at full speed on 4 sessions from its own address (an
     * account without history): held for review, and every one of its messages accepted while the hold is being set
     * (a message whose RCPTs passed before the hold is held at its end of data too, not refused), then released by one
     * action: all 400 reach the sink.
     */
    @Test
    void aNewslettersEveryMessageIsAcceptedWhileItIsHeldAndAllReachTheSinkWhenReleased() throws Exception {
        List<String> accepted = Flood.submit(provider.smtpPort(), NEWS.login(), PW, i -> NEWS.login(), READERS, 4,
                i -> RiskFloods.message(NEWSLETTER, i), i -> new String[]{"reader" + i + "@isp" + (i % 30) + ".test"});
        assertThat(accepted).as("newsletter messages accepted (none refused at submission while the hold was set)")
                .hasSize(READERS);
        Await.until("a case held for review", Duration.ofSeconds(120), () -> cases.findOpen(NEWS)
                .map(c -> c.stage() == CaseStage.HELD_FOR_REVIEW).orElse(false) && relays.stateOf(NEWS) == RelayState.HELD);
        CaseReference ref = cases.findOpen(NEWS).orElseThrow().reference();
        assertThat(internet.count(NEWSLETTER)).as("newsletter messages out before the release").isLessThan(READERS);
        // the review task follows the relay's hold in a job of its own: not waiting until it is there
        Await.until("the held mail released", Duration.ofSeconds(60), () -> {
            try {
                process.releaseHeld(ref, "operator", "the shop's newsletter");
                return true;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        Await.until("every newsletter message at the sink", Duration.ofSeconds(180),
                () -> internet.count(NEWSLETTER) == READERS);
        assertThat(relays.stateOf(NEWS)).isEqualTo(RelayState.ACTIVE);
    }
}
