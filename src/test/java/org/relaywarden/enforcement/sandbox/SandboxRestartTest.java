package org.relaywarden.enforcement.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relaywarden.testsupport.ApplicationProcess;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20, item 3: the sandbox mail server keeps a case's suspension across a restart of Relaywarden, as a
 * real relay does (the policy core's relay states, its durable layer the table {@code sandbox_relay_state}). Before, the restarted sandbox had the account
 * {@code ACTIVE} while its case treated it as suspended, and accepted the next flood.
 */
class SandboxRestartTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ACCOUNT = "kunde@example.test";

    @TempDir
    Path workDir;

    @Test
    void aSuspensionOutlivesTheRestart() throws Exception {
        // the risk off: this is about the suspension a case set, not about the core's risk, which would hold the flood of
        // an account it has no profile of and open a case held for review of its own (SandboxAsksThePolicyCoreTest)
        try (ApplicationProcess app = ApplicationProcess.start("sandbox-restart", workDir, List.of(
                "--relaywarden.detection.deferred.enabled=false", "--relaywarden.detection.rate.enabled=false",
                "--relaywarden.risk.enabled=false"))) {
            assertThat(app.call("POST", "operator", "/api/v1/sandbox/accounts/" + ACCOUNT + "/flood", "{\"count\": 30}")
                    .statusCode()).isEqualTo(200);
            JsonNode opened = JSON.readTree(app.call("POST", "monitoring", "/api/v1/alerts",
                    "{\"account\":\"" + ACCOUNT + "\",\"source\":\"restart-test\"}").body());
            String caseId = opened.path("caseId").asText();
            awaitStage(app, caseId, "AWAITING_ANSWERS");
            assertThat(relayState(app)).isEqualTo("SUSPENDED");

            app.stop();
            app.launch();

            assertThat(relayState(app)).as("after the restart").isEqualTo("SUSPENDED");
            JsonNode flood = JSON.readTree(app.call("POST", "operator", "/api/v1/sandbox/accounts/" + ACCOUNT + "/flood",
                    "{\"count\": 40}").body());
            assertThat(flood.path("refused").asInt()).isEqualTo(40);
            assertThat(flood.path("deferred").asInt() + flood.path("delivered").asInt() + flood.path("held").asInt()).isZero();
            assertThat(stage(app, caseId)).isEqualTo("AWAITING_ANSWERS");

            // the operator closes the case with the account active: that, too, is kept
            assertThat(app.call("POST", "operator", "/api/v1/cases/" + caseId + "/close",
                    "{\"finalRelayState\":\"ACTIVE\",\"reason\":\"test\"}").statusCode()).isEqualTo(202);
            awaitStage(app, caseId, "CLOSED");
            app.stop();
            app.launch();
            assertThat(relayState(app)).isEqualTo("ACTIVE");
        }
    }

    private static String relayState(ApplicationProcess app) throws Exception {
        return JSON.readTree(app.call("GET", "operator", "/api/v1/sandbox/accounts/" + ACCOUNT, null).body())
                .path("relayState").asText();
    }

    private static String stage(ApplicationProcess app, String caseId) throws Exception {
        return JSON.readTree(app.call("GET", "operator", "/api/v1/cases/" + caseId, null).body()).path("stage").asText();
    }

    private static void awaitStage(ApplicationProcess app, String caseId, String stage) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        String last = null;
        while (Instant.now().isBefore(deadline)) {
            last = stage(app, caseId);
            if (stage.equals(last)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("case " + caseId + " not " + stage + " but " + last + "\n" + app.logTail());
    }
}
