package org.relaywarden.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.enforcement.RelayControl;
import org.relaywarden.enforcement.sandbox.SandboxMailServer;
import org.relaywarden.questionnaire.QuestionnaireService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 item 5 on the sandbox relay: the evidence tells the volume. Most of a flood got out
 * before anyone noticed (250 messages to 2 recipients each, accepted and delivered), 40 more sit
 * deferred in the queue, the account is suspended by hand and its server is refused 10 times, then
 * monitoring raises the alert. The case, the first letter, the review context and the metrics
 * count what the relay counted, not only what was left to quarantine.
 */
@RelaywardenSpringBootTest
class EvidenceCountsOnSandboxTest {

    @Autowired
    TestRestTemplate rest;
    @Autowired
    SandboxMailServer sandbox;
    @Autowired
    RelayControl relayControl;
    @Autowired
    QuestionnaireService questionnaire;
    @Autowired
    MeterRegistry meters;

    @Test
    void theCaseTheFirstLetterTheReviewAndTheMetricsCountWhatTheRelayCounted() {
        Api api = new Api(rest);
        Account account = Account.parse("volume@evidence.example");
        double refusedBefore = evidenceMetric("refused");
        double acceptedBefore = evidenceMetric("accepted_before_stop");
        double quarantinedBefore = evidenceMetric("quarantined");

        sandbox.flood(account, 250, 2, SandboxMailServer.Upstream.ACCEPTS);
        sandbox.flood(account, 40, 2, SandboxMailServer.Upstream.DEFERS);
        relayControl.suspend(account, "suspended by hand before the alert");
        assertThat(sandbox.flood(account, 10, 3, SandboxMailServer.Upstream.ACCEPTS).refused()).isEqualTo(10);

        String caseId = api.post("monitoring", "/api/v1/alerts",
                "{\"account\":\"volume@evidence.example\",\"source\":\"queue-monitor\",\"reason\":\"40 deferred\"}")
                .getBody().path("caseId").asText();
        JsonNode c = api.awaitStage(caseId, "AWAITING_ANSWERS");

        JsonNode e = c.path("evidence");
        assertThat(e.path("submissionsLast24h").asLong()).isEqualTo(290);
        assertThat(e.path("recipientsLast24h").asLong()).isEqualTo(580);
        assertThat(e.path("distinctClientsLast24h").asLong()).isEqualTo(5);
        assertThat(e.path("refusedLast24h").asLong()).isEqualTo(10);
        assertThat(e.path("acceptedBeforeStop").asLong()).isEqualTo(290);
        assertThat(e.path("messageCount").asInt()).as("quarantined").isEqualTo(40);
        assertThat(e.path("recipientCount").asInt()).as("recipients of the quarantined").isEqualTo(80);
        assertThat(e.path("windowMessages").asLong()).isEqualTo(290);
        assertThat(e.path("windowRecipients").asLong()).isEqualTo(580);

        JsonNode firstNotice = SeedScenarioOnSandboxTest.awaitLetter(api, caseId, "FIRST_NOTICE", 1);
        assertThat(firstNotice.path("body").asText()).contains(
                "- Eingelieferte Nachrichten: 290 an 580 Empfänger, von 5 Client-Adressen\n",
                "- Abgewiesen, weil der Versand gesperrt war: 10 Versuche\n",
                "- Vor der Sperre angenommen: 290 Nachrichten\n",
                "- In Quarantäne: 40 Nachrichten an 80 Empfänger\n",
                "| 2 Empfänger\n").doesNotContain("| 0 Empfänger");

        String summary = (String) questionnaire.reviewContext(CaseReference.parse(caseId)).get("evidenceSummary");
        assertThat(summary).contains("290 messages to 580 recipients from 5 client addresses", "10 attempts refused while suspended",
                "290 accepted before the suspension", "40 messages quarantined (to 80 recipients)");

        // other tests' cases may gather their evidence meanwhile (the context is shared), but none of them has refused attempts
        assertThat(evidenceMetric("refused") - refusedBefore).isEqualTo(10);
        assertThat(evidenceMetric("accepted_before_stop") - acceptedBefore).isGreaterThanOrEqualTo(290);
        assertThat(evidenceMetric("quarantined") - quarantinedBefore).isGreaterThanOrEqualTo(40);

        api.post("operator", "/api/v1/cases/" + caseId + "/close", "{\"finalRelayState\":\"SUSPENDED\",\"reason\":\"test over\"}");
        api.awaitStage(caseId, "CLOSED");
    }

    double evidenceMetric(String kind) {
        Counter c = meters.find("relaywarden.evidence.messages").tag("kind", kind).counter();
        return c == null ? 0 : c.count();
    }
}
