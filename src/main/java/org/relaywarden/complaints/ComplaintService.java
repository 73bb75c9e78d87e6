package org.relaywarden.complaints;

import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseComplaints;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.RemediationCase;
import org.relaywarden.detection.DetectorAlerts;
import org.relaywarden.enforcement.MailLog;
import org.relaywarden.metrics.RelaywardenMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Takes a feedback-loop report (from the mailbox or over REST): records it, whatever it is; finds the account
 * that sent the reported message (the provider's own Received: line names the relay and its queue id, the
 * relay's log the SASL login that submitted it: {@link MailLog#loginOfQueueId}); and when an account's
 * complaints within the window reach the threshold, raises the {@code feedback-loop} alert the way the built-in
 * detectors do ({@link DetectorAlerts}: one case per account, not in a quiet period). A complaint about an account
 * whose case is open joins that case's audit trail.
 */
@Service
public class ComplaintService implements CaseComplaints {

    private static final Logger log = LoggerFactory.getLogger(ComplaintService.class);
    static final String SOURCE = "feedback-loop";

    private final ReportParser parser = new ReportParser();
    private final ComplaintRepository repository;
    private final ComplaintSettings settings;
    private final MailLog mailLog;
    private final DetectorAlerts alerts;
    private final CaseRecords cases;
    private final RelaywardenMetrics metrics;
    private final TransactionTemplate tx;
    private final Clock clock;

    ComplaintService(ComplaintRepository repository, ComplaintSettings settings, MailLog mailLog, DetectorAlerts alerts,
                     CaseRecords cases, RelaywardenMetrics metrics, PlatformTransactionManager tm, Clock clock) {
        this.repository = repository;
        this.settings = settings;
        this.mailLog = mailLog;
        this.alerts = alerts;
        this.cases = cases;
        this.metrics = metrics;
        this.tx = new TransactionTemplate(tm);
        this.clock = clock;
    }

    /** What became of a report; {@code caseRef} is the account's case, where the complaint opened or joined one. */
    public record Outcome(Complaint complaint, boolean duplicate, CaseReference caseRef) {
    }

    /**
     * Records and follows one report. A report that is not a readable feedback report is recorded as REFUSED and
     * then thrown as a {@link MalformedReportException} (the REST answer says why, the mailbox moves it to the
     * dead-letter folder). The same raw report a second time changes nothing.
     */
    public Outcome receive(byte[] raw, String channel) {
        String digest = sha256(raw);
        Optional<Complaint> seen = repository.byDigest(digest);
        if (seen.isPresent()) {
            metrics.complaint(channel, "duplicate");
            if (seen.get().status() == Complaint.Status.REFUSED) {
                throw new MalformedReportException(seen.get().detail());
            }
            return new Outcome(seen.get(), true, null);
        }
        Instant now = clock.instant();
        if (raw.length > settings.maxReportBytes()) {
            String why = "the report has " + raw.length + " bytes, more than relaywarden.complaints.max-report-bytes ("
                    + settings.maxReportBytes() + ")";
            record(digest, null, refused(now, channel, why));
            throw new MalformedReportException(why);
        }
        FeedbackReport report;
        try {
            report = parser.parse(raw);
        } catch (MalformedReportException e) {
            record(digest, raw, refused(now, channel, e.getMessage()));
            throw e;
        }
        List<ReceivedTrail.Hop> hops = ReceivedTrail.providerHops(report.message().received(), settings.relayHosts());
        Complaint.Status status;
        String detail;
        MailLog.Submission found = null;
        ReceivedTrail.Hop hop = null;
        if (hops.isEmpty()) {
            status = Complaint.Status.NOT_OURS;
            detail = "no Received: line of the provider's relays with a queue id"
                    + (settings.relayHosts().isEmpty() ? "" : " (relay hosts " + settings.relayHosts() + ")");
        } else {
            for (ReceivedTrail.Hop h : hops) {
                Instant around = h.date() != null ? h.date() : report.arrival() != null ? report.arrival() : now;
                Optional<MailLog.Submission> s = mailLog.loginOfQueueId(h.queueId(), around);
                hop = h;
                if (s.isPresent()) {
                    found = s.get();
                    break;
                }
            }
            status = found != null ? Complaint.Status.ATTRIBUTED : Complaint.Status.UNATTRIBUTED;
            detail = found != null ? "submitted by " + found.account().login() + " on relay " + found.relay()
                    : "queue id " + hop.queueId() + " of " + hop.host() + " (" + hop.mta() + ") is in no relay log as an "
                    + "authenticated submission";
        }
        Complaint c = new Complaint(0, now, channel, status, detail, report.format(), report.feedbackType(), report.reporter(),
                report.reportId(), report.recipientDomains(), report.redacted(), found == null ? null : found.account().login(),
                found == null ? hop == null ? null : hop.host() : found.relay(), hop == null ? null : hop.queueId(),
                report.message().messageId(), report.message().subject(), found == null ? null : found.text(),
                found == null ? null : found.time());
        Optional<Complaint> stored = record(digest, raw, c);
        if (stored.isEmpty()) {
            return new Outcome(repository.byDigest(digest).orElseThrow(), true, null);
        }
        log.info("feedback-loop report {} from {} ({}): {}", stored.get().id(), report.reporter(), channel, detail);
        CaseReference ref = found == null ? null : signal(found.account(), stored.get()).orElse(null);
        return new Outcome(stored.get(), false, ref);
    }

    /** The account's complaints in the window: on its open case's audit trail, or the alert at the threshold. */
    private Optional<CaseReference> signal(Account account, Complaint c) {
        Instant since = clock.instant().minus(settings.window());
        List<Complaint> recent = repository.attributedSince(account.login(), since);
        Optional<RemediationCase> open = tx.execute(s -> cases.findOpen(account));
        if (open.isPresent()) {
            cases.audit(open.get().reference(), SOURCE, "COMPLAINT", "report " + c.id() + " from " + c.reporter()
                    + (c.subject() == null ? "" : ", subject \"" + c.subject() + "\"") + "; " + recent.size()
                    + " in " + settings.window().toHours() + " h");
            return Optional.of(open.get().reference());
        }
        if (recent.size() < settings.threshold()) {
            log.info("{}: {} complaint(s) in {} (threshold {})", account, recent.size(), settings.window(), settings.threshold());
            return Optional.empty();
        }
        Summary summary = summary(recent).orElseThrow();
        String reason = recent.size() + " feedback-loop complaints in " + settings.window().toHours() + " h (threshold "
                + settings.threshold() + "): " + summary.text();
        return alerts.raise(account, SOURCE, reason.length() <= 1000 ? reason : reason.substring(0, 1000));
    }

    @Override
    public Optional<Summary> of(CaseReference ref) {
        return cases.find(ref).flatMap(c -> summary(repository.attributedSince(c.account().login(),
                c.createdAt().minus(settings.window()))));
    }

    public List<Complaint> recent(Account account, Complaint.Status status, int limit) {
        return repository.recent(account == null ? null : account.login(), status, limit);
    }

    public Optional<Complaint> find(long id) {
        return repository.byId(id);
    }

    public Optional<byte[]> raw(long id) {
        return repository.raw(id);
    }

    private static Optional<Summary> summary(List<Complaint> complaints) {
        if (complaints.isEmpty()) {
            return Optional.empty();
        }
        Set<String> domains = new LinkedHashSet<>();
        Set<String> reporters = new LinkedHashSet<>();
        String subject = null;
        Instant first = null;
        Instant last = null;
        for (Complaint c : complaints) {
            domains.addAll(c.recipientDomains());
            if (c.reporter() != null) {
                reporters.add(c.reporter().toLowerCase(Locale.ROOT));
            }
            if (subject == null && c.subject() != null && !c.subject().isBlank()) {
                subject = c.subject();
            }
            first = first == null || c.receivedAt().isBefore(first) ? c.receivedAt() : first;
            last = last == null || c.receivedAt().isAfter(last) ? c.receivedAt() : last;
        }
        return Optional.of(new Summary(complaints.size(), List.copyOf(domains).subList(0, Math.min(5, domains.size())),
                List.copyOf(reporters).subList(0, Math.min(5, reporters.size())), subject, first, last));
    }

    /** Stores the row; empty when the same report was stored meanwhile (a second reader raced). */
    private Optional<Complaint> record(String digest, byte[] raw, Complaint c) {
        try {
            long id = tx.execute(s -> repository.insert(digest, raw, c));
            metrics.complaint(c.channel(), c.status().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            return repository.byId(id);
        } catch (DuplicateKeyException raced) {
            metrics.complaint(c.channel(), "duplicate");
            return Optional.empty();
        }
    }

    private static Complaint refused(Instant now, String channel, String why) {
        return new Complaint(0, now, channel, Complaint.Status.REFUSED, why, null, null, null, null, List.of(), false,
                null, null, null, null, null, null, null);
    }

    static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
