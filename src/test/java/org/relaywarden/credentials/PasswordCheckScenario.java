package org.relaywarden.credentials;

import org.relaywarden.testsupport.Await;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.alerts.AlertRequest;
import org.relaywarden.alerts.AlertService;
import org.relaywarden.cases.AuditEntry;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseStage;
import org.relaywarden.enforcement.RelayControl;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.notification.LetterService;
import org.relaywarden.notification.QuestionnaireAccess;
import org.relaywarden.questionnaire.Answers;
import org.relaywarden.questionnaire.QuestionnaireService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relaywarden.process.RelayRemediation.Elements.REVIEW_ANSWERS;
import static org.relaywarden.process.RelayRemediation.ReviewDecisions.APPROVE;
import static org.relaywarden.process.RemediationVariables.REVIEW_COMMENT;
import static org.relaywarden.process.RemediationVariables.REVIEW_DECISION;
import static org.relaywarden.process.RemediationVariables.entry;
import static org.relaywarden.process.RemediationVariables.values;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The cracked password end to end, on a real mail server's real credential store (the subclasses: Postfix with
 * sasldb, qmail with vpopmail): the fingerprint is taken at the suspension; the customer claims "changed all
 * passwords" without doing it; the review form and the case view (what the Cockpit case tab shows) say "no" and flag
 * the claim; the default decision table refuses the approval and the customer gets the letter explaining why; the
 * customer has a new password set on the questionnaire page, shown once and working for a real login while the old
 * one does not; the next review says "yes (at ...)" and the approval goes ahead. The audit says that a password was
 * set, never which; no table holds it.
 */
abstract class PasswordCheckScenario {

    static final Duration WAIT = Duration.ofSeconds(120);

    @Autowired
    AlertService alerts;
    @Autowired
    CaseRecords cases;
    @Autowired
    QuestionnaireService questionnaire;
    @Autowired
    QuestionnaireAccess access;
    @Autowired
    LetterService letters;
    @Autowired
    TaskService tasks;
    @Autowired
    RelayControl relays;
    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcTemplate jdbc;

    final ObjectMapper json = new ObjectMapper();

    abstract Account account();

    abstract String oldPassword();

    /** Whether a real login of the account with this password succeeds on the mail server. */
    abstract boolean loginWorks(String password);

    Task reviewTask(CaseReference ref) {
        return tasks.createTaskQuery().processInstanceBusinessKey(ref.toString()).taskDefinitionKey(REVIEW_ANSWERS).singleResult();
    }

    JsonNode caseView(CaseReference ref, String user) throws Exception {
        return json.readTree(mvc.perform(get("/api/v1/cases/" + ref).with(httpBasic(user, user))).andReturn().getResponse()
                .getContentAsString());
    }

    List<String> audit(CaseReference ref) {
        return cases.auditTrail(ref).stream().map(e -> e.action() + " " + e.detail()).toList();
    }

    @Test
    void theOldPasswordBlocksTheReenableUntilANewOneIsSetAndShownOnce() throws Exception {
        Account account = account();
        CaseReference ref = alerts.raise(new AlertRequest(account.login(), "queue-monitor", "many deferred messages", "warning",
                false, null, null, "en"), "monitoring").ref();
        Await.until("awaiting answers", WAIT, () -> cases.get(ref).stage() == CaseStage.AWAITING_ANSWERS);
        assertThat(audit(ref)).anySatisfy(l -> assertThat(l).startsWith("CREDENTIAL_FINGERPRINT").contains("fingerprint of the stored password taken"));

        // the customer claims what he did not do
        questionnaire.submit(ref, new Answers("my daughter's password was guessed", "I changed all passwords", true,
                "Mail queue is empty"), "web", "customer");
        Await.until("review task", WAIT, () -> reviewTask(ref) != null);
        Map<String, Object> form = tasks.getVariablesLocal(reviewTask(ref).getId());
        assertThat(form.get("credentialCheck").toString()).startsWith("password changed since the suspension: no (the same as at");
        assertThat(form.get("credentialClaim").toString()).startsWith("CONTRADICTED");
        assertThat(form.get("credentialPolicy").toString()).contains("REFUSED");
        JsonNode view = caseView(ref, "agent").path("credential");
        assertThat(view.path("status").asText()).isEqualTo("UNCHANGED");
        assertThat(view.path("claimContradicted").asBoolean()).isTrue();
        assertThat(view.path("summary").asText()).startsWith("password changed since the suspension: no");

        // the reviewer approves: the default table refuses, the customer is asked again with the letter explaining why
        tasks.complete(reviewTask(ref).getId(), values(entry(REVIEW_DECISION, APPROVE), entry(REVIEW_COMMENT, "thanks for answering")));
        Await.until("asked again", WAIT, () -> letters.ofCase(ref).stream().anyMatch(l -> l.kind().name().equals("ASK_AGAIN"))
                && cases.get(ref).stage() == CaseStage.AWAITING_ANSWERS);
        assertThat(relays.stateOf(account)).as("no staged re-enable with the old password").isEqualTo(RelayState.SUSPENDED);
        assertThat(audit(ref)).anySatisfy(l -> assertThat(l).startsWith("REENABLE_REFUSED").contains("reenable-policy"))
                .noneSatisfy(l -> assertThat(l).startsWith("RELAY_HELD"));
        String letter = letters.ofCase(ref).stream().filter(l -> l.kind().name().equals("ASK_AGAIN")).findFirst().orElseThrow().body();
        assertThat(letter).contains("it is still the password it had when we suspended sending",
                "You wrote that the passwords were changed", "thanks for answering", "the questionnaire page offers a button");

        // the customer has a new password set on the questionnaire page: shown once
        String token = access.issueToken(ref);
        MvcResult page = mvc.perform(post("/q/" + token + "/password").with(csrf())).andReturn();
        assertThat(page.getResponse().getStatus()).isEqualTo(200);
        assertThat(page.getResponse().getHeader("Cache-Control")).contains("no-store");
        Matcher m = Pattern.compile("id=\"new-password\"[^>]*>([A-Za-z0-9]+)<").matcher(page.getResponse().getContentAsString());
        assertThat(m.find()).as(page.getResponse().getContentAsString()).isTrue();
        String fresh = m.group(1);
        assertThat(fresh).hasSize(16);
        assertThat(mvc.perform(get("/q/" + token)).andReturn().getResponse().getContentAsString()).doesNotContain(fresh);
        assertThat(loginWorks(fresh)).as("the new password logs in").isTrue();
        assertThat(loginWorks(oldPassword())).as("the cracked one no longer").isFalse();
        assertThat(audit(ref)).anySatisfy(l -> assertThat(l).startsWith("CREDENTIAL_RESET ").contains("shown once to the customer"))
                .allSatisfy(l -> assertThat(l).doesNotContain(fresh));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM case_audit WHERE detail LIKE ?", Integer.class, "%" + fresh + "%")).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM case_letter WHERE body LIKE ?", Integer.class, "%" + fresh + "%")).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM credential_reset WHERE case_id = ? AND state = 'DONE'", Integer.class,
                ref.id())).isOne();

        // answered again: the review says yes, and the approval goes ahead
        questionnaire.submit(ref, new Answers("my daughter's password was guessed", "Relaywarden set a new password", true,
                "Mail queue is empty"), "web", "customer");
        Await.until("second review task", WAIT, () -> reviewTask(ref) != null);
        assertThat(tasks.getVariablesLocal(reviewTask(ref).getId()).get("credentialCheck").toString())
                .startsWith("password changed since the suspension: yes (at ");
        assertThat(caseView(ref, "operator").path("credential").path("status").asText()).isEqualTo("CHANGED");
        tasks.complete(reviewTask(ref).getId(), values(entry(REVIEW_DECISION, APPROVE)));
        // the relay state changes before the step's transaction (with its audit line) commits: wait for both
        Await.until("held", WAIT, () -> relays.stateOf(account) == RelayState.HELD
                && cases.auditTrail(ref).stream().map(AuditEntry::action).anyMatch("RELAY_HELD"::equals));
    }
}
