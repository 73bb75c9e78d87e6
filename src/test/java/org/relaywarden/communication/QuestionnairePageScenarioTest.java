package org.relaywarden.communication;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseStage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The questionnaire page over HTTP: token rules, CSRF, server-side validation, queue output, correlation. */
@AutoConfigureMockMvc
class QuestionnairePageScenarioTest extends MailPeerScenario {

    static final String EMPTY_QUEUE = "Mail queue is empty";
    static final String FULL_QUEUE = """
            -Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------
            4BqF2x1Zk9z5vNC*   2345 Sat Nov 28 21:04:13  spam1@kunde.example
                                                     victim1@gmail.com
            -- 2 Kbytes in 1 Request.
            """;

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theLinkOpensOnlyItsCasesQuestionnaireInTheCustomersLanguage() throws Exception {
        CaseReference ref = compromisedAccount("de");
        String token = questionnaireToken(ref, 1);
        awaitStage(ref, CaseStage.AWAITING_ANSWERS);

        mvc.perform(get("/q/" + token)).andExpect(status().isOk())
                .andExpect(header().string("Referrer-Policy", "no-referrer"))
                .andExpect(content().string(Matchers.allOf(
                        Matchers.containsString(ref.toString()),
                        Matchers.containsString("1. Was genau war die Ursache"),
                        Matchers.containsString("Postausgang oder Warteschlange?"),
                        Matchers.containsString("postqueue -p"),
                        Matchers.containsString("postsuper -d ALL"),
                        Matchers.containsString("exim -bp"),
                        Matchers.containsString("mailq"),
                        Matchers.containsString("name=\"_csrf\""))));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM questionnaire_token WHERE token_hash = ?", Integer.class, token))
                .as("only the hash is stored").isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM questionnaire_token WHERE token_hash = ?", Integer.class, sha256(token)))
                .isOne();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM case_letter WHERE body LIKE ? OR body_html LIKE ?", Integer.class,
                "%" + token + "%", "%" + token + "%")).as("no raw token in the stored letters").isZero();
    }

    @Test
    void wrongMalformedAndExpiredTokensAnswerAlike() throws Exception {
        CaseReference ref = compromisedAccount("en");
        String token = questionnaireToken(ref, 1);
        jdbc.update("UPDATE questionnaire_token SET expires_at = DATEADD('DAY', -1, CURRENT_TIMESTAMP) WHERE token_hash = ?", sha256(token));

        String expired = mvc.perform(get("/q/" + token)).andExpect(status().isNotFound()).andReturn().getResponse().getContentAsString();
        String wrong = mvc.perform(get("/q/" + "A".repeat(43))).andExpect(status().isNotFound()).andReturn().getResponse().getContentAsString();
        String malformed = mvc.perform(get("/q/x'<script>")).andExpect(status().isNotFound()).andReturn().getResponse().getContentAsString();
        assertThat(expired).isEqualTo(wrong).isEqualTo(malformed);
        mvc.perform(answers(post("/q/" + token).with(csrf()), "a", "b", true, EMPTY_QUEUE)).andExpect(status().isNotFound());
    }

    @Test
    void postingWithoutCsrfTokenIsRefused() throws Exception {
        CaseReference ref = compromisedAccount("en");
        String token = questionnaireToken(ref, 1);
        mvc.perform(answers(post("/q/" + token), "a", "b", true, EMPTY_QUEUE)).andExpect(status().isForbidden());
        assertThat(cases.get(ref).stage()).isNotEqualTo(CaseStage.IN_REVIEW);
    }

    @Test
    void serverSideValidationNamesTheMissingQuestionAndLimitsSizes() throws Exception {
        CaseReference ref = compromisedAccount("en");
        String token = questionnaireToken(ref, 1);
        awaitStage(ref, CaseStage.AWAITING_ANSWERS);

        mvc.perform(answers(post("/q/" + token).with(csrf()), "A cracked password of my daughter's account", "  ", true, EMPTY_QUEUE))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().string(Matchers.containsString("Please complete: question 2")));
        mvc.perform(answers(post("/q/" + token).with(csrf()), "x".repeat(10_001), "fail2ban and a new password", true, EMPTY_QUEUE))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().string(Matchers.containsString("too long")));
        mvc.perform(answers(post("/q/" + token).with(csrf()), "<script>alert(1)</script>", "b", false, ""))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().string(Matchers.allOf(
                        Matchers.containsString("&lt;script&gt;alert(1)&lt;/script&gt;"),
                        Matchers.not(Matchers.containsString("<script>alert")),
                        Matchers.containsString("question 3"))));
        assertThat(cases.get(ref).stage()).isEqualTo(CaseStage.AWAITING_ANSWERS);
    }

    @Test
    void queueOutputThatStillListsMessagesIsPointedOutAndNotSubmitted() throws Exception {
        CaseReference ref = compromisedAccount("de");
        String token = questionnaireToken(ref, 1);
        awaitStage(ref, CaseStage.AWAITING_ANSWERS);

        mvc.perform(answers(post("/q/" + token).with(csrf()), "Passwort geknackt", "Neues Passwort, fail2ban", true, FULL_QUEUE))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().string(Matchers.containsString("zeigt noch 1 Mail(s) in der Warteschlange")));
        assertThat(cases.get(ref).stage()).isEqualTo(CaseStage.AWAITING_ANSWERS);
    }

    @Test
    void theSameJudgeAsForMailRepliesWordsAgainstTheTickedBoxAndAnIrrelevantAnswerTwoArePointedOut() throws Exception {
        CaseReference ref = compromisedAccount("de");
        String token = questionnaireToken(ref, 1);
        awaitStage(ref, CaseStage.AWAITING_ANSWERS);

        mvc.perform(answers(post("/q/" + token).with(csrf()), "Passwort geknackt", "Neues Passwort, fail2ban", true,
                        "Der Postausgang in Outlook ist leer, unser Postfix läuft wieder normal"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().string(Matchers.allOf(
                        Matchers.containsString("spricht gegen die Bestätigung"),
                        Matchers.containsString("Outlook"))));
        mvc.perform(answers(post("/q/" + token).with(csrf()), "Ein Virus", "Spamfilter auf meinem PC eingeschaltet", true, EMPTY_QUEUE))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(content().string(Matchers.containsString("hindert aber niemanden daran")));
        assertThat(cases.get(ref).stage()).isEqualTo(CaseStage.AWAITING_ANSWERS);
    }

    @Test
    void completeAnswersMoveTheCaseOnAndASecondSubmissionIsRefusedPolitely() throws Exception {
        CaseReference ref = compromisedAccount("en");
        String token = questionnaireToken(ref, 1);
        awaitStage(ref, CaseStage.AWAITING_ANSWERS);

        mvc.perform(answers(post("/q/" + token).with(csrf()), "Weak password of a user account", "Deleted it, fail2ban, new passwords",
                        true, EMPTY_QUEUE))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/q/" + token));
        assertThat(cases.get(ref).stage()).isEqualTo(CaseStage.IN_REVIEW);
        mvc.perform(get("/q/" + token)).andExpect(status().isOk())
                .andExpect(content().string(Matchers.allOf(
                        Matchers.containsString("we have received your answers"),
                        Matchers.containsString("our abuse team is reviewing your answers"),
                        Matchers.not(Matchers.containsString("<form")))));
        mvc.perform(answers(post("/q/" + token).with(csrf()), "again", "again", true, EMPTY_QUEUE))
                .andExpect(status().isConflict())
                .andExpect(content().string(Matchers.containsString("We already have your answers")));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM case_answers WHERE case_id = ?", Integer.class, ref.id())).isOne();
    }

    static MockHttpServletRequestBuilder answers(MockHttpServletRequestBuilder post, String cause, String prevention,
                                                 boolean emptied, String output) {
        post.param("cause", cause).param("prevention", prevention).param("queueOutput", output);
        return emptied ? post.param("queueEmptied", "true") : post;
    }

    static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes()));
    }
}
