package org.relaywarden.quarantine;

import org.relaywarden.cases.CaseReference;
import org.relaywarden.enforcement.QueuedMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The database index of the quarantine. */
@Repository
class QuarantineIndex {

    static final String STORED = "STORED";
    static final String RELEASING = "RELEASING";
    static final String RELEASED = "RELEASED";
    static final String PURGED = "PURGED";
    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;

    QuarantineIndex(JdbcTemplate jdbc, PlatformTransactionManager tm) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(tm);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    boolean contains(CaseReference ref, QueuedMessage m) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM quarantine_item WHERE case_id = ? AND relay = ? AND queue_id = ?",
                Integer.class, ref.id(), m.relay(), m.queueId());
        return n != null && n > 0;
    }

    /**
     * Records a verified copy in a transaction of its own, committed before the original is
     * deleted from the queue: a crash after the delete can never lose the index entry.
     */
    void recordCommitted(CaseReference ref, QueuedMessage m, String sha256, long size, Instant now) {
        ownTransaction.executeWithoutResult(status -> jdbc.update("""
                        INSERT INTO quarantine_item (case_id, relay, queue_id, account, sender, recipients, size_bytes, sha256,
                            arrival, stored_at, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                ref.id(), m.relay(), m.queueId(), m.account().login(), truncate(m.sender(), 1000),
                truncate(String.join(",", m.recipients()), 8000), size, sha256,
                m.arrival().atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC), STORED));
    }

    /** A verified copy to be indexed. */
    record Copy(QueuedMessage message, String sha256, long size) {
    }

    /** {@code relay/queueId} of every message already indexed for the case (one query for a whole run). */
    Set<String> indexed(CaseReference ref) {
        return new HashSet<>(jdbc.query("SELECT relay, queue_id FROM quarantine_item WHERE case_id = ?",
                (rs, n) -> rs.getString(1) + "/" + rs.getString(2), ref.id()));
    }

    /**
     * Records verified copies in one transaction of its own, committed before the originals are
     * deleted from the queue (as {@link #recordCommitted}, for a batch).
     */
    void recordAllCommitted(CaseReference ref, List<Copy> copies, Instant now) {
        if (copies.isEmpty()) {
            return;
        }
        ownTransaction.executeWithoutResult(status -> jdbc.batchUpdate("""
                        INSERT INTO quarantine_item (case_id, relay, queue_id, account, sender, recipients, size_bytes, sha256,
                            arrival, stored_at, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", copies, 500, (ps, c) -> {
                    QueuedMessage m = c.message();
                    ps.setLong(1, ref.id());
                    ps.setString(2, m.relay());
                    ps.setString(3, m.queueId());
                    ps.setString(4, m.account().login());
                    ps.setString(5, truncate(m.sender(), 1000));
                    ps.setString(6, truncate(String.join(",", m.recipients()), 8000));
                    ps.setLong(7, c.size());
                    ps.setString(8, c.sha256());
                    ps.setObject(9, m.arrival().atOffset(ZoneOffset.UTC));
                    ps.setObject(10, now.atOffset(ZoneOffset.UTC));
                    ps.setString(11, STORED);
                }));
    }

    private static final RowMapper<QuarantinedMessage> ROW = (rs, n) -> new QuarantinedMessage(rs.getLong("id"),
            rs.getLong("case_id"), rs.getString("relay"), rs.getString("queue_id"), rs.getString("account"),
            rs.getString("sender"), Arrays.asList(rs.getString("recipients").split(",")), rs.getLong("size_bytes"),
            rs.getString("sha256"), instant(rs.getObject("arrival", OffsetDateTime.class)),
            instant(rs.getObject("stored_at", OffsetDateTime.class)), rs.getString("state"));

    List<QuarantinedMessage> ofCase(CaseReference ref) {
        return jdbc.query("SELECT * FROM quarantine_item WHERE case_id = ? ORDER BY id", ROW, ref.id());
    }

    Optional<QuarantinedMessage> find(CaseReference ref, long id) {
        return jdbc.query("SELECT * FROM quarantine_item WHERE case_id = ? AND id = ?", ROW, ref.id(), id).stream().findFirst();
    }

    /** Moves one entry from one state to another, in its own transaction; false if it was not in {@code from}. */
    boolean transition(long caseId, long id, String from, String to) {
        Integer n = ownTransaction.execute(status -> jdbc.update(
                "UPDATE quarantine_item SET state = ? WHERE case_id = ? AND id = ? AND state = ?", to, caseId, id, from));
        return n != null && n == 1;
    }

    /** Entries stored before {@code before} whose files are still kept (stored or released). */
    List<QuarantinedMessage> keptBefore(Instant before, int limit) {
        return jdbc.query("SELECT * FROM quarantine_item WHERE stored_at < ? AND state IN (?, ?) ORDER BY id FETCH FIRST "
                + limit + " ROWS ONLY", ROW, before.atOffset(ZoneOffset.UTC), STORED, RELEASED);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static String truncate(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max);
    }
}
