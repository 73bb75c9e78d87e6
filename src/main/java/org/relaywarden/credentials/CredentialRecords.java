package org.relaywarden.credentials;

import org.relaywarden.cases.CaseReference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** The tables of V90: fingerprints taken at suspension, checks against them, password resets. */
@Repository
class CredentialRecords {

    record Snapshot(long id, Instant takenAt, String store, String fingerprint, String note) {
    }

    record CheckRow(Instant checkedAt, CredentialCheck.Status status, Instant changedSeenAt, Long snapshotId, String note) {
    }

    private final JdbcTemplate jdbc;

    CredentialRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insertSnapshot(CaseReference ref, Instant at, String store, String fingerprint, String note) {
        jdbc.update("INSERT INTO credential_snapshot (case_id, taken_at, store, fingerprint, note) VALUES (?, ?, ?, ?, ?)",
                ref.id(), utc(at), store, fingerprint, cut(note));
    }

    Optional<Snapshot> latestSnapshot(CaseReference ref) {
        return jdbc.query("SELECT * FROM credential_snapshot WHERE case_id = ? ORDER BY id DESC",
                (rs, i) -> new Snapshot(rs.getLong("id"), instant(rs, "taken_at"), rs.getString("store"),
                        rs.getString("fingerprint"), rs.getString("note")), ref.id()).stream().findFirst();
    }

    void insertCheck(CaseReference ref, CheckRow c) {
        jdbc.update("INSERT INTO credential_check (case_id, checked_at, status, changed_seen_at, snapshot_id, note)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", ref.id(), utc(c.checkedAt()), c.status().name(), utc(c.changedSeenAt()),
                c.snapshotId(), cut(c.note()));
    }

    Optional<CheckRow> latestCheck(CaseReference ref) {
        return jdbc.query("SELECT * FROM credential_check WHERE case_id = ? ORDER BY id DESC", CredentialRecords::check, ref.id())
                .stream().findFirst();
    }

    /** When a check against this snapshot first saw the credential changed. */
    Optional<Instant> firstChangeSeen(long snapshotId) {
        return jdbc.query("SELECT changed_seen_at FROM credential_check WHERE snapshot_id = ? AND status = 'CHANGED'"
                        + " AND changed_seen_at IS NOT NULL ORDER BY changed_seen_at", (rs, i) -> instant(rs, "changed_seen_at"),
                snapshotId).stream().findFirst();
    }

    long insertReset(CaseReference ref, Instant at, String actor, String channel) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("INSERT INTO credential_reset (case_id, requested_at, requested_by, channel,"
                    + " state) VALUES (?, ?, ?, ?, 'STARTED')", Statement.RETURN_GENERATED_KEYS);
            ps.setLong(1, ref.id());
            ps.setObject(2, utc(at));
            ps.setString(3, cut(actor));
            ps.setString(4, channel);
            return ps;
        }, keys);
        return keys.getKeys() != null && keys.getKeys().containsKey("id") ? ((Number) keys.getKeys().get("id")).longValue()
                : keys.getKeys() != null && keys.getKeys().containsKey("ID") ? ((Number) keys.getKeys().get("ID")).longValue()
                : keys.getKey().longValue();
    }

    void finishReset(long id, CredentialReset.State state, Instant at, String note) {
        jdbc.update("UPDATE credential_reset SET state = ?, finished_at = ?, note = ? WHERE id = ? AND state = 'STARTED'",
                state.name(), utc(at), cut(note), id);
    }

    List<CredentialReset> resets(CaseReference ref) {
        return jdbc.query("SELECT * FROM credential_reset WHERE case_id = ? ORDER BY id", (rs, i) -> new CredentialReset(
                instant(rs, "requested_at"), rs.getString("requested_by"), rs.getString("channel"),
                CredentialReset.State.valueOf(rs.getString("state")), instant(rs, "finished_at"), rs.getString("note")), ref.id());
    }

    private static CheckRow check(ResultSet rs, int i) throws SQLException {
        long snapshot = rs.getLong("snapshot_id");
        Long snapshotId = rs.wasNull() ? null : snapshot;
        return new CheckRow(instant(rs, "checked_at"), CredentialCheck.Status.valueOf(rs.getString("status")),
                instant(rs, "changed_seen_at"), snapshotId, rs.getString("note"));
    }

    private static String cut(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 997) + "...";
    }

    private static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
