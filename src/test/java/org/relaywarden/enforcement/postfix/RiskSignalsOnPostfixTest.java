package org.relaywarden.enforcement.postfix;

import org.relaywarden.testsupport.Ports;
import org.relaywarden.testsupport.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.RelayControl;
import org.relaywarden.testsupport.relay.Flood;
import org.relaywarden.testsupport.relay.SmtpSink;
import org.relaywarden.testsupport.relay.SmtpTestClient;
import org.relaywarden.testsupport.relay.TestPostfix;
import org.relaywarden.enforcement.risk.AccountProfiles;
import org.relaywarden.enforcement.risk.RiskCore;
import org.relaywarden.enforcement.risk.RiskFloods;
import org.relaywarden.enforcement.risk.RiskHistory;
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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The risk's slower signals on real Postfix, configured as docs/postfix.md says (SMTP AUTH, the policy service, the
 * mail log the adapter reads), in real time: a cracked firm account dripping mail as itself to one new domain a
 * message, held by its own learned new-domain rate; an account whose recipients the receiving server refuses, held
 * by the refusals Postfix logs. A second sink stands for a receiving server that refuses everything
 * ({@code refusing.test} is routed there); everything else reaches the accepting sink.
 */
@SpringBootTest(properties = {
        "camunda.bpm.process-engine-name=risksignalsonpostfix",
        "spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "relaywarden.mail-server=postfix",
        "spring.datasource.url=jdbc:h2:mem:postfix-risk-signals;DB_CLOSE_DELAY=-1",
        "relaywarden.risk.enabled=true",
        "relaywarden.detection.deferred.enabled=false"})
@DirtiesContext
class RiskSignalsOnPostfixTest {

    static final Account FIRM = Account.parse("relay@firm.test");
    static final Account BOUNCER = Account.parse("kunde@bounce.test");
    static final Account NACHBAR = Account.parse("nachbar@bounce.test");
    static final String PW = "signals-pw";
    static final int POLICY_PORT = Ports.freePort();
    static final String DRIP = "X-Spam-Marker: drip";
    static final String REFUSED = "X-Spam-Marker: refused";
    static final String LEGIT = "X-Legit: partner";

    static SmtpSink internet;
    static SmtpSink refusing;
    static TestPostfix provider;

    static final List<RiskVerdict> VERDICTS = new CopyOnWriteArrayList<>();

    @DynamicPropertySource
    static void postfixAndTwoReceivers(DynamicPropertyRegistry registry) {
        internet = SmtpSink.start();
        refusing = SmtpSink.refusing("550 5.7.1 Service unavailable; sender reputation too low");
        provider = TestPostfix.named("signalsprovider").relayhost(internet.relayhost()).policyService(POLICY_PORT)
                .set("transport_maps", "inline:{refusing.test=smtp:" + refusing.relayhost() + "}")
                .user(FIRM.login(), PW).user(BOUNCER.login(), PW).user(NACHBAR.login(), PW).build().start();
        provider.registerAsRelay(registry, "provider", POLICY_PORT);
        registry.add("relaywarden.postfix.relays.provider.maillog", () -> provider.root().resolve("maillog").toString());
    }

    @AfterAll
    static void stopAll() {
        TestPostfix.closeAll(null, provider, internet, refusing);
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
    AccountProfiles profiles;
    @Autowired
    RelayControl relays;

    static List<RiskVerdict> of(Account a) {
        return VERDICTS.stream().filter(v -> v.account().equals(a)).toList();
    }

    @Test
    void aCrackedFirmDrippingAsItselfToNewDomainsIsHeldByItsOwnLearnedRate() {
        // four weeks of the firm's mail as the request path observes it (simulated history, written and learned as
        // every node learns it); its profile adds 1 new recipient domain an hour
        RiskHistory.firm(profiles, FIRM, System.currentTimeMillis(), "firm.test", "127.0.0.1");
        assertThat(profiles.profileOf(FIRM).newDomainsPerHour()).isEqualTo(1);

        // one message every 6 s as itself, each to a domain it never wrote to: slower than anything the account's
        // minute shows (10 a minute, its learned pace), so only the hour holds it: the provider's 60 would let ~45 out
        List<SmtpTestClient.Reply> replies = Flood.drip(provider.smtpPort(), FIRM.login(), PW, i -> FIRM.login(), 20,
                Duration.ofSeconds(6), i -> RiskFloods.message(DRIP, i), RiskFloods.newDomains("slow", 1));
        assertThat(replies).as("HOLD accepts into the hold queue: nothing refused, nothing lost").extracting(SmtpTestClient.Reply::code)
                .containsOnly(250);
        Await.within(Duration.ofSeconds(60), () -> provider.queueCounts().getOrDefault("active", 0) == 0
                && provider.queueCounts().getOrDefault("incoming", 0) == 0);
        // (the other test's bounce notifications reach this sink too, with their own marker)
        long out = internet.count(DRIP);
        System.out.printf("as-itself drip on Postfix (every 6 s, learned firm): %d of 20 out; verdicts %s%n", out,
                of(FIRM).stream().map(v -> v.level() + " " + v.reasons()).toList());
        assertThat(of(FIRM)).extracting(RiskVerdict::level).first().isEqualTo(RiskLevel.HOLD);
        assertThat(of(FIRM).get(0).reasons()).anySatisfy(r -> assertThat(r).startsWith("12 recipient domains never written to "
                + "before (12 in an hour; it adds at most 1 an hour)"));
        assertThat(out).as("the drip that reached the internet").isLessThanOrEqualTo(12);
        assertThat(out + provider.queueCounts().getOrDefault("hold", 0)).as("the rest in the hold queue").isGreaterThanOrEqualTo(20);
    }

    @Test
    void recipientsTheReceivingServerRefusesHoldTheAccountWhileItsNeighbourSendsOn() {
        // the neighbour writes to its partner, whose server accepts
        assertThat(Flood.submit(provider.smtpPort(), NACHBAR.login(), PW, i -> NACHBAR.login(), 30, 1,
                i -> RiskFloods.message(LEGIT, i), i -> new String[]{"p" + i + "@partner.test"})).hasSize(30);
        // the account's mail, as itself, to one domain whose server refuses every recipient: one message a second
        // (its pace alone weighs at most 0.5, its one new domain next to nothing)
        List<SmtpTestClient.Reply> replies = Flood.drip(provider.smtpPort(), BOUNCER.login(), PW, i -> BOUNCER.login(), 40,
                Duration.ofSeconds(1), i -> RiskFloods.message(REFUSED, i), i -> new String[]{"u" + i + "@refusing.test"});
        assertThat(replies).extracting(SmtpTestClient.Reply::code).containsOnly(250);
        assertThat(Await.within(Duration.ofSeconds(60), () -> !of(BOUNCER).isEmpty())).as("a verdict").isTrue();
        RiskVerdict v = of(BOUNCER).get(0);
        System.out.printf("refusals on Postfix: %s %s; %d held at the provider%n", v.level(), v.reasons(),
                provider.queueCounts().getOrDefault("hold", 0));
        assertThat(v.level()).isEqualTo(RiskLevel.HOLD);
        assertThat(v.reasons()).anySatisfy(r -> assertThat(r).matches("\\d+ of \\d+ recipients refused by the receiving "
                + "servers in 10 min \\(\\d+ refused, 0 deferred\\)"));
        assertThat(provider.queueCounts().getOrDefault("hold", 0)).as("what came after the verdict waits in the hold queue")
                .isPositive();
        assertThat(Await.within(Duration.ofSeconds(60), () -> internet.count(LEGIT) == 30)).isTrue();
        assertThat(of(NACHBAR)).isEmpty();
        assertThat(relays.stateOf(NACHBAR)).isEqualTo(RelayState.ACTIVE);
    }
}
