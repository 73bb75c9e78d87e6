package org.relaywarden.evidence;

import org.relaywarden.account.Account;
import org.relaywarden.cases.AuditEntry;
import org.relaywarden.cases.CaseComplaints;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.Evidence;
import org.relaywarden.cases.CaseRisk;
import org.relaywarden.enforcement.MailLog;
import org.relaywarden.enforcement.MailQueue;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.QueuedMessage;
import org.relaywarden.enforcement.limits.LimitSettings;
import org.relaywarden.enforcement.RelayTraffic;
import org.relaywarden.metrics.RelaywardenMetrics;
import org.relaywarden.quarantine.QuarantineService;
import org.relaywarden.quarantine.QuarantinedMessage;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Gathers the evidence of a case: how many messages went to quarantine, to how many recipients,
 * the recipients' top domains; from the policy service's counts of the day before: the account's
 * messages, their recipients, distinct client addresses, refused attempts, the submissions accepted
 * before the suspension and the account's counts in the limit window; sample log lines; the feedback loops'
 * complaints about the account (on the audit trail).
 */
@Service
public class EvidenceService {

    static final int SAMPLE_LINES = 20;
    static final int TOP_DOMAINS = 5;

    private final QuarantineService quarantine;
    private final MailLog mailLog;
    private final RelayTraffic traffic;
    private final CaseRecords cases;
    private final LimitSettings limits;
    private final RelaywardenMetrics metrics;
    private final CaseComplaints complaints;
    private final Clock clock;
    private final CaseRisk risk;
    private final MailQueue queue;

    EvidenceService(QuarantineService quarantine, MailLog mailLog, RelayTraffic traffic, CaseRecords cases,
                    LimitSettings limits, RelaywardenMetrics metrics, CaseComplaints complaints, Clock clock, CaseRisk risk,
                    MailQueue queue) {
        this.complaints = complaints;
        this.risk = risk;
        this.queue = queue;
        this.limits = limits;
        this.metrics = metrics;
        this.quarantine = quarantine;
        this.mailLog = mailLog;
        this.traffic = traffic;
        this.cases = cases;
        this.clock = clock;
    }

    public record PolicyFacts(long volume, int earlierIncidents) {
    }

    /** Records the evidence with the case and returns what the policy table needs. */
    public PolicyFacts gather(CaseReference ref, Account account) {
        Instant now = clock.instant();
        List<QuarantinedMessage> messages = quarantine.ofCase(ref);
        Map<String, Integer> domains = new HashMap<>();
        int recipients = 0;
        for (QuarantinedMessage m : messages) {
            for (String r : m.recipients()) {
                if (r.isBlank()) {
                    continue;
                }
                recipients++;
                int at = r.lastIndexOf('@');
                domains.merge(at < 0 ? "(none)" : r.substring(at + 1).toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
        }
        List<String> top = domains.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_DOMAINS)
                .map(e -> e.getKey() + " (" + e.getValue() + ")")
                .toList();
        Instant dayAgo = now.minus(Duration.ofDays(1));
        List<String> sample = mailLog.excerpts(account, dayAgo, SAMPLE_LINES).stream().map(MailLog.LogLine::text).toList();
        RelayTraffic.Activity day = traffic.activitySince(dayAgo).getOrDefault(account, NONE);
        RelayTraffic.Activity window = traffic.activitySince(now.minus(limits.window())).getOrDefault(account, NONE);
        long submitted = traffic.submissionsSince(account, dayAgo).count();
        Instant stop = suspendedAt(ref).orElse(now);
        long acceptedBeforeStop = Math.max(0, submitted - traffic.submissionsSince(account, stop).count());
        OptionalLong refused = traffic.refusedSince(account, dayAgo);
        Evidence e = new Evidence(messages.size(), recipients, submitted, day.recipients(), day.distinctClients(),
                refused.isPresent() ? refused.getAsLong() : null, acceptedBeforeStop, window.messages(), window.recipients(),
                top, sample, now, risk.reasons(ref));
        cases.recordEvidence(ref, e);
        // the feedback loops' complaints about the account, as the reports let them be shown (domains, not addresses)
        complaints.of(ref).ifPresent(c -> cases.audit(ref, CaseRecords.SYSTEM, "COMPLAINTS", c.text()));
        metrics.evidence(e);
        return new PolicyFacts(messages.size(), cases.earlierIncidents(ref));
    }

    /**
     * What the relays hold of the account's mail (their hold queues, envelopes only: never a message's content):
     * how many messages to how many recipients, and a sample of the oldest, for the desk's review.
     */
    public record HeldMail(int messages, long recipients, List<String> sample) {
    }

    static final int HELD_SAMPLE = 20;
    private static final DateTimeFormatter HELD_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    public HeldMail heldMail(Account account) {
        List<QueuedMessage> held = queue.messagesOf(account, EnumSet.of(QueueName.HOLD)).stream()
                .sorted(Comparator.comparing(QueuedMessage::arrival, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
        long recipients = held.stream().mapToLong(m -> m.recipients().size()).sum();
        List<String> sample = held.stream().limit(HELD_SAMPLE).map(m -> (m.arrival() == null ? "" : HELD_TIME.format(m.arrival()) + "  ")
                + m.relay() + "/" + m.queueId() + "  <" + m.sender() + "> -> " + String.join(", ", m.recipients().stream().limit(5).toList())
                + (m.recipients().size() > 5 ? " (+" + (m.recipients().size() - 5) + " more)" : "") + "  " + m.size() + " bytes")
                .toList();
        return new HeldMail(held.size(), recipients, sample);
    }

    private static final RelayTraffic.Activity NONE = new RelayTraffic.Activity(0, 0, 0);

    /** When the case first suspended the account (its first RELAY_SUSPENDED audit line). */
    private Optional<Instant> suspendedAt(CaseReference ref) {
        return cases.auditTrail(ref).stream().filter(a -> "RELAY_SUSPENDED".equals(a.action())).map(AuditEntry::at)
                .min(Comparator.naturalOrder());
    }
}
