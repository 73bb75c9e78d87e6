package org.relaywarden.questionnaire;

import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.RemediationCase;
import org.relaywarden.enforcement.RefusedAttemptLog;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the customer's claim "queue emptied" against what the relays see: while the account is
 * suspended, a server that still holds mail keeps retrying it, and every retry is a refused
 * attempt. Attempts later than the claim plus a grace period (retries in flight do not count)
 * contradict the claim. Each verdict is kept and written to the case's audit trail.
 */
@Service
public class QueueClaimCheck {

    public enum Verdict {
        /** no refused attempt after the claim (and the grace period) */
        HOLDS,
        /** refused attempts after the claim: the customer's server still holds mail */
        CONTRADICTED,
        /** the mail server adapter cannot see refused attempts: nothing to check against */
        NOT_OBSERVABLE,
        /** the grace period after the claim is not over yet: check again at {@link Result#recheckAt()} */
        PENDING
    }

    /**
     * @param claimedAt when the answers claiming the empty queue arrived
     * @param countFrom attempts from here on count (claim + grace)
     */
    public record Result(Verdict verdict, Instant claimedAt, Instant countFrom, long attempts, long distinctMessages,
                         Instant firstAttempt, Instant lastAttempt, Instant checkedAt) {
        /** When a pending check is due again. */
        public Instant recheckAt() {
            return countFrom;
        }
    }

    private final AnswersRepository answers;
    private final CaseRecords cases;
    private final RefusedAttemptLog attempts;
    private final QueueClaimSettings settings;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    QueueClaimCheck(AnswersRepository answers, CaseRecords cases, RefusedAttemptLog attempts, QueueClaimSettings settings,
                    JdbcTemplate jdbc, Clock clock) {
        this.answers = answers;
        this.cases = cases;
        this.attempts = attempts;
        this.settings = settings;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The claim of the case's latest complete answers, checked now; the verdict is kept and audited. */
    @Transactional
    public Result check(CaseReference ref) {
        RemediationCase c = cases.get(ref);
        Instant now = clock.instant();
        Instant claimedAt = claimedAt(ref).orElseThrow(() -> new IllegalStateException(ref + ": no answers claim an empty queue"));
        Instant countFrom = claimedAt.plus(settings.grace());
        Result result = judge(claimedAt, countFrom, now.isBefore(countFrom) ? null : attempts.since(c.account(), countFrom, 0), now);
        jdbc.update("""
                INSERT INTO queue_claim_check (case_id, checked_at, claimed_at, verdict, attempts, distinct_messages,
                    first_attempt_at, last_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                ref.id(), utc(now), utc(claimedAt), result.verdict().name(), result.attempts(), result.distinctMessages(),
                utc(result.firstAttempt()), utc(result.lastAttempt()));
        cases.audit(ref, CaseRecords.SYSTEM, "QUEUE_CLAIM_CHECK", describe(result));
        return result;
    }

    /**
     * When the grace after the case's latest claim of an empty queue is over (its answers' time plus the
     * configured grace): from the answers and configuration, never from a process variable.
     */
    @Transactional(readOnly = true)
    public Instant graceOverAt(CaseReference ref) {
        return claimedAt(ref).orElseThrow(() -> new IllegalStateException(ref + ": no answers claim an empty queue"))
                .plus(settings.grace());
    }

    /** The verdict on a claim from the attempts since {@code countFrom} ({@code null}: not looked at, the grace is not over). */
    static Result judge(Instant claimedAt, Instant countFrom, RefusedAttemptLog.Summary s, Instant now) {
        if (s == null || now.isBefore(countFrom)) {
            return new Result(Verdict.PENDING, claimedAt, countFrom, 0, 0, null, null, now);
        }
        Verdict v = !s.observable() ? Verdict.NOT_OBSERVABLE : s.attempts() > 0 ? Verdict.CONTRADICTED : Verdict.HOLDS;
        return new Result(v, claimedAt, countFrom, s.attempts(), s.distinctMessages(), s.first(), s.last(), now);
    }

    /** The case's latest verdict (not a pending one), for the letter that tells the customer. */
    @Transactional(readOnly = true)
    public Optional<Result> latest(CaseReference ref) {
        List<Result> all = jdbc.query("SELECT * FROM queue_claim_check WHERE case_id = ? AND verdict <> 'PENDING' ORDER BY id DESC",
                (rs, i) -> new Result(Verdict.valueOf(rs.getString("verdict")), instant(rs, "claimed_at"), null,
                        rs.getLong("attempts"), rs.getLong("distinct_messages"), instant(rs, "first_attempt_at"),
                        instant(rs, "last_attempt_at"), instant(rs, "checked_at")), ref.id());
        return all.stream().findFirst();
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /**
     * What the review form shows of the refused retries: since the case opened (the suspension), since
     * the claim, whether the server has been quiet for the quiet time, and the last attempts.
     */
    @Transactional(readOnly = true)
    public Map<String, Object> reviewFigures(CaseReference ref) {
        RemediationCase c = cases.get(ref);
        Instant now = clock.instant();
        RefusedAttemptLog.Summary all = attempts.since(c.account(), c.createdAt(), settings.latest());
        Optional<Instant> claim = claimedAt(ref);
        RefusedAttemptLog.Summary afterClaim = claim.filter(t -> !now.isBefore(t.plus(settings.grace())))
                .map(t -> attempts.since(c.account(), t.plus(settings.grace()), 0)).orElse(null);
        return reviewFigures(c.createdAt(), all, claim.orElse(null), afterClaim, now, settings);
    }

    /**
     * The review form's fields {@code retriesSummary} and {@code retriesLatest}: {@code all} since the
     * suspension, {@code afterClaim} since the claim plus grace (null: no claim, or the grace is not over).
     */
    static Map<String, Object> reviewFigures(Instant suspendedAt, RefusedAttemptLog.Summary all, Instant claimedAt,
                                                       RefusedAttemptLog.Summary afterClaim, Instant now, QueueClaimSettings settings) {
        Map<String, Object> v = new LinkedHashMap<>();
        if (!all.observable()) {
            v.put("retriesSummary", "Not observable: this mail server adapter does not see refused attempts, so the claim "
                    + "\"queue emptied\" cannot be checked against the relays here (which is not the same as \"no retries\").");
            v.put("retriesLatest", "");
            return v;
        }
        StringBuilder b = new StringBuilder();
        b.append("Since the suspension (").append(TIME.format(suspendedAt)).append("): ").append(all.attempts())
                .append(" refused attempts, about ").append(all.distinctMessages()).append(" distinct messages.");
        if (claimedAt != null) {
            Instant from = claimedAt.plus(settings.grace());
            b.append("\nSince the claim \"queue emptied\" of ").append(TIME.format(claimedAt)).append(" (counted from ")
                    .append(TIME.format(from)).append(", after the grace of ").append(settings.grace()).append("): ")
                    .append(afterClaim == null ? "grace not over yet." : afterClaim.attempts() + " refused attempts, about "
                            + afterClaim.distinctMessages() + " distinct messages.");
        }
        Instant quietSince = all.last() == null ? suspendedAt : all.last();
        if (!quietSince.plus(settings.quietTime()).isAfter(now)) {
            b.append("\nNo retries since ").append(TIME.format(quietSince)).append(" (quiet for more than ")
                    .append(settings.quietTime()).append(", longer than a mail server's retry interval).");
        } else if (all.last() != null) {
            b.append("\nLast retry ").append(TIME.format(all.last())).append(": the server is still retrying (or was until less than ")
                    .append(settings.quietTime()).append(" ago).");
        }
        v.put("retriesSummary", b.toString());
        v.put("retriesLatest", String.join("\n", all.latest().stream().map(a -> TIME.format(a.at()) + "  [" + a.client() + "]  <"
                + a.sender() + "> -> " + String.join(", ", a.recipients())
                + (a.recipientCount() > a.recipients().size() ? " (+" + (a.recipientCount() - a.recipients().size()) + " more)" : ""))
                .toList()));
        return v;
    }

    /** When the latest complete answers (the ones that claim the queue is empty) arrived. */
    Optional<Instant> claimedAt(CaseReference ref) {
        return answers.ofCase(ref).stream().filter(r -> r.complete() && Boolean.TRUE.equals(r.answers().queueEmptied()))
                .max(Comparator.comparingInt(AnswersRepository.Round::round)).map(AnswersRepository.Round::receivedAt);
    }

    static String describe(Result r) {
        return switch (r.verdict()) {
            case PENDING -> "grace after the claim of " + r.claimedAt() + " not over: checked again at " + r.countFrom();
            case NOT_OBSERVABLE -> "not observable: the mail server adapter does not see refused attempts (claim of "
                    + r.claimedAt() + " taken as it is)";
            case HOLDS -> "holds: no refused attempt since " + r.countFrom() + " (claim of " + r.claimedAt() + ")";
            case CONTRADICTED -> "contradicted: " + r.attempts() + " refused attempts, about " + r.distinctMessages()
                    + " distinct messages, from " + r.firstAttempt() + " to " + r.lastAttempt() + " after the claim of "
                    + r.claimedAt();
        };
    }

    private static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
