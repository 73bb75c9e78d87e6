package org.relaywarden.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.cases.AuditEntry;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.RemediationCase;
import org.relaywarden.detection.AccountAllowances;
import org.relaywarden.detection.DeferredQueueDetector;
import org.relaywarden.detection.RateDetector;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.limits.SendingLimits;
import org.relaywarden.enforcement.sandbox.SandboxMailServer;
import org.relaywarden.testsupport.SteppingClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 item 4 on the sandbox relay, with a clock the test moves: a shop's newsletter trips the
 * rate detector, the operator closes the case as a false positive (final state ACTIVE), the
 * newsletter goes on: no new case for the 24 hours of the quiet period, however many dedup buckets
 * pass; after it the account's limit is raised to the most it was seen sending in one window
 * (audited on the closed case) and the rate detector alerts only above that.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camunda.bpm.process-engine-name=falsepositive",
        // the Camunda webapps keep JVM-wide state: only the shared scenario context may start them
        "spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "spring.datasource.url=jdbc:h2:mem:false-positive;DB_CLOSE_DELAY=-1",
        "relaywarden.quarantine.dir=${java.io.tmpdir}/relaywarden-false-positive-quarantine",
        "relaywarden.mail-server=sandbox",
        // the risk and the limits on the request path off: this is about the volume detectors (the safety net, as in
        // DetectorsOnPostfixTest) and the limits after a false positive; the core that the sandbox asks would otherwise
        // hold or refuse the test's floods itself (SandboxAsksThePolicyCoreTest)
        "relaywarden.risk.enabled=false",
        "relaywarden.limits.enabled=false",
        "relaywarden.process.retry-cycle=R3/PT1S",
        "camunda.bpm.job-execution.wait-time-in-millis=100",
        "camunda.bpm.job-execution.max-wait=500",
        // the detectors look only when the test asks them to
        "relaywarden.detection.deferred.enabled=false",
        "relaywarden.detection.rate.enabled=false",
        // limits of 200 messages / 1,000 recipients in 5 minutes, so that a newsletter of a few hundred trips them
        "relaywarden.limits.window=PT5M",
        "relaywarden.limits.floor-messages=200",
        "relaywarden.limits.floor-recipients=1000",
})
@DirtiesContext
class FalsePositiveQuietPeriodTest {

    static final SteppingClock CLOCK = new SteppingClock(Instant.now());
    static final Account SHOP = Account.parse("newsletter@falsepos.example");

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        Clock steppingClock() {
            return CLOCK;
        }
    }

    @Autowired
    TestRestTemplate rest;
    @Autowired
    SandboxMailServer sandbox;
    @Autowired
    RateDetector rate;
    @Autowired
    AccountAllowances allowances;
    @Autowired
    CaseRecords cases;
    @Autowired
    MeterRegistry meters;
    @Autowired
    SendingLimits limits;
    @Autowired
    DeferredQueueDetector deferred;

    @Test
    void aFalsePositiveClosedActiveIsNotReopenedByTheSameTrafficAndRaisesTheLimitAfterTheQuietPeriod() {
        Api api = new Api(rest);

        // the shop's newsletter: 250 messages in a few minutes, above the limit of 200 in 5 minutes
        sandbox.flood(SHOP, 250, 2, SandboxMailServer.Upstream.ACCEPTS);
        rate.look();
        RemediationCase first = open().orElseThrow();
        assertThat(first.reason()).startsWith("250 messages in 5 minutes (floor limit 200)");
        String caseId = first.reference().toString();
        JsonNode suspended = api.awaitStage(caseId, "AWAITING_ANSWERS");
        assertThat(suspended.path("evidence").path("windowMessages").asLong()).isEqualTo(250);
        assertThat(suspended.path("evidence").path("windowRecipients").asLong()).isEqualTo(500);

        // the operator: a false positive, the account goes back to ACTIVE
        assertThat(api.post("operator", "/api/v1/cases/" + caseId + "/close",
                "{\"finalRelayState\":\"ACTIVE\",\"reason\":\"the shop's newsletter, a false positive\"}").getStatusCode())
                .isEqualTo(HttpStatus.ACCEPTED);
        api.awaitStage(caseId, "CLOSED");
        assertThat(sandbox.stateOf(SHOP)).isEqualTo(RelayState.ACTIVE);
        assertThat(allowances.inQuietPeriod(SHOP)).isTrue();
        assertThat(actions(first.reference())).contains("QUIET_PERIOD");

        // the newsletter goes on, in ever new dedup buckets (10 minutes), up to the end of the quiet period
        int[] batches = {300, 320, 310, 290};
        for (int messages : batches) {
            CLOCK.advance(Duration.ofMinutes(11));
            sandbox.flood(SHOP, messages, 2, SandboxMailServer.Upstream.ACCEPTS);
            rate.look();
            assertThat(open()).as("no case within the quiet period (" + messages + " messages)").isEmpty();
        }
        CLOCK.advance(Duration.ofHours(23));
        sandbox.flood(SHOP, 300, 2, SandboxMailServer.Upstream.ACCEPTS);
        rate.look();
        assertThat(open()).as("23 hours on, still quiet").isEmpty();
        // the operator said its traffic is legitimate: no limit refuses it (nor alerts on it) in the quiet period
        assertThat(limits.limitOf(SHOP).basis()).isEqualTo("quiet period");
        assertThat(limits.limitOf(SHOP).unlimited()).isTrue();
        assertThat(sandbox.stateOf(SHOP)).isEqualTo(RelayState.ACTIVE);
        assertThat(allowances.raisedMessageLimit(SHOP)).as("not raised before the quiet period is over").isEmpty();

        // the quiet period is over: the limits are raised to the most seen in one window (320 messages, 640 recipients)
        CLOCK.advance(Duration.ofMinutes(30)); // 4 x 11 min + 23 h + 30 min: 24 h 14 min after the close
        allowances.refresh();
        assertThat(allowances.inQuietPeriod(SHOP)).isFalse();
        assertThat(allowances.raisedMessageLimit(SHOP)).hasValue(320);
        assertThat(allowances.raisedRecipientLimit(SHOP)).hasValue(640);
        assertThat(cases.auditTrail(first.reference())).filteredOn(a -> a.action().equals("LIMIT_RAISED"))
                .singleElement().satisfies(a -> assertThat(a.detail()).contains("320 messages, 640 recipients"));

        // the rate detector uses the raised limit: 300 in a window is the shop's normal now, 330 is not
        sandbox.flood(SHOP, 300, 2, SandboxMailServer.Upstream.ACCEPTS);
        rate.look();
        assertThat(open()).as("300 messages: below the raised limit of 320").isEmpty();
        sandbox.flood(SHOP, 30, 1, SandboxMailServer.Upstream.ACCEPTS);
        rate.look();
        assertThat(open().orElseThrow().reason()).startsWith("330 messages in 5 minutes (raised limit 320)");
    }

    @Test
    void monitoringOverRestStillOpensACaseInTheQuietPeriodAndThenNoLimitIsRaised() {
        Api api = new Api(rest);
        Account list = Account.parse("list@falsepos.example");
        sandbox.flood(list, 260, 1, SandboxMailServer.Upstream.ACCEPTS);
        rate.look();
        RemediationCase first = cases.findOpen(list).orElseThrow();
        String caseId = first.reference().toString();
        api.awaitStage(caseId, "AWAITING_ANSWERS");
        api.post("operator", "/api/v1/cases/" + caseId + "/close", "{\"finalRelayState\":\"ACTIVE\",\"reason\":\"a mailing list\"}");
        api.awaitStage(caseId, "CLOSED");

        // the password is cracked after all: 900 messages; the detectors keep quiet, monitoring does not
        CLOCK.advance(Duration.ofMinutes(11));
        sandbox.flood(list, 900, 1, SandboxMailServer.Upstream.ACCEPTS);
        rate.look();
        assertThat(cases.findOpen(list)).as("quiet period: the rate detector opens no case").isEmpty();
        // nor the deferred-queue detector: its alert is logged and counted, no case
        double quietBefore = quietAlerts("queue-monitor");
        sandbox.flood(list, 150, 1, SandboxMailServer.Upstream.DEFERS);
        deferred.look();
        assertThat(cases.findOpen(list)).as("quiet period: the deferred-queue detector opens no case").isEmpty();
        assertThat(quietAlerts("queue-monitor") - quietBefore).isEqualTo(1);
        String second = api.post("monitoring", "/api/v1/alerts",
                "{\"account\":\"list@falsepos.example\",\"source\":\"spam-trap\",\"reason\":\"hits on our traps\"}")
                .getBody().path("caseId").asText();
        api.awaitStage(second, "AWAITING_ANSWERS");
        assertThat(sandbox.stateOf(list)).isEqualTo(RelayState.SUSPENDED);
        assertThat(api.post("operator", "/api/v1/cases/" + second + "/close",
                "{\"finalRelayState\":\"SUSPENDED\",\"reason\":\"abuse\"}").getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        api.awaitStage(second, "CLOSED");

        // the 900 were abuse, not the list's normal: no limit is raised from them
        CLOCK.advance(Duration.ofHours(25));
        allowances.refresh();
        assertThat(allowances.raisedMessageLimit(list)).isEmpty();
        assertThat(cases.auditTrail(first.reference())).filteredOn(a -> a.action().equals("QUIET_PERIOD_OVER"))
                .singleElement().satisfies(a -> assertThat(a.detail()).contains("not raised"));
    }

    Optional<RemediationCase> open() {
        return cases.findOpen(SHOP);
    }

    List<String> actions(CaseReference ref) {
        return cases.auditTrail(ref).stream().map(AuditEntry::action).toList();
    }

    double quietAlerts(String source) {
        Counter c = meters.find("relaywarden.alerts").tag("source", source).tag("result", "quiet-period").counter();
        return c == null ? 0 : c.count();
    }
}
