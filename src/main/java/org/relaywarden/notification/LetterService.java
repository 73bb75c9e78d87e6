package org.relaywarden.notification;

import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.Evidence;
import org.relaywarden.cases.RemediationCase;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Renders, records and sends the letters of a case, each exactly once per idempotency key: a
 * letter already sent is not sent again when its job is retried; a letter recorded but not yet
 * sent is sent with the content and Message-ID it was first recorded with.
 */
@Service
public class LetterService {

    private final LetterRepository letters;
    private final LetterTemplates templates;
    private final CustomerNotifier notifier;
    private final CaseRecords cases;
    private final LetterSettings settings;
    private final Clock clock;

    LetterService(LetterRepository letters, LetterTemplates templates, CustomerNotifier notifier, CaseRecords cases,
                  LetterSettings settings, Clock clock) {
        this.letters = letters;
        this.templates = templates;
        this.notifier = notifier;
        this.cases = cases;
        this.settings = settings;
        this.clock = clock;
    }

    public record SentLetter(String idempotencyKey, LetterKind kind, String recipient, String subject, String body,
                             String messageId, Instant createdAt, Instant sentAt) {
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
        notifier.deliver(letter);
        letters.markSentCommitted(idempotencyKey, clock.instant());
        cases.audit(ref, CaseRecords.SYSTEM, "LETTER_SENT", kind + " to " + letter.recipient() + " via "
                + notifier.channel() + ": " + letter.subject());
    }

    public List<SentLetter> ofCase(CaseReference ref) {
        return letters.ofCase(ref).stream().map(s -> new SentLetter(s.letter().idempotencyKey(), s.letter().kind(),
                s.letter().recipient(), s.letter().subject(), s.letter().body(), s.letter().messageId(), s.createdAt(),
                s.sentAt())).toList();
    }

    Letter render(CaseReference ref, LetterKind kind, String key, LetterContext context) {
        RemediationCase c = cases.get(ref);
        String language = LetterTemplates.LANGUAGES.contains(c.language()) ? c.language() : settings.defaultLanguage();
        List<String> questions = templates.questions(language);
        Map<String, String> v = new HashMap<>();
        v.put("provider", settings.providerName());
        v.put("signature", settings.signature());
        v.put("caseRef", ref.toString());
        v.put("account", c.account().login());
        v.put("questions", String.join("\n", questions));
        v.put("missing", missing(questions, context.missingQuestions()));
        v.put("comment", context.comment() == null || context.comment().isBlank() ? "-" : context.comment().strip());
        v.put("burstMessages", String.valueOf(context.burstMessages() == null ? 0 : context.burstMessages()));
        v.put("burstSeconds", String.valueOf(context.burstSeconds() == null ? 0 : context.burstSeconds()));
        v.put("failedAttempts", String.valueOf(c.failedAttempts()));
        v.put("evidence", evidence(cases.evidence(ref).orElse(null), language));
        v.put("questionnaire", settings.questionnaireUrl().isBlank() ? "" : settings.questionnaireUrl() + "\n");
        LetterTemplates.Rendered r = templates.render(kind, language, v);
        String messageId = "<" + ref + "." + kind.templateName() + "." + UUID.randomUUID() + "@relaywarden>";
        return new Letter(key, kind, c.contact(), r.subject(), r.body(), messageId);
    }

    private static String missing(List<String> questions, String missing) {
        if (missing == null || missing.isBlank()) {
            return "";
        }
        List<String> out = new ArrayList<>();
        for (String n : missing.split(",")) {
            int i = Integer.parseInt(n.strip());
            out.add(questions.get(i - 1));
        }
        return String.join("\n", out);
    }

    private static String evidence(Evidence e, String language) {
        if (e == null) {
            return "-";
        }
        boolean de = "de".equals(language);
        StringBuilder b = new StringBuilder();
        b.append(de ? "Nachrichten in Quarantäne: " : "Messages in quarantine: ").append(e.messageCount()).append('\n');
        b.append(de ? "Empfänger: " : "Recipients: ").append(e.recipientCount()).append('\n');
        b.append(de ? "Einlieferungen in den letzten 24 Stunden: " : "Submissions in the last 24 hours: ")
                .append(e.submissionsLast24h()).append('\n');
        if (!e.topDomains().isEmpty()) {
            b.append(de ? "Häufigste Empfängerdomains: " : "Top recipient domains: ")
                    .append(String.join(", ", e.topDomains())).append('\n');
        }
        if (!e.sampleLog().isEmpty()) {
            b.append(de ? "\nAuszug aus unseren Logs:\n" : "\nExcerpt from our logs:\n");
            e.sampleLog().stream().limit(10).forEach(l -> b.append("  ").append(l).append('\n'));
        }
        return b.toString().stripTrailing();
    }
}
