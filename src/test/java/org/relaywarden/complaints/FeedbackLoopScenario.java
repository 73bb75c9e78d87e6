package org.relaywarden.complaints;

import org.relaywarden.testsupport.Await;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.cases.AuditEntry;
import org.relaywarden.cases.CaseComplaints;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.RemediationCase;
import org.relaywarden.complaints.support.ArfReports;
import org.relaywarden.complaints.support.ArfReports.Shape;
import org.relaywarden.testsupport.relay.SmtpTestClient;
import org.relaywarden.evidence.EvidenceService;
import org.relaywarden.notification.LetterContext;
import org.relaywarden.notification.LetterKind;
import org.relaywarden.notification.LetterService;
import org.relaywarden.questionnaire.QuestionnaireService;
import org.relaywarden.security.ApiTokens;
import org.relaywarden.security.Roles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feedback loop end to end on a real relay: an account submits mail with SMTP AUTH, the relay hands it on
 * (to a sink), the reports built around the messages as delivered (with the relay's own Received: line) arrive in
 * the feedback-loop folder of a real IMAP server (GreenMail) and over REST, and the account's case opens within
 * seconds, with the complaints in its evidence, review form and letter. One subclass per MTA says how mail is
 * relayed and how the relay is configured (as docs/complaints.md tells a provider).
 */
abstract class FeedbackLoopScenario {

    private static final Logger log = LoggerFactory.getLogger(FeedbackLoopScenario.class);
    static final String FBL_USER = "fbl@provider.example";
    static final String FBL_PASSWORD = "fbl-secret";
    static final String REPORTER = "fbl.mailbox.example";
    /** How long a report may take to open the case: seconds are the goal, the bound is generous for a loaded machine. */
    static final Duration WITHIN = Duration.ofSeconds(45);

    static GreenMail imap;

    @Autowired
    CaseRecords cases;
    @Autowired
    ComplaintService complaints;
    @Autowired
    CaseComplaints caseComplaints;
    @Autowired
    EvidenceService evidence;
    @Autowired
    LetterService letters;
    @Autowired
    QuestionnaireService questionnaire;
    @Autowired
    ApiTokens tokens;
    @Autowired
    TestRestTemplate rest;

    private final Account sender;
    private final String senderPassword;
    private final Account bystander;
    private final String bystanderPassword;

    /** The account that sends the reported mail, and one that sends once; both can log in at the relay. */
    FeedbackLoopScenario(Account sender, String senderPassword, Account bystander, String bystanderPassword) {
        this.sender = sender;
        this.senderPassword = senderPassword;
        this.bystander = bystander;
        this.bystanderPassword = bystanderPassword;
    }

    /** The relay's SMTP port (with AUTH). */
    abstract int smtpPort();

    /** The messages the relay delivered so far, as it delivered them (with its Received: lines). */
    abstract List<String> deliveredMessages();

    Account sender() {
        return sender;
    }

    Account bystander() {
        return bystander;
    }

    /** Submits a message with SMTP AUTH as the login and returns it as the relay delivered it. */
    String relayed(Account login, String password, String recipient, String subject) {
        String message = "From: <" + login.login() + ">\nTo: <" + recipient + ">\nSubject: " + subject + "\nMessage-ID: <"
                + System.nanoTime() + "@" + login.domain() + ">\n\nBuy now.\n";
        try (SmtpTestClient c = SmtpTestClient.connect(smtpPort(), login.login(), password)) {
            assertThat(c.send(login.login(), message, recipient).code()).isEqualTo(250);
        }
        assertThat(Await.within(Duration.ofSeconds(30), () -> delivered(subject).isPresent())).as("delivered: " + subject).isTrue();
        return delivered(subject).orElseThrow();
    }

    private Optional<String> delivered(String subject) {
        return deliveredMessages().stream().filter(m -> m.contains(subject)).findFirst().map(m -> m.replace("\r\n", "\n"));
    }

    /** GreenMail's IMAP on a free port with the feedback-loop user, and the mailbox settings as docs/complaints.md says. */
    static void feedbackLoopMailbox(DynamicPropertyRegistry registry) {
        if (imap == null) {
            imap = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
            imap.start();
            imap.setUser(FBL_USER, FBL_USER, FBL_PASSWORD);
        }
        registry.add("relaywarden.complaints.mailbox.enabled", () -> "true");
        registry.add("relaywarden.complaints.mailbox.host", () -> "127.0.0.1");
        registry.add("relaywarden.complaints.mailbox.protocol", () -> "imap");
        registry.add("relaywarden.complaints.mailbox.port", () -> imap.getImap().getPort());
        registry.add("relaywarden.complaints.mailbox.username", () -> FBL_USER);
        registry.add("relaywarden.complaints.mailbox.password", () -> FBL_PASSWORD);
        registry.add("relaywarden.complaints.mailbox.poll-interval", () -> "PT0.5S");
        registry.add("relaywarden.complaints.threshold", () -> "3");
    }

    static void stopMailbox() {
        if (imap != null) {
            imap.stop();
            imap = null;
        }
    }

    @Test
    void threeReportsOfTheSendersMailOpenItsCaseWithinSecondsAndTheCaseShowsThem() throws Exception {
        String tag = Long.toHexString(System.nanoTime());
        String one = relayed(sender, senderPassword, "user1@mailbox.example", "Cheap watches " + tag + " a");
        String two = relayed(sender, senderPassword, "user2@mailbox.example", "Cheap watches " + tag + " b");
        String three = relayed(sender, senderPassword, "user3@mailbox.example", "Cheap watches " + tag + " c");
        String other = relayed(bystander, bystanderPassword, "user4@mailbox.example", "Newsletter " + tag);
        assertThat(cases.findOpen(sender())).isEmpty();

        Instant start = Instant.now();
        append("FeedbackLoop", ArfReports.arf(Shape.FULL_MESSAGE, REPORTER, "user1@mailbox.example", one));
        append("FeedbackLoop", ArfReports.arf(Shape.REDACTED, REPORTER, "user2@mailbox.example", two));
        assertThat(await(() -> complaints.recent(sender(), Complaint.Status.ATTRIBUTED, 10).size() == 2 ? true : null))
                .as("both mailbox reports attributed to " + sender()).isNotNull();
        assertThat(cases.findOpen(sender())).as("two are below the threshold of three").isEmpty();

        // the third over REST, as the whole report mail (a forwarding script would send it so)
        String third = ArfReports.arf(Shape.HEADERS_ONLY, REPORTER, "user3@mailbox.example", three);
        ResponseEntity<String> r = post(third, "message/rfc822");
        assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(201);
        assertThat(r.getBody()).contains("\"status\":\"attributed\"").contains("\"account\":\"" + sender().login() + "\"");
        RemediationCase opened = await(() -> cases.findOpen(sender()).orElse(null));
        assertThat(opened).as("the sender's case").isNotNull();
        log.info("feedback loop on {}: case {} opened {} ms after the first report was filed", getClass().getSimpleName(),
                opened.reference(), Duration.between(start, Instant.now()).toMillis());
        assertThat(opened.source()).isEqualTo("feedback-loop");
        assertThat(opened.reason()).contains("3 feedback-loop complaints").contains("mailbox.example")
                .contains("Cheap watches " + tag);
        assertThat(r.getBody()).contains("\"caseId\":\"" + opened.reference() + "\"");

        // the same report again (a client that retries) changes nothing
        ResponseEntity<String> again = post(third, "message/rfc822");
        assertThat(again.getStatusCode().value()).isEqualTo(200);
        assertThat(again.getBody()).contains("\"duplicate\":true");
        // a further report (X-ARF v3 JSON) joins the open case
        ResponseEntity<String> fourth = post(ArfReports.xarf3("antispam.example", two), "application/json");
        assertThat(fourth.getStatusCode().value()).as(fourth.getBody()).isEqualTo(201);
        assertThat(fourth.getBody()).contains("\"caseId\":\"" + opened.reference() + "\"");
        assertThat(cases.auditTrail(opened.reference())).extracting(AuditEntry::action).contains("COMPLAINT");
        assertThat(cases.findOpen(sender()).orElseThrow().reference()).isEqualTo(opened.reference());

        // the bystander's one complaint (XARF) is recorded against it and opens nothing
        ResponseEntity<String> x = post(ArfReports.xarf4("antispam.example", other), "application/json");
        assertThat(x.getStatusCode().value()).as(x.getBody()).isEqualTo(201);
        assertThat(x.getBody()).contains("\"account\":\"" + bystander().login() + "\"");
        assertThat(cases.findOpen(bystander())).isEmpty();

        // what the case shows: the evidence's audit line, the review form, the letter (domains only, never an address)
        CaseReference ref = opened.reference();
        CaseComplaints.Summary summary = caseComplaints.of(ref).orElseThrow();
        assertThat(summary.count()).isEqualTo(4);
        assertThat(summary.reporters()).containsExactlyInAnyOrder(REPORTER, "antispam.example");
        assertThat(summary.recipientDomains()).containsExactly("mailbox.example");
        evidence.gather(ref, sender());
        assertThat(cases.auditTrail(ref)).filteredOn(a -> a.action().equals("COMPLAINTS")).singleElement()
                .extracting(AuditEntry::detail).asString().startsWith("4 recipients at mailbox.example reported");
        assertThat(questionnaire.reviewContext(ref).get("complaintsSummary")).asString()
                .contains("recipients at mailbox.example reported the account's mail as spam, e.g. subject \"Cheap watches " + tag);
        letters.send(ref, LetterKind.FIRST_NOTICE, "fbl-test-" + tag, LetterContext.none());
        LetterService.SentLetter letter = letters.ofCase(ref).stream().filter(l -> l.idempotencyKey().equals("fbl-test-" + tag))
                .findFirst().orElseThrow();
        String expected = "de".equals(opened.language()) ? "Empfänger bei mailbox.example haben Ihre Mail als Spam gemeldet"
                : "recipients at mailbox.example reported your mail as spam";
        String complaintLine = letter.body().lines().filter(l -> l.contains(expected)).findFirst().orElseThrow();
        // the complainants stay unnamed (the customer's own log excerpt below it may list the recipients it sent to)
        assertThat(complaintLine).contains("Cheap watches " + tag).doesNotContain("@");
        assertThat(letter.htmlBody()).contains("mailbox.example").contains("Cheap watches " + tag);
    }

    @Test
    void reportsOfOtherMailAreRecordedAndIgnoredAndBadOnesAreRefusedAndKept() throws Exception {
        String foreign = """
                Received: from pc (unknown [198.51.100.9])
                \tby mail.elsewhere.example (Postfix) with ESMTPSA id 4dQ7Rk2Y1Rz9sXX
                \tfor <user9@mailbox.example>; Mon,  7 Dec 2026 14:00:02 +0000 (UTC)
                From: <someone@elsewhere.example>
                Subject: not ours
                Message-ID: <not-ours@elsewhere.example>

                body
                """;
        ResponseEntity<String> notOurs = post(ArfReports.arf(Shape.FULL_MESSAGE, REPORTER, "user9@mailbox.example", foreign), "message/rfc822");
        assertThat(notOurs.getStatusCode().value()).isEqualTo(201);
        assertThat(notOurs.getBody()).contains("\"status\":\"not-ours\"");

        ResponseEntity<String> hostile = post("From: a@b.example\nSubject: hello\n\nnot a report\n", "message/rfc822");
        assertThat(hostile.getStatusCode().value()).isEqualTo(400);
        assertThat(hostile.getBody()).contains("expected multipart/report");
        ResponseEntity<String> json = post("{\"xarf_version\": \"4.0.0\", \"category\": \"connection\"}", "application/json");
        assertThat(json.getStatusCode().value()).isEqualTo(400);
        assertThat(json.getBody()).contains("not about mail");

        // from the mailbox: into the dead-letter folder, recorded as refused with the reason, nothing lost
        String marker = "not-a-report-" + System.nanoTime();
        append("FeedbackLoop", "From: prankster@elsewhere.example\nSubject: " + marker + "\nMessage-ID: <" + marker
                + "@elsewhere.example>\n\nhello\n");
        assertThat(await(() -> subjects("FeedbackLoop-DeadLetter").contains(marker) ? true : null))
                .as("the refused mail in the dead-letter folder").isNotNull();
        assertThat(subjects("FeedbackLoop")).doesNotContain(marker);
        assertThat(complaints.recent(null, Complaint.Status.REFUSED, 50)).extracting(Complaint::channel, Complaint::detail)
                .anySatisfy(t -> {
                    assertThat(t.toList().get(0)).isEqualTo("mailbox");
                    assertThat((String) t.toList().get(1)).contains("expected multipart/report");
                });
    }

    ResponseEntity<String> post(String body, String contentType) {
        HttpHeaders h = new HttpHeaders();
        h.setBearerAuth(tokens.create("fbl-" + System.nanoTime(), List.of(Roles.MONITORING), "test", Duration.ofHours(1)).token());
        h.setContentType(MediaType.parseMediaType(contentType));
        return rest.exchange("/api/v1/complaints", HttpMethod.POST, new HttpEntity<>(body.getBytes(StandardCharsets.UTF_8), h), String.class);
    }

    /** Files a mail into a folder of the feedback-loop mailbox (IMAP APPEND, as the mailbox's filter would file it). */
    static void append(String folder, String raw) throws MessagingException {
        Store store = store();
        try {
            Folder f = store.getFolder(folder);
            if (!f.exists()) {
                f.create(Folder.HOLDS_MESSAGES);
            }
            Session session = Session.getInstance(new Properties());
            f.appendMessages(new Message[]{new MimeMessage(session, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)))});
        } finally {
            store.close();
        }
    }

    static List<String> subjects(String folder) {
        try {
            Store store = store();
            try {
                Folder f = store.getFolder(folder);
                if (!f.exists()) {
                    return List.of();
                }
                f.open(Folder.READ_ONLY);
                try {
                    List<String> out = new ArrayList<>();
                    for (Message m : f.getMessages()) {
                        if (!m.isSet(Flags.Flag.DELETED)) {
                            out.add(m.getSubject());
                        }
                    }
                    return out;
                } finally {
                    f.close(false);
                }
            } finally {
                store.close();
            }
        } catch (MessagingException e) {
            return List.of();
        }
    }

    private static Store store() throws MessagingException {
        Properties p = new Properties();
        p.put("mail.store.protocol", "imap");
        Store store = Session.getInstance(p).getStore("imap");
        store.connect("127.0.0.1", imap.getImap().getPort(), FBL_USER, FBL_PASSWORD);
        return store;
    }

    /** Polls until the supplier gives a value or {@link #WITHIN} is up (then null). */
    static <T> T await(Supplier<T> value) throws InterruptedException {
        long until = System.nanoTime() + WITHIN.toNanos();
        while (System.nanoTime() < until) {
            T v = value.get();
            if (v != null) {
                return v;
            }
            Thread.sleep(100);
        }
        return value.get();
    }
}
