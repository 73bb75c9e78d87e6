package org.relaywarden.communication;

import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.junit.jupiter.api.Test;
import org.relaywarden.process.RelayRemediation;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseStage;
import org.relaywarden.notification.LetterContext;
import org.relaywarden.notification.LetterDeliveryException;
import org.relaywarden.notification.LetterKind;
import org.relaywarden.notification.LetterService;
import org.relaywarden.notification.QuestionnaireAccess;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The first notice as the customer receives it from a real SMTP server, and sending exactly once. */
class LetterDeliveryScenarioTest extends MailPeerScenario {

    @Autowired
    LetterService letters;
    @Autowired
    JavaMailSenderImpl mailSender;
    @Autowired
    ManagementService management;
    @Autowired
    RuntimeService runtime;

    @Test
    void anSmtpServerThatKeepsFailingBecomesAnIncidentAndTheLetterGoesOutOnceWhenRetried() throws Exception {
        int port = mailSender.getPort();
        mailSender.setPort(1);
        CaseReference ref;
        Incident incident;
        try {
            ref = compromisedAccount("de");
            awaitTrue("an incident at the first notice", () -> incident(ref) != null);
            incident = incident(ref);
        } finally {
            mailSender.setPort(port);
        }
        assertThat(incident.getActivityId()).isEqualTo(RelayRemediation.Elements.SEND_FIRST_NOTICE);
        assertThat(letters.ofCase(ref)).singleElement().satisfies(l -> assertThat(l.sentAt()).isNull());

        management.setJobRetries(incident.getConfiguration(), 1);

        awaitStage(ref, CaseStage.AWAITING_ANSWERS);
        assertThat(mailsTo(cases.get(ref).contact(), 1)).hasSize(1);
        assertThat(letters.ofCase(ref)).singleElement().satisfies(l -> assertThat(l.sentAt()).isNotNull());
    }

    private Incident incident(CaseReference ref) {
        var instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(ref.toString()).singleResult();
        return instance == null ? null
                : runtime.createIncidentQuery().processInstanceId(instance.getId()).list().stream().findFirst().orElse(null);
    }

    @Test
    void firstNoticeArrivesAsMultipartAlternativeInGermanWithEvidenceLinkAndReplyAddress() throws Exception {
        CaseReference ref = compromisedAccount("de");
        String contact = cases.get(ref).contact();
        awaitStage(ref, CaseStage.AWAITING_ANSWERS);

        MimeMessage mail = mailsTo(contact, 1).get(0);

        assertThat(mail.getSubject()).startsWith("[#" + ref + "] ").contains("gesperrt", cases.get(ref).account().login());
        assertThat(mail.getFrom()[0].toString()).contains(ABUSE);
        assertThat(mail.getReplyTo()[0].toString()).matches("abuse\\+[0-9a-f]{32}@provider\\.example");
        assertThat(mail.getContentType()).startsWith("multipart/alternative");
        Multipart parts = (Multipart) mail.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain").contains("UTF-8");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html").contains("UTF-8");
        String text = (String) parts.getBodyPart(0).getContent();
        String html = (String) parts.getBodyPart(1).getContent();
        assertThat(text).contains("1. Was genau war die Ursache", "2. Was genau haben Sie unternommen", "3. Bitte bestätigen Sie",
                "In Quarantäne: 12 Nachrichten", "sasl_username=" + cases.get(ref).account().login(), "203.0.113.",
                "/q/", "postqueue -p", "Ihr Zeichen: " + ref);
        assertThat(html).contains("<html lang=\"de\"", "Was wir gesehen haben", "203.0.113.", "href=\"http://127.0.0.1:");

        LetterService.SentLetter stored = letters.ofCase(ref).get(0);
        assertThat(stored.kind()).isEqualTo(LetterKind.FIRST_NOTICE);
        assertThat(stored.sentAt()).isNotNull();
        assertThat(mail.getMessageID()).isEqualTo(stored.messageId());
        assertThat(stored.body()).as("stored as sent, with the token left out")
                .isEqualTo(text.replace("\r\n", "\n").replaceAll("/q/[A-Za-z0-9_-]{43}", "/q/" + QuestionnaireAccess.TOKEN_PLACEHOLDER));
        assertThat(cases.auditTrail(ref)).anyMatch(a -> a.action().equals("LETTER_SENT") && a.detail().contains("FIRST_NOTICE"));
    }

    @Test
    void englishCustomerGetsTheEnglishLetter() throws Exception {
        CaseReference ref = compromisedAccount("en");
        MimeMessage mail = mailsTo(cases.get(ref).contact(), 1).get(0);
        assertThat(mail.getSubject()).contains("Relaying suspended");
        String text = (String) ((Multipart) mail.getContent()).getBodyPart(0).getContent();
        assertThat(text).contains("1. What exactly caused", "2. What exactly have you done", "3. Please confirm explicitly",
                "In quarantine: 12 messages", "Your reference: " + ref);
    }

    @Test
    void anSmtpOutageNeitherLosesNorDuplicatesALetter() throws Exception {
        CaseReference ref = compromisedAccount("en");
        String contact = cases.get(ref).contact();
        mailsTo(contact, 1);
        String key = ref + ":REMINDER:test";
        int port = mailSender.getPort();
        mailSender.setPort(1);
        try {
            assertThatThrownBy(() -> letters.send(ref, LetterKind.REMINDER, key, LetterContext.none()))
                    .isInstanceOf(LetterDeliveryException.class);
        } finally {
            mailSender.setPort(port);
        }
        LetterService.SentLetter recorded = letters.ofCase(ref).stream().filter(l -> l.idempotencyKey().equals(key)).findFirst()
                .orElseThrow();
        assertThat(recorded.sentAt()).isNull();

        letters.send(ref, LetterKind.REMINDER, key, LetterContext.none());
        letters.send(ref, LetterKind.REMINDER, key, LetterContext.none());

        List<MimeMessage> mails = mailsTo(contact, 2);
        Thread.sleep(300);
        assertThat(received(contact)).hasSize(2);
        assertThat(mails.get(1).getMessageID()).isEqualTo(recorded.messageId());
        assertThat(letters.ofCase(ref).stream().filter(l -> l.idempotencyKey().equals(key)).findFirst().orElseThrow().sentAt())
                .isNotNull();
    }
}
