package org.relaywarden.communication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.cases.AuditEntry;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseStage;
import org.relaywarden.enforcement.sandbox.SandboxMailServer;
import org.relaywarden.notification.LetterKind;
import org.relaywarden.notification.LetterService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #15 item 3 against GreenMail: whoever raises an alert cannot choose who gets the letter
 * (the questionnaire link and the evidence); letters go to the customer directory's addresses (here
 * the scenarios' CSV file) and to the addresses an operator added to the case.
 */
class CustomerOfRecordScenarioTest extends MailPeerScenario {

    static final String ATTACKER = "attacker@evil.test";

    @Autowired
    TestRestTemplate rest;
    @Autowired
    ObjectMapper json;
    @Autowired
    LetterService letters;

    ResponseEntity<String> call(String user, HttpMethod method, String path, Object body) {
        HttpHeaders h = new HttpHeaders();
        h.setBasicAuth(user, user);
        h.setContentType(MediaType.APPLICATION_JSON);
        return rest.exchange(path, method, new HttpEntity<>(body, h), String.class);
    }

    JsonNode body(ResponseEntity<String> r) throws Exception {
        return json.readTree(r.getBody());
    }

    static List<String> to(MimeMessage m) throws Exception {
        return Arrays.stream(m.getAllRecipients()).map(Object::toString).toList();
    }

    @Test
    void anAlertNamingAContactIsRefusedAndTheFirstNoticeGoesToTheCustomerOfRecord() throws Exception {
        long n = System.nanoTime() % 1_000_000;
        Account account = Account.parse("record" + n + "@kunde.example");
        String owner = "inhaber" + n + "@kunde.example";
        addCustomer(account.login() + "," + owner + ",en,\"Kunde, GmbH\"");
        sandbox.flood(account, 12, 3, SandboxMailServer.Upstream.DEFERS);

        ResponseEntity<String> refused = call("monitoring", HttpMethod.POST, "/api/v1/alerts", Map.of("account", account.login(),
                "source", "queue-monitor", "reason", "412 deferred", "contact", ATTACKER));
        assertThat(refused.getStatusCode().value()).isEqualTo(400);
        assertThat(body(refused).path("detail").asText()).startsWith("contact: is not accepted")
                .contains("POST /api/v1/cases/{caseId}/contacts", "customer directory");
        assertThat(cases.findOpen(account)).as("the refused alert opened nothing").isEmpty();

        ResponseEntity<String> opened = call("monitoring", HttpMethod.POST, "/api/v1/alerts", Map.of("account", account.login(),
                "source", "queue-monitor", "reason", "412 deferred"));
        assertThat(opened.getStatusCode().value()).isEqualTo(202);
        CaseReference ref = CaseReference.parse(body(opened).path("caseId").asText());
        awaitStage(ref, CaseStage.AWAITING_ANSWERS);

        MimeMessage notice = mailsTo(owner, 1).get(0);
        assertThat(to(notice)).containsExactly(owner);
        assertThat(notice.getSubject()).as("in the directory's language").contains("Relaying suspended");
        String text = (String) ((Multipart) notice.getContent()).getBodyPart(0).getContent();
        assertThat(text).contains("/q/", "In quarantine: 12 messages");
        assertThat(received(ATTACKER)).isEmpty();
        assertThat(received(account.login())).as("the directory knows the customer: not the mailbox").isEmpty();
        assertThat(letters.ofCase(ref)).singleElement().satisfies(l -> {
            assertThat(l.kind()).isEqualTo(LetterKind.FIRST_NOTICE);
            assertThat(l.recipients()).containsExactly(owner);
        });
        assertThat(cases.auditTrail(ref)).anyMatch(a -> a.action().equals("LETTER_SENT") && a.detail().contains(owner))
                .noneMatch(a -> a.action().equals("CUSTOMER_NOT_IN_DIRECTORY"));

        JsonNode contacts = body(call("agent", HttpMethod.GET, "/api/v1/cases/" + ref + "/contacts", null));
        assertThat(contacts.path("directory").asText()).startsWith("file ");
        assertThat(contacts.path("name").asText()).isEqualTo("Kunde, GmbH");
        assertThat(contacts.path("recipients").toString()).isEqualTo("[\"" + owner + "\"]");
    }

    @Test
    void aWebhookAlertCannotNameARecipientEither() throws Exception {
        long n = System.nanoTime() % 1_000_000;
        Account account = Account.parse("hook" + n + "@kunde.example");
        String owner = "owner" + n + "@kunde.example";
        addCustomer(account.login() + "," + owner + ",de,");
        sandbox.flood(account, 5, 2, SandboxMailServer.Upstream.DEFERS);
        Map<String, Object> alert = Map.of("status", "firing", "fingerprint", "f" + n, "startsAt", "2026-11-29T01:00:00Z",
                "labels", Map.of("alertname", "RelayAccountDeferredQueue", "sasl_username", account.login(), "contact", ATTACKER,
                        "email", ATTACKER),
                "annotations", Map.of("summary", "deferred", "contact", ATTACKER, "recipient", ATTACKER));
        ResponseEntity<String> r = call("monitoring", HttpMethod.POST, "/api/v1/alerts/alertmanager",
                Map.of("version", "4", "status", "firing", "alerts", List.of(alert)));
        assertThat(r.getStatusCode().value()).isEqualTo(202);
        CaseReference ref = CaseReference.parse(body(r).path("results").get(0).path("caseId").asText());
        awaitStage(ref, CaseStage.AWAITING_ANSWERS);

        assertThat(to(mailsTo(owner, 1).get(0))).containsExactly(owner);
        assertThat(letters.ofCase(ref)).singleElement().satisfies(l -> assertThat(l.recipients()).containsExactly(owner));
        assertThat(received(ATTACKER)).isEmpty();
    }

    @Test
    void anOperatorAddsAnAddressAndTheNextLetterReachesBothOthersMayNot() throws Exception {
        CaseReference ref = compromisedAccount("de");
        String mailbox = cases.get(ref).account().login();
        awaitStage(ref, CaseStage.AWAITING_ANSWERS);
        assertThat(to(mailsTo(mailbox, 1).get(0))).containsExactly(mailbox);
        assertThat(cases.auditTrail(ref)).as("an account the directory does not know: its mailbox, and the audit says so")
                .anyMatch(a -> a.action().equals("CUSTOMER_NOT_IN_DIRECTORY") && a.detail().contains("own mailbox"));

        String added = "it" + System.nanoTime() % 1_000_000 + "@dienstleister.example";
        Map<String, String> request = Map.of("address", added, "reason", "customer called: their IT contractor runs the server");
        for (String user : new String[]{"agent", "lead", "monitoring"}) {
            assertThat(call(user, HttpMethod.POST, "/api/v1/cases/" + ref + "/contacts", request).getStatusCode().value())
                    .as(user).isEqualTo(403);
        }
        for (String h : new String[]{added + "\r\nBcc: " + ATTACKER, added + ", " + ATTACKER, "Kunde <" + ATTACKER + ">",
                "\"a b\"@kunde.example", ATTACKER + "\u0000", "-oQ/tmp@kunde.example", "attacker@localhost", ""}) {
            ResponseEntity<String> hostile = call("operator", HttpMethod.POST, "/api/v1/cases/" + ref + "/contacts",
                    Map.of("address", h, "reason", "x"));
            assertThat(hostile.getStatusCode().value()).as(h).isEqualTo(400);
            assertThat(body(hostile).path("detail").asText()).as(h).startsWith("address: ");
        }
        assertThat(cases.auditTrail(ref)).noneMatch(a -> a.action().equals("CONTACT_ADDED"));
        assertThat(call("operator", HttpMethod.POST, "/api/v1/cases/" + ref + "/contacts", Map.of("address", added))
                .getStatusCode().value()).as("a reason is required").isEqualTo(400);

        ResponseEntity<String> ok = call("operator", HttpMethod.POST, "/api/v1/cases/" + ref + "/contacts", request);
        assertThat(ok.getStatusCode().value()).isEqualTo(201);
        assertThat(body(ok).path("recipients").toString()).isEqualTo("[\"" + mailbox + "\",\"" + added + "\"]");
        assertThat(call("operator", HttpMethod.POST, "/api/v1/cases/" + ref + "/contacts", request).getStatusCode().value())
                .as("the same address again changes nothing").isEqualTo(200);

        List<AuditEntry> added_ = cases.auditTrail(ref).stream().filter(a -> a.action().equals("CONTACT_ADDED")).toList();
        assertThat(added_).singleElement().satisfies(a -> {
            assertThat(a.actor()).isEqualTo("operator");
            assertThat(a.detail()).isEqualTo(added + ": customer called: their IT contractor runs the server");
        });
        JsonNode listed = body(call("agent", HttpMethod.GET, "/api/v1/cases/" + ref + "/contacts", null)).path("added").get(0);
        assertThat(listed.path("address").asText()).isEqualTo(added);
        assertThat(listed.path("addedBy").asText()).isEqualTo("operator");

        // the next letter: answers without question 3 bring a follow-up
        assertThat(call("agent", HttpMethod.POST, "/api/v1/cases/" + ref + "/answers", Map.of("cause", "a cracked password",
                "prevention", "deleted the user", "queueEmptied", false)).getStatusCode().is2xxSuccessful()).isTrue();
        MimeMessage followUp = mailsTo(added, 1).get(0);
        assertThat(to(followUp)).containsExactly(mailbox, added);
        assertThat(mailsTo(mailbox, 2).get(1).getMessageID()).isEqualTo(followUp.getMessageID());
        LetterService.SentLetter stored = letters.ofCase(ref).stream().filter(l -> l.kind() == LetterKind.FOLLOW_UP).findFirst()
                .orElseThrow();
        assertThat(stored.recipients()).containsExactly(mailbox, added);
        // the audit line commits with the letter's job, a moment after the SMTP server took the mail
        awaitTrue("the follow-up's audit line", () -> cases.auditTrail(ref).stream().anyMatch(a -> a.action().equals("LETTER_SENT")
                && a.detail().startsWith("FOLLOW_UP to " + mailbox + ", " + added + " via smtp")));
    }
}
