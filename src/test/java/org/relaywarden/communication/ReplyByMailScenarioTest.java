package org.relaywarden.communication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.relaywarden.questionnaire.mail.IncomingReply;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.Folder;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseStage;
import org.relaywarden.notification.LetterKind;
import org.relaywarden.notification.LetterService;
import org.relaywarden.questionnaire.QuestionnaireService;
import org.relaywarden.questionnaire.mail.ReplyProcessor;
import org.relaywarden.security.Roles;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replies by mail through GreenMail's IMAP server, read by the running application: matched by
 * reply address, In-Reply-To or subject tag; one, two or three answers drive the right path;
 * unknown and unparseable replies go to an agent, and so do replies the reader is unsure of (with the reading
 * pre-filled, confirmed in one click); processed mails are moved away.
 */
class ReplyByMailScenarioTest extends MailPeerScenario {

    @Autowired
    TestRestTemplate rest;

    @Autowired
    LetterService letters;
    @Autowired
    QuestionnaireService questionnaire;
    @Autowired
    TaskService tasks;
    @Autowired
    ReplyProcessor processor;

    @Test
    void germanReplyWithThreeAnswersToTheReplyAddressMovesTheCaseToReview() throws Exception {
        CaseReference ref = compromisedAccount("de");
        MimeMessage notice = mailsTo(contact(ref), 1).get(0);
        awaitStage(ref, CaseStage.AWAITING_ANSWERS);

        String id = reply(ref, notice.getReplyTo()[0].toString(), "Re: " + notice.getSubject(), null, """
                Guten Tag,

                1. Das Passwort des Kontos meiner Tochter war zu schwach und wurde erraten.
                2. Ich habe das Konto gelöscht, alle Passwörter geändert und fail2ban installiert.
                3. Ja, die Warteschlange meines Postfix ist geleert (postsuper -d ALL), postqueue -p sagt "Mail queue is empty".

                Mit freundlichen Grüßen
                Hans Kunde

                Am 28.11.2026 schrieb Example Hosting <abuse@provider.example>:
                > 1. Was genau war die Ursache für den Spamversand über Ihren Zugang?
                """);

        awaitStage(ref, CaseStage.IN_REVIEW);
        var round = questionnaire.rounds(ref).get(0);
        assertThat(round.channel()).isEqualTo("mail");
        assertThat(round.complete()).isTrue();
        assertThat(round.answers().cause()).isEqualTo("Das Passwort des Kontos meiner Tochter war zu schwach und wurde erraten.");
        assertThat(round.answers().prevention()).startsWith("Ich habe das Konto gelöscht");
        awaitTrue("reply moved out of the inbox", () -> !holds("INBOX", id) && holds("Processed", id));
    }

    @Test
    void englishReplyWithOneAnswerMatchedByInReplyToGetsTheFollowUpNamingQuestionsTwoAndThree() throws Exception {
        CaseReference ref = compromisedAccount("en");
        MimeMessage notice = mailsTo(contact(ref), 1).get(0);
        awaitStage(ref, CaseStage.AWAITING_ANSWERS);

        reply(ref, ABUSE, "Re: your mail", notice.getMessageID(), """
                Hi,
                1. My daughter's account had a weak password, I deleted the account.
                Please enable my account again, I have no time for this.
                --
                John
                """);

        MimeMessage followUp = mailsTo(contact(ref), 2).get(1);
        // issue #34: "I deleted the account" inside answer 1 is a measure a careful agent would not ask for again
        assertThat(followUp.getSubject()).isEqualTo("[#" + ref + "] Some answers are still missing: question 3");
        String text = text(followUp);
        assertThat(text).contains("3. Please confirm explicitly", "postsuper -d ALL")
                .doesNotContain("1. What exactly caused", "2. What exactly have you done");
        assertThat(letters.ofCase(ref)).extracting(LetterService.SentLetter::kind)
                .containsExactly(LetterKind.FIRST_NOTICE, LetterKind.FOLLOW_UP);
        assertThat(cases.get(ref).stage()).isEqualTo(CaseStage.AWAITING_ANSWERS);

        // answering just what the follow-up asked for completes the answers
        reply(ref, followUp.getReplyTo()[0].toString(), "Re: " + followUp.getSubject(), followUp.getMessageID(), """
                2. New passwords for everyone and fail2ban.
                3. Done on the server: postsuper -d ALL, postqueue -p shows "Mail queue is empty".
                """);
        awaitStage(ref, CaseStage.IN_REVIEW);
        var latest = questionnaire.rounds(ref).get(1);
        assertThat(latest.complete()).isTrue();
        assertThat(latest.answers().cause()).startsWith("My daughter's account had a weak password");
    }

    @Test
    void germanReplyWithTwoAnswersAndTheOutboxMatchedBySubjectTagIsAskedForTheServerQueue() throws Exception {
        CaseReference ref = compromisedAccount("de");
        mailsTo(contact(ref), 1);
        awaitStage(ref, CaseStage.AWAITING_ANSWERS);

        reply(ref, ABUSE, "AW: [#" + ref + "] Relaying gesperrt", null, """
                Zu 1: Der Account meiner Tochter wurde gehackt, ihr Passwort war ihr Geburtsdatum.
                Zu 2: Ich habe den Account gelöscht. Was tot ist, kann keine Daten mehr versenden.
                Zu 3: Ich habe alle Postausgangsordner kontrolliert, dort hängt nichts mehr.
                """);

        MimeMessage followUp = mailsTo(contact(ref), 2).get(1);
        assertThat(followUp.getSubject()).endsWith("Es fehlen noch Antworten: Frage 3");
        assertThat(text(followUp)).contains("3. Bitte bestätigen Sie ausdrücklich", "Postausgangs Ihres Mailprogramms",
                "> Der Account meiner Tochter wurde gehackt, ihr Passwort war ihr Geburtsdatum.");
        assertThat(questionnaire.rounds(ref).get(0).missing()).isEqualTo("3");
    }

    @Test
    void aReplyToAnUnknownTokenGoesToAnAgentWithItsRawText() throws Exception {
        reply(null, "abuse+0123456789abcdef0123456789abcdef@provider.example", "Bitte freischalten", null,
                "Ich habe alles gelöscht. <b>Bitte</b> um Entsperrung!");

        Task task = awaitAgentTask("Bitte freischalten");
        assertThat(task.getName()).contains("no case matched");
        assertThat(tasks.getVariableLocal(task.getId(), "replyRawText")).asString().contains("Ich habe alles gelöscht. <b>Bitte</b>");
        tasks.complete(task.getId());
    }

    @Test
    void aReplyWithoutNumberedAnswersGoesToAnAgentForItsCase() throws Exception {
        CaseReference ref = compromisedAccount("de");
        MimeMessage notice = mailsTo(contact(ref), 1).get(0);
        awaitStage(ref, CaseStage.AWAITING_ANSWERS);

        reply(ref, notice.getReplyTo()[0].toString(), "Re: " + notice.getSubject(), notice.getMessageID(), """
                Ich bin bei Ihnen, weil ich keine Zeit habe, mich permanent um mein System zu kümmern.
                """);

        Task task = awaitAgentTask(notice.getSubject());
        assertThat(task.getName()).contains(ref.toString());
        assertThat(tasks.getVariableLocal(task.getId(), "caseRef")).isEqualTo(ref.toString());
        assertThat(cases.get(ref).stage()).isEqualTo(CaseStage.AWAITING_ANSWERS);
        assertThat(cases.auditTrail(ref)).anyMatch(a -> a.action().equals("REPLY_RECEIVED") && a.detail().contains("agent"));
        tasks.complete(task.getId());
    }

    /**
     * Issue #34: a reply that is complete except that answer 1 names an action, not a cause, is neither sent to review
     * as complete nor answered with a follow-up: an agent gets it with the reading pre-filled and confirms it in one
     * click, which submits the reading kept with the reply (not the task's variables) and completes the task.
     */
    @Test
    void aReplyTheReaderIsUnsureOfGoesToAnAgentWithItsReadingPreFilledAndOneClickConfirmsIt() throws Exception {
        CaseReference ref = compromisedAccount("de");
        MimeMessage notice = mailsTo(contact(ref), 1).get(0);
        awaitStage(ref, CaseStage.AWAITING_ANSWERS);

        reply(ref, notice.getReplyTo()[0].toString(), "Re: " + notice.getSubject(), notice.getMessageID(), """
                1. Ich habe das Konto gelöscht.
                2. Alle Passwörter geändert, fail2ban installiert.
                3. Ja, die Queue auf dem Server ist leer (postsuper -d ALL).
                """);

        awaitTrue("agent task for " + ref, () -> confirmTask(ref) != null);
        Task task = confirmTask(ref);
        assertThat(tasks.getVariableLocal(task.getId(), "readingConfidence")).isEqualTo("LOW");
        assertThat(tasks.getVariableLocal(task.getId(), "answerCause")).isEqualTo("Ich habe das Konto gelöscht.");
        assertThat(tasks.getVariableLocal(task.getId(), "answerQueueEmptied")).asString().startsWith("confirmed");
        assertThat(tasks.getVariableLocal(task.getId(), "answerPrevention")).isEqualTo("Alle Passwörter geändert, fail2ban installiert.");
        assertThat(tasks.getVariableLocal(task.getId(), "missingQuestions")).isEqualTo("");
        // the reader's confidence per answer: unsure of answer 1 only
        assertThat(tasks.getVariableLocal(task.getId(), "readingScores")).asString()
                .contains("1: 65 (an action that is not a cause)").contains("2: 90").containsPattern("3: (85|95) \\(confirmed");
        assertThat(questionnaire.rounds(ref)).isEmpty();
        assertThat(letters.ofCase(ref)).noneMatch(l -> l.kind() == LetterKind.FOLLOW_UP);

        // whoever works the task could change its variables: the confirmation does not read them
        tasks.setVariableLocal(task.getId(), "answerCause", "changed in the task");
        Object replyId = tasks.getVariableLocal(task.getId(), "replyId");
        String path = "/api/v1/cases/" + ref + "/replies/" + replyId + "/confirm-reading";
        assertThat(rest.exchange(path, HttpMethod.POST, new HttpEntity<>(auth("monitoring")), String.class).getStatusCode().value())
                .isEqualTo(403);
        ResponseEntity<String> confirmed = rest.exchange(path, HttpMethod.POST, new HttpEntity<>(auth("agent")), String.class);
        assertThat(confirmed.getStatusCode().value()).as(confirmed.getBody()).isEqualTo(200);
        awaitStage(ref, CaseStage.IN_REVIEW);
        var round = questionnaire.rounds(ref).get(0);
        assertThat(round.answers().cause()).isEqualTo("Ich habe das Konto gelöscht.");
        assertThat(round.complete()).isTrue();
        assertThat(tasks.createTaskQuery().taskId(task.getId()).count()).isZero();
        assertThat(cases.auditTrail(ref)).anyMatch(a -> a.action().equals("READING_CONFIRMED"));
        // once only
        assertThat(rest.exchange(path, HttpMethod.POST, new HttpEntity<>(auth("agent")), String.class).getStatusCode().value())
                .isEqualTo(404);
    }

    private Task confirmTask(CaseReference ref) {
        return tasks.createTaskQuery().taskCandidateGroup(Roles.AGENTS).taskNameLike("Confirm the reading%" + ref).list().stream()
                .findFirst().orElse(null);
    }

    @Test
    void englishInlineReplyWithThreeAnswersMatchedByReferencesMovesTheCaseToReview() throws Exception {
        CaseReference ref = compromisedAccount("en");
        MimeMessage notice = mailsTo(contact(ref), 1).get(0);
        awaitStage(ref, CaseStage.AWAITING_ANSWERS);

        reply(ref, ABUSE, "Re: your letter", notice.getMessageID(), """
                On Sat, Nov 28, 2026 at 9:10 PM Example Hosting <abuse@provider.example> wrote:
                > 1. What exactly caused the spam to be sent through your account?
                A guessed password on an old test account.
                > 2. What exactly have you done to prevent similar incidents in the future?
                Removed the account, strong passwords, fail2ban on submission.
                > 3. Please confirm explicitly that you have emptied the mail queue of your mail server
                Confirmed: postsuper -d ALL, and postqueue -p now says "Mail queue is empty".
                """);

        awaitStage(ref, CaseStage.IN_REVIEW);
        var round = questionnaire.rounds(ref).get(0);
        assertThat(round.answers().cause()).isEqualTo("A guessed password on an old test account.");
        assertThat(round.answers().queueEmptied()).isTrue();
        // what the review form shows (prepareReviewTask): each answer with Relaywarden's reading of it
        var review = questionnaire.reviewContext(ref);
        assertThat((String) review.get("answerCauseJudgement")).startsWith("names a cause");
        assertThat((String) review.get("answerPreventionJudgement")).startsWith("addresses the relay");
        assertThat((String) review.get("answerQueueEmptied")).startsWith("confirmed: ");
    }

    @Test
    void aSpamFilterOnThePcAsAnswerTwoGetsAFollowUpThatExplainsWhyAndTheCaseViewShowsTheJudgement() throws Exception {
        CaseReference ref = compromisedAccount("de");
        MimeMessage notice = mailsTo(contact(ref), 1).get(0);
        awaitStage(ref, CaseStage.AWAITING_ANSWERS);

        reply(ref, notice.getReplyTo()[0].toString(), "AW: " + notice.getSubject(), notice.getMessageID(), """
                1. Ich weiß nicht, wahrscheinlich ein Virus.
                2. Ich habe den Spamfilter auf meinem PC eingeschaltet.
                3. Der Postausgang in Outlook ist leer, unser Postfix läuft wieder normal.

                Mit freundlichen Grüßen
                Hans Kunde
                Diese E-Mail ist nicht für Dritte bestimmt.
                """);

        MimeMessage followUp = mailsTo(contact(ref), 2).get(1);
        // "Ich weiß nicht, wahrscheinlich ein Virus." does not answer question 1 (issue #34, fourth pass): all three are asked
        assertThat(followUp.getSubject()).endsWith("Es fehlen noch Antworten: Fragen 1, 2, 3");
        assertThat(text(followUp)).contains("Zu Frage 2: Sie schreiben \"Ich habe den Spamfilter auf meinem PC eingeschaltet.\"", "hindert niemanden daran",
                "Postausgang bzw. den Ordnern Ihres Mailprogramms (\"Postausgang\")", "qmail-qstat", "Mail queue is empty");

        ResponseEntity<String> view = rest.exchange("/api/v1/cases/" + ref, HttpMethod.GET, new HttpEntity<>(auth("agent")), String.class);
        JsonNode answers = new ObjectMapper().readTree(view.getBody()).get("answers");
        assertThat(answers.get("prevention").get("judgement").asText()).startsWith("irrelevant to an open relay");
        assertThat(answers.get("queue").get("judgement").asText()).startsWith("not confirmed: speaks of the mail program's outbox");
        assertThat(answers.get("cause").get("judgement").asText()).startsWith("says the cause is unknown");
        assertThat(answers.get("missingQuestions").asText()).isEqualTo("1,2,3");
    }

    private static HttpHeaders auth(String user) {
        HttpHeaders h = new HttpHeaders();
        h.setBasicAuth(user, user);
        return h;
    }

    @Test
    void aMailSeenBeforeIsNotProcessedAgain() {
        var reply = new IncomingReply("<twice@customer.example>", "x@customer.example",
                "hello", List.of(ABUSE), List.of(), "1. something", false);
        assertThat(processor.process(reply)).isEqualTo(ReplyProcessor.Outcome.TO_AGENT_UNMATCHED);
        assertThat(processor.process(reply)).isEqualTo(ReplyProcessor.Outcome.DUPLICATE);
        Task task = awaitAgentTask("hello");
        tasks.complete(task.getId());
    }

    private Task awaitAgentTask(String subjectPart) {
        awaitTrue("agent task for " + subjectPart, () -> agentTask(subjectPart) != null);
        return agentTask(subjectPart);
    }

    private Task agentTask(String subjectPart) {
        return tasks.createTaskQuery().taskCandidateGroup(Roles.AGENTS).taskNameLike("Read customer reply%").list().stream()
                .filter(t -> t.getDescription() != null && t.getDescription().contains(subjectPart)).findFirst().orElse(null);
    }

    private String contact(CaseReference ref) {
        return cases.get(ref).contact();
    }

    /** The customer's reply, delivered by SMTP into the abuse mailbox (the envelope recipient) with the given headers. */
    private String reply(CaseReference ref, String to, String subject, String inReplyTo, String body) throws Exception {
        Session session = GreenMailUtil.getSession(ServerSetupTest.SMTP);
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(ref == null ? "stranger@elsewhere.example" : contact(ref)));
        m.setRecipients(MimeMessage.RecipientType.TO, to);
        m.setSubject(subject, "UTF-8");
        if (inReplyTo != null) {
            m.setHeader("In-Reply-To", inReplyTo);
            m.setHeader("References", inReplyTo);
        }
        m.setText(body, "UTF-8");
        m.saveChanges();
        Transport.send(m, new Address[]{new InternetAddress(ABUSE)});
        return m.getMessageID();
    }

    private static String text(MimeMessage m) throws Exception {
        return (String) ((Multipart) m.getContent()).getBodyPart(0).getContent();
    }

    /** Whether the abuse mailbox's folder holds the mail with this Message-ID, seen through an IMAP client of its own. */
    private static boolean holds(String folderName, String messageId) {
        try {
            Store store = Session.getInstance(new Properties()).getStore("imap");
            store.connect("127.0.0.1", ServerSetupTest.IMAP.getPort(), ABUSE, "secret");
            try {
                Folder f = store.getFolder(folderName);
                if (!f.exists()) {
                    return false;
                }
                f.open(Folder.READ_ONLY);
                try {
                    for (var m : f.getMessages()) {
                        if (messageId.equals(((MimeMessage) m).getMessageID())) {
                            return true;
                        }
                    }
                    return false;
                } finally {
                    f.close(false);
                }
            } finally {
                store.close();
            }
        } catch (Exception e) {
            return false;
        }
    }
}
