package org.relaywarden.questionnaire;

import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.RemediationCase;
import org.relaywarden.enforcement.RefusedAttemptLog;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
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
        Result result;
        if (now.isBefore(countFrom)) {
            result = new Result(Verdict.PENDING, claimedAt, countFrom, 0, 0, null, null, now);
        } else {
            RefusedAttemptLog.Summary s = attempts.since(c.account(), countFrom, 0);
            Verdict v = !s.observable() ? Verdict.NOT_OBSERVABLE : s.attempts() > 0 ? Verdict.CONTRADICTED : Verdict.HOLDS;
            result = new Result(v, claimedAt, countFrom, s.attempts(), s.distinctMessages(), s.first(), s.last(), now);
        }
        jdbc.update("""
                INSERT INTO queue_claim_check (case_id, checked_at, claimed_at, verdict, attempts, distinct_messages,
                    first_attempt_at, last_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                ref.id(), utc(now), utc(claimedAt), result.verdict().name(), result.attempts(), result.distinctMessages(),
                utc(result.firstAttempt()), utc(result.lastAttempt()));
        cases.audit(ref, CaseRecords.SYSTEM, "QUEUE_CLAIM_CHECK", describe(result));
        return result;
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

    private static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
