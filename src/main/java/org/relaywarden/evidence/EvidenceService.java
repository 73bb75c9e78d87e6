package org.relaywarden.evidence;

import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.Evidence;
import org.relaywarden.enforcement.MailLog;
import org.relaywarden.enforcement.RelayTraffic;
import org.relaywarden.quarantine.QuarantineService;
import org.relaywarden.quarantine.QuarantinedMessage;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Gathers the evidence of a case: how many messages went to quarantine, to how many recipients,
 * the recipients' top domains, the account's submissions of the last day and sample log lines.
 */
@Service
public class EvidenceService {

    static final int SAMPLE_LINES = 20;
    static final int TOP_DOMAINS = 5;

    private final QuarantineService quarantine;
    private final MailLog mailLog;
    private final RelayTraffic traffic;
    private final CaseRecords cases;
    private final Clock clock;

    EvidenceService(QuarantineService quarantine, MailLog mailLog, RelayTraffic traffic, CaseRecords cases, Clock clock) {
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
        long submissions = traffic.submissionsSince(account, dayAgo).count();
        cases.recordEvidence(ref, new Evidence(messages.size(), recipients, submissions, top, sample, now));
        return new PolicyFacts(messages.size(), cases.earlierIncidents(ref));
    }
}
