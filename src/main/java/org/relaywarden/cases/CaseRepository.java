package org.relaywarden.cases;

import org.relaywarden.account.Account;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** JDBC persistence of cases, their audit trail, alerts, evidence and answers. */
@Repository
class CaseRepository {

    private final JdbcTemplate jdbc;

    CaseRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** Inserts an open case; throws DuplicateKeyException if the account already has one. */
    long insert(NewCase c, Instant now) {
        return insert(c, false, now);
    }

    long insert(NewCase c, boolean needsConfirmation, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    INSERT INTO remediation_case (account, open_account, stage, source, reason, originator, evidence_ref,
                        contact, language, failed_attempts, created_at, updated_at, stage_entered_at, needs_confirmation)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)""", new String[]{"id"});
            ps.setString(1, c.account().login());
            ps.setString(2, c.account().login());
            ps.setString(3, CaseStage.DETECTED.name());
            ps.setString(4, c.source());
            ps.setString(5, c.reason());
            ps.setBoolean(6, c.originator());
            ps.setString(7, c.evidenceRef());
            ps.setString(8, c.contact());
            ps.setString(9, c.language());
            ps.setObject(10, ts(now));
            ps.setObject(11, ts(now));
            ps.setObject(12, ts(now));
            ps.setBoolean(13, needsConfirmation);
            return ps;
        }, keys);
        return keys.getKey().longValue();
    }

    private static final RowMapper<RemediationCase> CASE = (rs, n) -> new RemediationCase(
            new CaseReference(rs.getLong("id")), Account.parse(rs.getString("account")),
            CaseStage.valueOf(rs.getString("stage")),
            rs.getString("outcome") == null ? null : CaseOutcome.valueOf(rs.getString("outcome")),
            rs.getString("source"), rs.getString("reason"), rs.getBoolean("originator"), rs.getString("evidence_ref"),
            rs.getString("contact"), rs.getString("language"), rs.getInt("failed_attempts"),
            rs.getString("final_relay_state"), instant(rs, "created_at"), instant(rs, "updated_at"),
            instant(rs, "stage_entered_at"), instant(rs, "closed_at"));

    Optional<RemediationCase> find(long id) {
        return jdbc.query("SELECT * FROM remediation_case WHERE id = ?", CASE, id).stream().findFirst();
    }

    Optional<RemediationCase> findOpen(Account account) {
        return jdbc.query("SELECT * FROM remediation_case WHERE open_account = ?", CASE, account.login())
                .stream().findFirst();
    }

    List<RemediationCase> findOfAccount(Account account, int limit) {
        return jdbc.query("SELECT * FROM remediation_case WHERE account = ? ORDER BY id DESC LIMIT ?", CASE,
                account.login(), limit);
    }

    List<RemediationCase> findAll(int limit) {
        return jdbc.query("SELECT * FROM remediation_case ORDER BY id DESC LIMIT ?", CASE, limit);
    }

    List<RemediationCase> findOpenInStages(List<CaseStage> stages) {
        String marks = String.join(",", stages.stream().map(s -> "?").toList());
        return jdbc.query("SELECT * FROM remediation_case WHERE stage IN (" + marks + ")", CASE,
                stages.stream().map(Enum::name).toArray());
    }

    int countSince(Account account, Instant since, long excludingId) {
        Integer n = jdbc.queryForObject(
                "SELECT COUNT(*) FROM remediation_case WHERE account = ? AND created_at >= ? AND id <> ?",
                Integer.class, account.login(), ts(since), excludingId);
        return n == null ? 0 : n;
    }

    /** Cases opened since the moment and not held for confirmation, of one source (null: of all sources). */
    int countOpenedNotHeldSince(Instant since, String source) {
        Integer n = source == null
                ? jdbc.queryForObject("SELECT COUNT(*) FROM remediation_case WHERE created_at >= ? AND needs_confirmation = FALSE",
                        Integer.class, ts(since))
                : jdbc.queryForObject("""
                        SELECT COUNT(*) FROM remediation_case WHERE created_at >= ? AND needs_confirmation = FALSE
                            AND source = ?""", Integer.class, ts(since), source);
        return n == null ? 0 : n;
    }

    /** Waits for, then holds until the transaction ends, the blast-radius guard's row lock (V135). */
    void lockBlastRadius() {
        jdbc.queryForObject("SELECT id FROM blast_radius_lock WHERE id = 1 FOR UPDATE", Integer.class);
    }

    boolean needsConfirmation(long id) {
        return jdbc.query("SELECT needs_confirmation FROM remediation_case WHERE id = ?", (rs, n) -> rs.getBoolean(1), id)
                .stream().findFirst().orElseThrow(() -> new UnknownCaseException("no case RW-" + id));
    }

    long countOpenNeedingConfirmation() {
        Long n = jdbc.queryForObject("""
                SELECT COUNT(*) FROM remediation_case WHERE needs_confirmation = TRUE AND stage = ?""", Long.class,
                CaseStage.DETECTED.name());
        return n == null ? 0 : n;
    }

    long countInStage(CaseStage stage) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM remediation_case WHERE stage = ?", Long.class, stage.name());
        return n == null ? 0 : n;
    }

    void updateStage(long id, CaseStage stage, Instant now) {
        jdbc.update("UPDATE remediation_case SET stage = ?, stage_entered_at = ?, updated_at = ? WHERE id = ?",
                stage.name(), ts(now), ts(now), id);
    }

    int incrementFailedAttempts(long id, Instant now) {
        jdbc.update("UPDATE remediation_case SET failed_attempts = failed_attempts + 1, updated_at = ? WHERE id = ?",
                ts(now), id);
        Integer n = jdbc.queryForObject("SELECT failed_attempts FROM remediation_case WHERE id = ?", Integer.class, id);
        return n == null ? 0 : n;
    }

    void setOriginator(long id, boolean originator, Instant now) {
        jdbc.update("UPDATE remediation_case SET originator = ?, updated_at = ? WHERE id = ?", originator, ts(now), id);
    }

    void close(long id, CaseOutcome outcome, String finalRelayState, Instant now) {
        jdbc.update("""
                UPDATE remediation_case SET stage = ?, outcome = ?, final_relay_state = ?, open_account = NULL,
                    stage_entered_at = ?, updated_at = ?, closed_at = ? WHERE id = ?""",
                CaseStage.CLOSED.name(), outcome.name(), finalRelayState, ts(now), ts(now), ts(now), id);
    }

    void setDurations(long id, CaseDurations d, Instant now) {
        jdbc.update("""
                UPDATE remediation_case SET retry_cycle = ?, reminder_cycle = ?, unresponsive_after = ?, watch_window = ?,
                    probation_period = ?, updated_at = ? WHERE id = ?""",
                d.retryCycle(), d.reminderCycle(), d.unresponsiveAfter(), d.watchWindow(), d.probationPeriod(), ts(now), id);
    }

    /** The case's durations; empty for a case opened before they were kept with the case (V40). */
    Optional<CaseDurations> durations(long id) {
        return jdbc.query("""
                SELECT retry_cycle, reminder_cycle, unresponsive_after, watch_window, probation_period
                FROM remediation_case WHERE id = ?""",
                (rs, n) -> rs.getString("watch_window") == null ? null : new CaseDurations(rs.getString("retry_cycle"),
                        rs.getString("reminder_cycle"), rs.getString("unresponsive_after"), rs.getString("watch_window"),
                        rs.getString("probation_period")), id).stream().filter(Objects::nonNull).findFirst();
    }

    void audit(long caseId, Instant at, String actor, String action, String detail) {
        jdbc.update("INSERT INTO case_audit (case_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)",
                caseId, ts(at), actor, action, truncate(detail, 4000));
    }

    List<AuditEntry> auditPage(long caseId, int offset, int limit) {
        return jdbc.query("SELECT at, actor, action, detail FROM case_audit WHERE case_id = ? ORDER BY id LIMIT ? OFFSET ?",
                (rs, n) -> new AuditEntry(instant(rs, "at"), rs.getString("actor"), rs.getString("action"),
                        rs.getString("detail")), caseId, limit, offset);
    }

    int auditCount(long caseId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM case_audit WHERE case_id = ?", Integer.class, caseId);
        return n == null ? 0 : n;
    }

    List<AuditEntry> auditTrail(long caseId) {
        return jdbc.query("SELECT at, actor, action, detail FROM case_audit WHERE case_id = ? ORDER BY id",
                (rs, n) -> new AuditEntry(instant(rs, "at"), rs.getString("actor"), rs.getString("action"),
                        rs.getString("detail")), caseId);
    }

    void insertAlert(long caseId, String source, String reason, boolean originator, String evidenceRef, boolean folded,
                     Instant at) {
        jdbc.update("""
                INSERT INTO case_alert (case_id, source, reason, originator, evidence_ref, folded, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", caseId, source, reason, originator, evidenceRef, folded, ts(at));
    }

    int countAlerts(long caseId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM case_alert WHERE case_id = ?", Integer.class, caseId);
        return n == null ? 0 : n;
    }

    void insertEvidence(long caseId, Evidence e) {
        jdbc.update("""
                INSERT INTO case_evidence (case_id, message_count, recipient_count, submissions_24h, recipients_24h,
                    distinct_clients_24h, refused_24h, accepted_before_stop, window_messages, window_recipients,
                    top_domains, sample_log, gathered_at, risk_reasons) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                caseId, e.messageCount(), e.recipientCount(), e.submissionsLast24h(), e.recipientsLast24h(),
                e.distinctClientsLast24h(), e.refusedLast24h(), e.acceptedBeforeStop(), e.windowMessages(),
                e.windowRecipients(), truncate(String.join("\n", e.topDomains()), 2000),
                truncate(String.join("\n", e.sampleLog()), 65536), ts(e.gatheredAt()),
                e.riskReasons().isEmpty() ? null : truncate(String.join("\n", e.riskReasons()), 8000));
    }

    Optional<Evidence> latestEvidence(long caseId) {
        return jdbc.query("SELECT * FROM case_evidence WHERE case_id = ? ORDER BY id DESC LIMIT 1",
                (rs, n) -> {
                    long refused = rs.getLong("refused_24h");
                    Long refusedOrNull = rs.wasNull() ? null : refused;
                    return new Evidence(rs.getInt("message_count"), rs.getInt("recipient_count"),
                            rs.getLong("submissions_24h"), rs.getLong("recipients_24h"), rs.getLong("distinct_clients_24h"),
                            refusedOrNull, rs.getLong("accepted_before_stop"), rs.getLong("window_messages"),
                            rs.getLong("window_recipients"), lines(rs.getString("top_domains")),
                            lines(rs.getString("sample_log")), instant(rs, "gathered_at"), lines(rs.getString("risk_reasons")));
                }, caseId).stream().findFirst();
    }

    private static List<String> lines(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split("\n"));
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
