package org.relaywarden.enforcement.postfix;

import org.relaywarden.testsupport.Ports;
import org.relaywarden.testsupport.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseOutcome;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseStage;
import org.relaywarden.cases.RemediationCase;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.RelayControl;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.testsupport.relay.Flood;
import org.relaywarden.testsupport.relay.SmtpSink;
import org.relaywarden.testsupport.relay.TestPostfix;
import org.relaywarden.enforcement.risk.RiskLevel;
import org.relaywarden.enforcement.risk.RiskListener;
import org.relaywarden.enforcement.risk.RiskVerdict;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Issue 29 on a real Postfix configured as docs/postfix.md says (policy service, SASL access map), with a sink
 * standing for the internet: a HOLD verdict handed to the application's {@link RiskListener} (the policy core's
 * risk itself is on the core's branch) opens a case held for review, whose process sets the account HELD through
 * RelayControl, the durable hold of the staged re-enable. The account's mail then sits in Postfix's hold queue
 * (nothing reaches the sink); one operator action, {@code POST /api/v1/cases/{id}/release-held}, releases it and
 * every held message reaches the sink; the account relays again and the case closes as a false positive.
 */
@SpringBootTest(properties = {
        // an engine name of its own: a closing context unregisters its engine's name, and the scenario tests' engine is "default"
        "camunda.bpm.process-engine-name=heldonpostfix",
        // the Camunda webapps keep JVM-wide state: only the shared scenario context may start them
        "spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "relaywarden.mail-server=postfix",
        "relaywarden.process.retry-cycle=R3/PT1S",
        "relaywarden.detection.rate.enabled=false",
        "relaywarden.detection.deferred.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:postfix-held-for-review;DB_CLOSE_DELAY=-1"})
@AutoConfigureMockMvc
@DirtiesContext
class HeldForReviewOnPostfixTest {

    static final Account SHOP = Account.parse("shop@example.test");
    static final String PW = "shop-pw";
    static final int POLICY_PORT = Ports.freePort();
    static final int NEWSLETTER = 60;
    static final String MARKER = "X-Newsletter: december";

    static SmtpSink sink;
    static TestPostfix provider;
    static Path quarantineDir;

    @DynamicPropertySource
    static void postfixAndSink(DynamicPropertyRegistry registry) throws IOException {
        sink = SmtpSink.start();
        provider = TestPostfix.named("provider").relayhost(sink.relayhost()).policyService(POLICY_PORT)
                .user(SHOP.login(), PW).build().start();
        quarantineDir = Files.createTempDirectory("rw-held-quarantine-");
        provider.registerAsRelay(registry, "provider", POLICY_PORT);
        registry.add("relaywarden.postfix.relays.provider.maillog", () -> provider.root().resolve("maillog").toString());
        registry.add("relaywarden.quarantine.dir", quarantineDir::toString);
    }

    @AfterAll
    static void stopAll() {
        TestPostfix.closeAll(quarantineDir, provider, sink);
    }

    @Autowired
    RiskListener risk;
    @Autowired
    CaseRecords cases;
    @Autowired
    RelayControl relays;
    @Autowired
    PostfixMailQueue queue;
    @Autowired
    MockMvc mvc;

    static String newsletter(int i) {
        return "From: <news@shop.example>\nTo: <reader" + i + "@remote.test>\nSubject: December offers " + i + "\n"
                + MARKER + "\n\nOur offers this month.\n";
    }

    @Test
    void heldMailInPostfixsHoldQueueIsReleasedWithOneActionAndEveryMessageReachesTheSink() throws Exception {
        risk.risky(new RiskVerdict(SHOP, RiskLevel.HOLD, 0.71, List.of("400 recipients in 30 s (normal: 5 an hour)",
                "30 recipient domains never seen"), Instant.now()));
        Await.until("a case held for review", Duration.ofSeconds(60), () -> cases.findOpen(SHOP)
                .map(c -> c.stage() == CaseStage.HELD_FOR_REVIEW).orElse(false));
        CaseReference ref = cases.findOpen(SHOP).orElseThrow().reference();
        Await.until("the account held on the relay", Duration.ofSeconds(60), () -> relays.stateOf(SHOP) == RelayState.HELD);

        // the shop's newsletter, with SMTP AUTH: accepted, and kept in Postfix's hold queue
        List<String> accepted = Flood.submit(provider.smtpPort(), SHOP.login(), PW, "news@shop.example", NEWSLETTER, 2,
                HeldForReviewOnPostfixTest::newsletter);
        assertThat(accepted).hasSize(NEWSLETTER);
        Await.until("every message in the hold queue", Duration.ofSeconds(60),
                () -> queue.messagesOf(SHOP, EnumSet.of(QueueName.HOLD)).size() == NEWSLETTER);
        Thread.sleep(2000); // a held message delivered anyway would reach the sink within this
        assertThat(sink.count(MARKER)).as("held mail that reached the sink").isZero();

        mvc.perform(post("/api/v1/cases/" + ref + "/release-held").with(httpBasic("agent", "agent"))
                .contentType(MediaType.APPLICATION_JSON).content("{}")).andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/cases/" + ref + "/release-held").with(httpBasic("operator", "operator"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"note\":\"the monthly newsletter\"}"))
                .andExpect(status().isAccepted());

        Await.until("every held message at the sink", Duration.ofSeconds(120), () -> sink.count(MARKER) == NEWSLETTER);
        Await.until("the case closed", Duration.ofSeconds(60), () -> !cases.get(ref).isOpen());
        RemediationCase closed = cases.get(ref);
        assertThat(closed.outcome()).isEqualTo(CaseOutcome.CLOSED_BY_OPERATOR);
        assertThat(closed.finalRelayState()).isEqualTo("ACTIVE");
        assertThat(relays.stateOf(SHOP)).isEqualTo(RelayState.ACTIVE);
        assertThat(queue.messagesOf(SHOP, EnumSet.allOf(QueueName.class))).isEmpty();
        assertThat(cases.auditTrail(ref)).anySatisfy(a -> assertThat(a.detail()).contains(NEWSLETTER + " held messages released"));

        // relaying again: the next message goes straight out
        Flood.submit(provider.smtpPort(), SHOP.login(), PW, "news@shop.example", 1, 1, i -> newsletter(NEWSLETTER + i));
        Await.until("a new message at the sink", Duration.ofSeconds(60), () -> sink.count(MARKER) == NEWSLETTER + 1);
    }
}
