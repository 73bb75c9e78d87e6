package org.relaywarden.notification;

import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.Evidence;
import org.relaywarden.cases.RemediationCase;
import org.relaywarden.customers.CaseContacts;
import org.relaywarden.customers.ContactAddress;
import org.springframework.stereotype.Service;

import org.relaywarden.cases.CaseComplaints;
import org.relaywarden.enforcement.MailLog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Renders, records and sends the letters of a case, each exactly once per idempotency key: a
 * letter already sent is not sent again when its job is retried; a letter recorded but not yet
 * sent is sent with the content and Message-ID it was first recorded with; an attempt claims the
 * letter first ({@code relaywarden.letters.sending-claim}), so two attempts never send it at once. The questionnaire
 * link is recorded with a placeholder; each delivery attempt puts a freshly issued token in, so
 * the stored letter is what was sent except for the secret. The recipients are resolved when a letter
 * is first rendered ({@link CaseContacts}: the customer directory's addresses plus those operators
 * added to the case) and recorded with it; a retry sends to the same recipients.
 */
@Service
public class LetterService {

    private final LetterRepository letters;
    private final LetterTemplates templates;
    private final CustomerNotifier notifier;
    private final CaseRecords cases;
    private final LetterSettings settings;
    private final MailLog mailLog;
    private final QuestionnaireAccess questionnaire;
    private final CaseContacts recipients;
    private final PasswordFacts passwords;
    private final CaseComplaints complaints;
    private final Clock clock;

    LetterService(LetterRepository letters, LetterTemplates templates, CustomerNotifier notifier, CaseRecords cases,
                  LetterSettings settings, MailLog mailLog, QuestionnaireAccess questionnaire, CaseContacts recipients,
                  PasswordFacts passwords, CaseComplaints complaints, Clock clock) {
        this.complaints = complaints;
        this.recipients = recipients;
        this.passwords = passwords;
        this.mailLog = mailLog;
        this.questionnaire = questionnaire;
        this.letters = letters;
        this.templates = templates;
        this.notifier = notifier;
        this.cases = cases;
        this.settings = settings;
        this.clock = clock;
    }

    public record SentLetter(String idempotencyKey, LetterKind kind, List<String> recipients, String subject, String body,
                             String htmlBody, String replyTo, String messageId, Instant createdAt, Instant sentAt) {
    }

    public void send(CaseReference ref, LetterKind kind, String idempotencyKey, LetterContext context) {
        var existing = letters.find(idempotencyKey);
        if (existing.isPresent() && existing.get().sentAt() != null) {
            return;
        }
        Letter letter;
        if (existing.isPresent()) {
            letter = existing.get().letter();
        } else {
            letter = render(ref, kind, idempotencyKey, context);
            letters.recordCommitted(ref, letter, clock.instant());
        }
        // one attempt at a time, also across nodes: a job whose lock ran out while its first run still sends
        String attempt = UUID.randomUUID().toString();
        Instant now = clock.instant();
        if (!letters.claimCommitted(idempotencyKey, attempt, now, now.plus(settings.sendingClaim()))) {
            throw new LetterDeliveryException("letter " + idempotencyKey + " is being sent by another attempt or was sent meanwhile", null);
        }
        try {
            notifier.deliver(withToken(ref, letter));
        } catch (RuntimeException e) {
            letters.releaseCommitted(idempotencyKey, attempt);
            throw e;
        }
        letters.markSentCommitted(idempotencyKey, clock.instant());
        cases.audit(ref, CaseRecords.SYSTEM, notifier.sends() ? "LETTER_SENT" : "LETTER_RECORDED", kind + " to " + letter.recipientList() + " via "
                + notifier.channel() + ": " + letter.subject());
    }

    /** The letter as it goes out: a fresh questionnaire token in place of the placeholder it was recorded with. */
    private Letter withToken(CaseReference ref, Letter l) {
        String placeholder = QuestionnaireAccess.TOKEN_PLACEHOLDER;
        if (!l.body().contains(placeholder) && (l.htmlBody() == null || !l.htmlBody().contains(placeholder))) {
            return l;
        }
        String token = questionnaire.issueToken(ref);
        return new Letter(l.idempotencyKey(), l.kind(), l.recipients(), l.subject(), l.body().replace(placeholder, token),
                l.htmlBody() == null ? null : l.htmlBody().replace(placeholder, token), l.replyTo(), l.messageId());
    }

    /** The case of the letter with this Message-ID (angle brackets included), if Relaywarden sent it. */
    public Optional<CaseReference> caseOfMessageId(String messageId) {
        return letters.caseOfMessageId(messageId);
    }

    public List<SentLetter> ofCase(CaseReference ref) {
        return letters.ofCase(ref).stream().map(s -> new SentLetter(s.letter().idempotencyKey(), s.letter().kind(),
                s.letter().recipients(), s.letter().subject(), s.letter().body(), s.letter().htmlBody(), s.letter().replyTo(),
                s.letter().messageId(), s.createdAt(),
                s.sentAt())).toList();
    }

    Letter render(CaseReference ref, LetterKind kind, String key, LetterContext context) {
        RemediationCase c = cases.get(ref);
        CaseContacts.Recipients to = recipients.forLetter(ref);
        // the directory's language first; else the case's (from the alert), else the configured default
        String language = to.language() != null ? to.language()
                : LetterTemplates.LANGUAGES.contains(c.language()) ? c.language() : settings.defaultLanguage();
        List<String> questions = templates.questions(language);
        Map<String, Object> v = new HashMap<>();
        v.put("provider", settings.providerName());
        v.put("signature", settings.signature());
        v.put("contact", settings.contact());
        v.put("caseRef", ref.toString());
        v.put("subjectTag", "[#" + ref + "]");
        v.put("account", c.account().login());
        v.put("questions", questions);
        List<Integer> missingNumbers = numbers(context.missingQuestions());
        v.put("missing", missingNumbers.stream().map(i -> questions.get(i - 1)).toList());
        v.put("queueMissing", missingNumbers.contains(3));
        v.put("missingNumbers", missingNumbers.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        v.put("comment", context.comment() == null || context.comment().isBlank() ? null : context.comment().strip());
        v.put("burstMessages", context.burstMessages() == null ? 0L : context.burstMessages());
        v.put("burstSeconds", context.burstSeconds() == null ? 0L : context.burstSeconds());
        v.put("quarantinedMessages", context.quarantinedMessages());
        v.put("failedAttempts", c.failedAttempts());
        v.put("evidence", evidence(cases.evidence(ref).orElse(null)));
        v.put("logLines", kind == LetterKind.FIRST_NOTICE ? logLines(c) : List.of());
        v.put("complaints", complaints.of(ref).map(LetterService::complaints).orElse(null));
        if (kind == LetterKind.QUEUE_NOT_EMPTY) {
            QuestionnaireAccess.QueueClaimFigures q = questionnaire.queueClaimFigures(ref)
                    .orElseThrow(() -> new IllegalStateException(ref + ": no queue-claim check to tell the customer about"));
            v.put("queueAttempts", q.attempts());
            v.put("queueMessages", q.distinctMessages());
            v.put("queueClaimedAt", LOG_TIME.format(q.claimedAt()));
            v.put("queueLastAttempt", q.lastAttempt() == null ? "" : LOG_TIME.format(q.lastAttempt()));
        }
        // the cracked password still in force (checked now): the follow-up and the ask-again letter explain it
        v.put("password", kind == LetterKind.FOLLOW_UP || kind == LetterKind.ASK_AGAIN ? passwords.unchangedPassword(ref)
                .map(n -> Map.of("since", DateTimeFormatter.ofPattern("de".equals(language) ? "d. MMMM yyyy, HH:mm 'UTC'"
                                : "d MMMM yyyy, HH:mm 'UTC'", Locale.forLanguageTag(language)).format(n.suspendedAt().atZone(ZoneOffset.UTC)),
                        "claimed", n.claimedChange(), "selfService", n.selfService())).orElse(null) : null);
        String replyAddress = settings.replyAddress(questionnaire.replyToken(ref));
        v.put("replyAddress", replyAddress);
        v.put("understood", kind == LetterKind.FOLLOW_UP ? understood(ref, questions) : List.of());
        // why an answer did not count, in friendly words (an irrelevant answer 2, question 3 not confirmed)
        QuestionnaireAccess.Explanations why = kind == LetterKind.FOLLOW_UP ? questionnaire.explanations(ref)
                : QuestionnaireAccess.Explanations.NONE;
        v.put("preventionIrrelevant", missingNumbers.contains(2) ? why.preventionIrrelevant() : null);
        v.put("queueReason", missingNumbers.contains(3) ? why.queueReason() : null);
        v.put("queueWords", why.queueWords());
        Optional<QuestionnaireAccess.Link> link = kind.asksForAnswers() ? questionnaire.link(ref) : Optional.empty();
        v.put("questionnaireUrl", link.map(QuestionnaireAccess.Link::url).orElse(null));
        v.put("questionnaireExpires", link.map(l -> DateTimeFormatter.ofPattern("de".equals(language) ? "d. MMMM yyyy" : "d MMMM yyyy",
                Locale.forLanguageTag(language)).format(l.expiresAt().atZone(ZoneOffset.UTC))).orElse(null));
        LetterTemplates.Rendered r = templates.render(kind, language, v);
        String messageId = "<" + ref + "." + kind.templateName() + "." + UUID.randomUUID() + "@relaywarden>";
        return new Letter(key, kind, to.addresses().stream().map(ContactAddress::value).toList(), r.subject(), r.text(), r.html(), replyAddress, messageId);
    }

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private static List<Integer> numbers(String missing) {
        if (missing == null || missing.isBlank()) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        for (String n : missing.split(",")) {
            int i = Integer.parseInt(n.strip());
            if (i < 1 || i > 3) {
                throw new IllegalArgumentException("no question " + i);
            }
            out.add(i);
        }
        return out;
    }

    /** What the customer answered so far, for the follow-up to quote back. */
    private List<Map<String, Object>> understood(CaseReference ref, List<String> questions) {
        List<Map<String, Object>> out = new ArrayList<>();
        questionnaire.understoodAnswers(ref).forEach((n, answer) -> out.add(Map.of("number", n,
                "question", questions.get(n - 1), "answer", answer, "lines", answer.strip().lines().toList())));
        out.sort((a, b) -> Integer.compare((Integer) a.get("number"), (Integer) b.get("number")));
        return out;
    }

    /** The account's submissions as the relays logged them: time, client address, recipients and the raw line. */
    private List<Map<String, Object>> logLines(RemediationCase c) {
        Instant since = c.createdAt().minus(Duration.ofDays(1));
        return mailLog.excerpts(c.account(), since, settings.logLines()).stream()
                .map(l -> {
                    Map<String, Object> m = new HashMap<>();
                    m.put("time", LOG_TIME.format(l.time()));
                    m.put("client", LetterTemplates.oneLine(l.clientAddress()));
                    // every submission and every refused attempt has a recipient: 0 means the line does not tell
                    m.put("recipients", l.recipientCount() > 0 ? l.recipientCount() : null);
                    m.put("text", LetterTemplates.oneLine(l.text()));
                    return m;
                })
                .toList();
    }

    /**
     * The feedback loops' complaints as a letter may show them: how many, the recipients' domains (never an
     * address; none where the reports were redacted: then the feedback loops that sent them), one subject.
     */
    private static Map<String, Object> complaints(CaseComplaints.Summary s) {
        Map<String, Object> m = new HashMap<>();
        m.put("count", s.count());
        m.put("domains", s.recipientDomains().isEmpty() ? null : LetterTemplates.oneLine(String.join(", ", s.recipientDomains())));
        m.put("reporters", LetterTemplates.oneLine(String.join(", ", s.reporters())));
        m.put("subject", s.exampleSubject() == null ? null : LetterTemplates.oneLine(s.exampleSubject()));
        return m;
    }

    private static Map<String, Object> evidence(Evidence e) {
        if (e == null) {
            return null;
        }
        Map<String, Object> m = new HashMap<>();
        m.put("messageCount", e.messageCount());
        m.put("recipientCount", e.recipientCount());
        m.put("submissionsLast24h", e.submissionsLast24h());
        m.put("recipientsLast24h", e.recipientsLast24h());
        m.put("distinctClients", e.distinctClientsLast24h());
        m.put("refused", e.refusedLast24h());
        m.put("acceptedBeforeStop", e.acceptedBeforeStop());
        m.put("topDomains", e.topDomains().stream().map(LetterTemplates::oneLine).toList());
        // the policy core's named reasons, as the case record kept them (what gave it away)
        m.put("riskReasons", e.riskReasons().stream().map(LetterTemplates::oneLine).toList());
        return m;
    }
}
