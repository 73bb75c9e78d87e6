package org.relaywarden.credentials;

import org.relaywarden.testsupport.Await;
import org.relaywarden.testsupport.Ports;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.alerts.AlertRequest;
import org.relaywarden.cases.CaseAnswers;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseStage;
import org.relaywarden.testsupport.relay.SmtpSink;
import org.relaywarden.testsupport.relay.SmtpTestClient;
import org.relaywarden.testsupport.relay.TestPostfix;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.PlatformTransactionManager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * {@link PasswordCheckScenario} on a real Postfix whose SMTP AUTH users are in Cyrus sasldb
 * (relaywarden.credentials.store=sasldb); and, in the same context, the operator's reset, hostile input, and a crash
 * between setting a password and recording it.
 */
@SpringBootTest(properties = {
        "camunda.bpm.process-engine-name=passwordonpostfix",
        "spring.autoconfigure.exclude=org.camunda.bpm.spring.boot.starter.webapp.CamundaBpmWebappAutoConfiguration",
        "relaywarden.mail-server=postfix",
        "spring.datasource.url=jdbc:h2:mem:password-postfix;DB_CLOSE_DELAY=-1",
        "relaywarden.questionnaire.claim.grace=PT0S",
        "relaywarden.credentials.store=sasldb",
        "relaywarden.credentials.reset.operator=true",
        "relaywarden.credentials.reset.customer=true"})
@AutoConfigureMockMvc
@DirtiesContext
class PasswordCheckOnPostfixTest extends PasswordCheckScenario {

    static final Account KUNDE = Account.parse("kunde@example.test");
    static final String PW = "Kunde-cracked-1";
    static final int POLICY_PORT = Ports.freePort();
    static SmtpSink sink;
    static TestPostfix provider;
    static Path dataDir;

    @DynamicPropertySource
    static void postfix(DynamicPropertyRegistry registry) throws IOException {
        sink = SmtpSink.start();
        provider = TestPostfix.named("password").relayhost(sink.relayhost()).policyService(POLICY_PORT)
                .user(KUNDE.login(), PW).user("nachbar@example.test", "Nachbar-1").build().start();
        dataDir = Files.createTempDirectory("rw-password-postfix-");
        provider.registerAsRelay(registry, "provider", POLICY_PORT);
        registry.add("relaywarden.postfix.relays.provider.maillog", () -> provider.root().resolve("maillog").toString());
        registry.add("relaywarden.quarantine.dir", () -> dataDir.resolve("quarantine").toString());
        // as docs/credentials.md tells a provider: the sasldb Postfix's smtpd reads (sasldb_path)
        registry.add("relaywarden.credentials.sasldb.path", () -> provider.configDir().resolve("sasldb2").toString());
        registry.add("relaywarden.credentials.fingerprint-key-file", () -> dataDir.resolve("credential-fingerprint.key").toString());
    }

    @AfterAll
    static void stopAll() {
        TestPostfix.closeAll(dataDir, provider, sink);
    }

    @Override
    Account account() {
        return KUNDE;
    }

    @Override
    String oldPassword() {
        return PW;
    }

    @Override
    boolean loginWorks(String password) {
        return SmtpTestClient.authCode(provider.smtpPort(), KUNDE.login(), password) == 235;
    }

    @Autowired
    CredentialStore store;
    @Autowired
    Fingerprints fingerprints;
    @Autowired
    CredentialRecords records;
    @Autowired
    CaseAnswers caseAnswers;
    @Autowired
    CredentialProperties properties;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    Clock clock;

    CaseReference openCase(Account account) {
        CaseReference ref = alerts.raise(new AlertRequest(account.login(), "queue-monitor", "many deferred messages", "warning",
                false, null, null, "en"), "monitoring").ref();
        Await.until("awaiting answers", WAIT, () -> cases.get(ref).stage() == CaseStage.AWAITING_ANSWERS);
        return ref;
    }

    @Test
    void anOperatorsResetIsInItsAnswerOnlyAgentsMayNotAskAndHostileIdsAreRefused() throws Exception {
        Account nachbar = Account.parse("nachbar@example.test");
        CaseReference ref = openCase(nachbar);
        assertThat(mvc.perform(post("/api/v1/cases/" + ref + "/credential/reset").with(httpBasic("agent", "agent")))
                .andReturn().getResponse().getStatus()).isEqualTo(403);
        assertThat(mvc.perform(post("/api/v1/cases/" + ref + "/credential/reset")).andReturn().getResponse().getStatus())
                .as("no login").isEqualTo(401);
        MvcResult r = mvc.perform(post("/api/v1/cases/" + ref + "/credential/reset").with(httpBasic("operator", "operator"))).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(r.getResponse().getHeader("Cache-Control")).contains("no-store");
        JsonNode body = json.readTree(r.getResponse().getContentAsString());
        String fresh = body.path("password").asText();
        assertThat(fresh).hasSize(16).matches("[" + Passwords.ALPHABET + "]+");
        assertThat(SmtpTestClient.authCode(provider.smtpPort(), nachbar.login(), fresh)).isEqualTo(235);
        assertThat(SmtpTestClient.authCode(provider.smtpPort(), nachbar.login(), "Nachbar-1")).isEqualTo(535);
        JsonNode view = caseView(ref, "operator");
        assertThat(view.path("credential").path("resets").toString()).contains("a new password was set").doesNotContain(fresh);
        assertThat(view.toString()).doesNotContain(fresh);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM case_audit WHERE detail LIKE ?", Integer.class, "%" + fresh + "%")).isZero();
        assertThat(caseView(ref, "operator").path("audit").toString()).contains("CREDENTIAL_RESET_STARTED", "shown once to the operator");

        for (String hostile : new String[]{"RW-1;id", "..%2F..%2Fetc%2Fpasswd", "RW-%27%3B%20DROP", "$(reboot)"}) {
            int status = mvc.perform(post("/api/v1/cases/" + hostile + "/credential/reset").with(httpBasic("operator", "operator")))
                    .andReturn().getResponse().getStatus();
            assertThat(status).as(hostile).isBetween(400, 499);
            assertThat(mvc.perform(get("/api/v1/cases/" + hostile + "/credential").with(httpBasic("operator", "operator")))
                    .andReturn().getResponse().getStatus()).as(hostile).isBetween(400, 499);
        }
    }

    @Test
    void aCrashBetweenSettingThePasswordAndRecordingItLeavesTheCaseSayingSo() throws Exception {
        Account dritte = Account.parse("dritte@example.test");
        provider.addUser(dritte.login(), "Dritte-1");
        CaseReference ref = openCase(dritte);
        // simulated crash: the real sasldb is changed, then the JVM "dies" before the outcome is recorded
        CredentialStore crashing = new CredentialStore() {
            @Override
            public String name() {
                return store.name();
            }

            @Override
            public String describe() {
                return store.describe();
            }

            @Override
            public Optional<byte[]> stored(Account account) {
                return store.stored(account);
            }

            @Override
            public void setPassword(Account account, char[] password) {
                store.setPassword(account, password);
                throw new Error("simulated crash right after the store was changed");
            }
        };
        CredentialService crashingService = new CredentialService(crashing, fingerprints, records, cases, caseAnswers, properties,
                transactions, clock);
        assertThatThrownBy(() -> crashingService.reset(ref, "operator", CredentialService.Channel.OPERATOR))
                .isInstanceOf(Error.class).hasMessageContaining("simulated crash");

        byte[] now = store.stored(dritte).orElseThrow();
        assertThat(new String(now, StandardCharsets.UTF_8)).as("the store was changed").isNotEqualTo("Dritte-1");
        Arrays.fill(now, (byte) 0);
        assertThat(jdbc.queryForObject("SELECT state FROM credential_reset WHERE case_id = ?", String.class, ref.id())).isEqualTo("STARTED");
        JsonNode view = caseView(ref, "operator");
        assertThat(view.path("credential").path("resets").get(0).asText()).contains("was never confirmed",
                "Relaywarden stopped between setting it and recording it", "reset it again");
        assertThat(audit(ref)).anySatisfy(l -> assertThat(l).startsWith("CREDENTIAL_RESET_STARTED"))
                .noneSatisfy(l -> assertThat(l).startsWith("CREDENTIAL_RESET "));
        // the next check sees the changed password
        assertThat(mvc.perform(post("/api/v1/cases/" + ref + "/credential/check").with(httpBasic("operator", "operator")))
                .andReturn().getResponse().getContentAsString()).contains("\"status\":\"CHANGED\"");
    }
}
