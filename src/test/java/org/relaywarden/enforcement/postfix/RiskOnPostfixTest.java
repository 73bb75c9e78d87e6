package org.relaywarden.enforcement.postfix;

import org.relaywarden.testsupport.Ports;
import org.relaywarden.testsupport.Await;
import org.relaywarden.quarantine.QuarantineService;
import org.relaywarden.cases.CaseRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.RelayControl;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.testsupport.relay.Flood;
import org.relaywarden.testsupport.relay.SmtpSink;
import org.relaywarden.testsupport.relay.TestPostfix;
import org.relaywarden.enforcement.risk.RiskCore;
import org.relaywarden.enforcement.risk.RiskFloods;
import org.relaywarden.enforcement.risk.RiskLevel;
import org.relaywarden.enforcement.risk.RiskListener;
import org.relaywarden.enforcement.risk.RiskVerdict;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The policy core's risk with the default settings on real Postfix, configured exactly as docs/postfix.md says
 * (the customer's Postfix relaying through the provider's with SMTP AUTH; a sink standing for the internet):
 * the seed's flood with forged senders to many recipient domains, and its variant from the account's own address
 * with one recipient each, are held after a handful of messages (HOLD: the rest waits in the provider's hold
 * queue); a neighbour sending 120, then 500 messages at full speed to its partners is untouched.
 */
@SpringBootTest(properties = {
        "camunda.bpm.process-engine-name=riskonpostfix",
        "spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "relaywarden.mail-server=postfix",
        "spring.datasource.url=jdbc:h2:mem:postfix-risk;DB_CLOSE_DELAY=-1",
        "relaywarden.risk.enabled=true",
        // the deferred-queue detector is not what this test is about (the upstream accepts everything)
        "relaywarden.detection.deferred.enabled=false"})
@DirtiesContext
class RiskOnPostfixTest {

    static final Account KUNDE = Account.parse("kunde@risk.test");
    static final Account SHOP = Account.parse("shop@risk.test");
    static final Account NACHBAR = Account.parse("nachbar@risk.test");
    static final String PW = "risk-pw";
    static final int POLICY_PORT = Ports.freePort();
    static final String SPAM = "X-Spam-Marker: risk";
    static final String OWN = "X-Spam-Marker: own-sender";
    static final String LEGIT = "X-Legit: neighbour";

    static SmtpSink internet;
    static TestPostfix provider;
    static Path quarantineDir;

    @DynamicPropertySource
    static void twoPostfixes(DynamicPropertyRegistry registry) throws IOException {
        internet = SmtpSink.start();
        provider = TestPostfix.named("riskprovider").relayhost(internet.relayhost()).policyService(POLICY_PORT)
                .user(KUNDE.login(), PW).user(SHOP.login(), PW).user(NACHBAR.login(), PW).build().start();
        quarantineDir = Files.createTempDirectory("rw-risk-");
        provider.registerAsRelay(registry, "provider", POLICY_PORT);
        registry.add("relaywarden.quarantine.dir", quarantineDir::toString);
    }

    @AfterAll
    static void stopAll() {
        TestPostfix.closeAll(quarantineDir, provider, internet);
    }

    static final List<RiskVerdict> VERDICTS = new CopyOnWriteArrayList<>();

    @Autowired
    CaseRecords cases;
    @Autowired
    QuarantineService quarantine;

    long heldOrQuarantined(Account account) {
        return provider.queueCounts().getOrDefault("hold", 0) + RiskFloods.quarantined(cases, quarantine, account);
    }

    @TestConfiguration
    static class Listening {
        @Bean
        RiskListener recordingRiskListener() {
            return VERDICTS::add;
        }
    }

    @Autowired
    RiskCore risk;
    @Autowired
    RelayControl relays;


    /** Waits until the customer's Postfix tried everything and the provider delivered what it may. */
    static void settle(TestPostfix customer) {
        assertThat(Await.within(Duration.ofSeconds(180), () -> customer.queueCounts().getOrDefault("active", 0) == 0
                && customer.queueCounts().getOrDefault("incoming", 0) == 0)).as("the customer's Postfix tried everything").isTrue();
        assertThat(Await.within(Duration.ofSeconds(120), () -> provider.queueCounts().getOrDefault("active", 0) == 0
                && provider.queueCounts().getOrDefault("incoming", 0) == 0)).as("the provider delivered what it may").isTrue();
    }

    @Test
    void floodsAreHeldAfterAHandfulWhileTheNeighbourSendsOnUntouched() throws Exception {
        // the neighbour's legitimate mail at full speed: 120, then 500 messages to its two partner domains
        assertThat(Flood.submit(provider.smtpPort(), NACHBAR.login(), PW, NACHBAR.login(), 120, 2, i -> RiskFloods.message(LEGIT, i)))
                .hasSize(120);
        assertThat(Flood.submit(provider.smtpPort(), NACHBAR.login(), PW, NACHBAR.login(), 500, 4, i -> RiskFloods.message(LEGIT, i)))
                .hasSize(500);
        assertThat(Await.within(Duration.ofSeconds(180), () -> internet.count(LEGIT) >= 620)).as("all 620 delivered").isTrue();
        assertThat(risk.levelOf(NACHBAR)).isEqualTo(RiskLevel.NONE);

        // the seed's flood through the customer's own Postfix: forged senders, two new recipient domains a message
        try (TestPostfix customer = TestPostfix.customerOf("riskcustomer", provider, KUNDE.login(), PW)) {
            Flood.submit(customer.smtpPort(), null, null, RiskFloods.forged("forged"), 300, 4,
                    i -> RiskFloods.message(SPAM, i), RiskFloods.newDomains("s", 2));
            settle(customer);
        }
        long spamOut = internet.count(SPAM);
        // nothing lost: what the core held is in the provider's hold queue, or, once the case its verdict opened has
        // suspended the account, in the case's quarantine
        Await.within(Duration.ofSeconds(60), () -> heldOrQuarantined(KUNDE) > 0);
        long held = heldOrQuarantined(KUNDE);
        System.out.printf("risk on Postfix: seed flood %d of 300 out, %d held at the provider or quarantined; verdicts %s%n", spamOut, held,
                VERDICTS.stream().map(v -> v.account() + " " + v.level() + " " + v.reasons()).toList());
        assertThat(spamOut).as("seed flood that reached the internet").isLessThanOrEqualTo(10);
        assertThat(held).as("held at the provider or quarantined by its case: nothing lost").isPositive();
        assertThat(VERDICTS).filteredOn(v -> v.account().equals(KUNDE)).extracting(RiskVerdict::level).first()
                .isEqualTo(RiskLevel.HOLD);
        assertThat(VERDICTS).filteredOn(v -> v.account().equals(KUNDE)).first().extracting(RiskVerdict::reasons).asList()
                .anySatisfy(r -> assertThat(r.toString()).contains("that are not yours"));

        // its variant: the account's own address, one recipient each, every one in a domain never written to before
        try (TestPostfix customer = TestPostfix.customerOf("riskshop", provider, SHOP.login(), PW)) {
            Flood.submit(customer.smtpPort(), null, null, i -> SHOP.login(), 300, 4, i -> RiskFloods.message(OWN, i),
                    RiskFloods.newDomains("d", 1));
            settle(customer);
        }
        long ownOut = internet.count(OWN);
        System.out.printf("risk on Postfix: own-sender flood %d of 300 out%n", ownOut);
        assertThat(ownOut).as("own-sender flood that reached the internet").isLessThanOrEqualTo(10);
        // the core holds or refuses it, or the case its verdict opened has already taken the account off ACTIVE
        assertThat(risk.levelOf(SHOP) != RiskLevel.NONE || relays.stateOf(SHOP) != RelayState.ACTIVE)
                .as("shop held or refused by the core, or its relay state changed by its case").isTrue();

        assertThat(VERDICTS).noneMatch(v -> v.account().equals(NACHBAR));
        assertThat(internet.count(LEGIT)).isEqualTo(620);
        assertThat(relays.stateOf(NACHBAR)).isEqualTo(RelayState.ACTIVE);
    }
}
