package org.relaywarden.cases;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static org.relaywarden.cases.CaseRepository.instant;
import static org.relaywarden.cases.CaseRepository.truncate;
import static org.relaywarden.cases.CaseRepository.ts;

/**
 * The policy core's risk as the case record keeps it (migration V75): each verdict that reached the case with its
 * named reasons, and, for a case held for review, since when the mail is held, the review's durations and the
 * desk's decision. Written by the alert and by the review's completion (from the logged-in person), read by the
 * process, the letters, the evidence, the review form and the case tab; never from a process variable.
 */
@Service
@Transactional
public class CaseRisk {

    /** The levels as the case record spells them (the policy core's {@code RiskLevel} names). */
    public static final String HOLD = "HOLD";
    public static final String SUSPEND = "SUSPEND";

    /** One verdict of the policy core that reached the case. */
    public record Verdict(String level, double score, List<String> reasons, Instant decidedAt, Instant receivedAt) {
        public Verdict {
            reasons = List.copyOf(reasons);
        }
    }

    /** What the desk decided about held mail. */
    public enum Decision { LEGITIMATE, SPAM }

    /**
     * A case held for review: the held mail's first moment, the review's reminder cycle and deadline (ISO 8601),
     * the decision once made (null until then).
     */
    public record HeldReview(Instant heldSince, String reviewReminder, String reviewDeadline, Decision decision,
                             String decidedBy, String note, Instant decidedAt) {
    }

    private final JdbcTemplate jdbc;
    private final CaseRecords cases;
    private final Clock clock;

    CaseRisk(JdbcTemplate jdbc, CaseRecords cases, Clock clock) {
        this.jdbc = jdbc;
        this.cases = cases;
        this.clock = clock;
    }

    /** Keeps a verdict with the case, audited with its reasons ({@code RISK}). */
    public void recordVerdict(CaseReference ref, String level, double score, List<String> reasons, Instant decidedAt) {
        List<String> lines = reasons.stream().map(CaseRisk::oneLine).filter(r -> !r.isEmpty()).toList();
        jdbc.update("""
                INSERT INTO case_risk_verdict (case_id, risk_level, score, reasons, decided_at, received_at)
                VALUES (?, ?, ?, ?, ?, ?)""", ref.id(), level, score, truncate(String.join("\n", lines), 8000),
                ts(decidedAt), ts(clock.instant()));
        cases.audit(ref, CaseRecords.SYSTEM, "RISK", level + " (score " + String.format(Locale.ROOT, "%.2f", score)
                + "): " + String.join("; ", lines));
    }

    /** The case's verdicts, oldest first. */
    @Transactional(readOnly = true)
    public List<Verdict> verdicts(CaseReference ref) {
        return jdbc.query("SELECT * FROM case_risk_verdict WHERE case_id = ? ORDER BY id", VERDICT, ref.id());
    }

    /** The case's latest verdict, if the risk reached it at all. */
    @Transactional(readOnly = true)
    public Optional<Verdict> latest(CaseReference ref) {
        return jdbc.query("SELECT * FROM case_risk_verdict WHERE case_id = ? ORDER BY id DESC LIMIT 1", VERDICT, ref.id())
                .stream().findFirst();
    }

    /** The reasons of the case's latest verdict (empty if none). */
    @Transactional(readOnly = true)
    public List<String> reasons(CaseReference ref) {
        return latest(ref).map(Verdict::reasons).orElse(List.of());
    }

    /**
     * Whether the case's first verdict said HOLD. Asked once, by the process's first gateway in the transaction that
     * opens the case: then the only verdict is the one that opened it (none for a case another alert opened).
     */
    @Transactional(readOnly = true)
    public boolean openedHeld(CaseReference ref) {
        return jdbc.query("SELECT risk_level FROM case_risk_verdict WHERE case_id = ? ORDER BY id LIMIT 1",
                (rs, n) -> rs.getString(1), ref.id()).stream().findFirst().map(HOLD::equals).orElse(false);
    }

    /** Starts the review of a held case (once; a second call keeps the first row). */
    public void startHeldReview(CaseReference ref, Instant heldSince, String reviewReminder, String reviewDeadline) {
        if (heldReview(ref).isPresent()) {
            return;
        }
        jdbc.update("""
                INSERT INTO case_held_review (case_id, held_since, review_reminder, review_deadline) VALUES (?, ?, ?, ?)""",
                ref.id(), ts(heldSince), reviewReminder, reviewDeadline);
        cases.audit(ref, CaseRecords.SYSTEM, "HELD_FOR_REVIEW", "new mail held since " + heldSince
                + "; desk reminded every " + reviewReminder + ", suspended if undecided after " + reviewDeadline);
    }

    @Transactional(readOnly = true)
    public Optional<HeldReview> heldReview(CaseReference ref) {
        return jdbc.query("SELECT * FROM case_held_review WHERE case_id = ?", (rs, n) -> new HeldReview(
                instant(rs, "held_since"), rs.getString("review_reminder"), rs.getString("review_deadline"),
                rs.getString("decision") == null ? null : Decision.valueOf(rs.getString("decision")),
                rs.getString("decided_by"), rs.getString("note"), instant(rs, "decided_at")), ref.id()).stream().findFirst();
    }

    /** The desk's decision, from the person who completed the review (audited with the note). */
    public void recordDecision(CaseReference ref, Decision decision, String by, String note) {
        Instant now = clock.instant();
        jdbc.update("UPDATE case_held_review SET decision = ?, decided_by = ?, note = ?, decided_at = ? WHERE case_id = ?",
                decision.name(), truncate(by, 128), truncate(note, 1000), ts(now), ref.id());
        cases.audit(ref, by, "HELD_MAIL_" + decision.name(), note == null || note.isBlank() ? "(no note)" : note);
    }

    private static final RowMapper<Verdict> VERDICT = (rs, n) -> new Verdict(rs.getString("risk_level"),
            rs.getDouble("score"), lines(rs.getString("reasons")), instant(rs, "decided_at"), instant(rs, "received_at"));

    private static List<String> lines(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split("\n"));
    }

    /** A reason as one line of plain text (a reason is data from the core; it never breaks a line of a letter). */
    static String oneLine(String reason) {
        return reason == null ? "" : reason.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
    }
}
