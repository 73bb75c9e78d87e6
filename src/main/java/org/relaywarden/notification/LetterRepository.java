package org.relaywarden.notification;

import org.relaywarden.cases.CaseReference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The letters of each case. Recording a letter and marking it sent commit on their own, outside
 * the engine's transaction: once the SMTP server has taken a letter, no rollback can make
 * Relaywarden forget that it did.
 */
@Repository
class LetterRepository {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate own;

    LetterRepository(JdbcTemplate jdbc, PlatformTransactionManager tm) {
        this.jdbc = jdbc;
        this.own = new TransactionTemplate(tm);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    record StoredLetter(Letter letter, Instant createdAt, Instant sentAt) {
    }

    private static final RowMapper<StoredLetter> ROW = (rs, n) -> new StoredLetter(
                new Letter(rs.getString("idem_key"), LetterKind.valueOf(rs.getString("kind")),
                        Letter.parseRecipientList(rs.getString("recipient")),
                        rs.getString("subject"), rs.getString("body"), rs.getString("body_html"), rs.getString("reply_to"),
                        rs.getString("message_id")),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("sent_at", OffsetDateTime.class) == null ? null
                        : rs.getObject("sent_at", OffsetDateTime.class).toInstant());

    Optional<StoredLetter> find(String key) {
        return own.execute(s -> jdbc.query("SELECT * FROM case_letter WHERE idem_key = ?", ROW, key).stream().findFirst());
    }

    void recordCommitted(CaseReference ref, Letter l, Instant now) {
        own.executeWithoutResult(s -> jdbc.update("""
                        INSERT INTO case_letter (case_id, idem_key, kind, recipient, subject, body, body_html, reply_to, message_id,
                            created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", ref.id(), l.idempotencyKey(), l.kind().name(),
                l.recipientList(), l.subject(), l.body(), l.htmlBody(), l.replyTo(), l.messageId(), now.atOffset(ZoneOffset.UTC)));
    }

    /**
     * Claims the unsent letter for one sending attempt until {@code until}; false if it is sent or
     * another attempt's claim still holds.
     */
    boolean claimCommitted(String key, String attempt, Instant now, Instant until) {
        return Boolean.TRUE.equals(own.execute(s -> jdbc.update("UPDATE case_letter SET claimed_by = ?, claimed_until = ? "
                        + "WHERE idem_key = ? AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < ?)",
                attempt, until.atOffset(ZoneOffset.UTC), key, now.atOffset(ZoneOffset.UTC)) == 1));
    }

    /** Gives the claim back after a failed attempt, so the next one need not wait for it to run out. */
    void releaseCommitted(String key, String attempt) {
        own.executeWithoutResult(s -> jdbc.update("UPDATE case_letter SET claimed_until = NULL WHERE idem_key = ? AND claimed_by = ?",
                key, attempt));
    }

    void markSentCommitted(String key, Instant now) {
        own.executeWithoutResult(s -> jdbc.update("UPDATE case_letter SET sent_at = ? WHERE idem_key = ?",
                now.atOffset(ZoneOffset.UTC), key));
    }

    /** The case whose letter had this Message-ID: a reply's In-Reply-To or References names it. */
    Optional<CaseReference> caseOfMessageId(String messageId) {
        return jdbc.query("SELECT case_id FROM case_letter WHERE message_id = ?", (rs, n) -> new CaseReference(rs.getLong(1)),
                messageId).stream().findFirst();
    }

    List<StoredLetter> ofCase(CaseReference ref) {
        return jdbc.query("SELECT * FROM case_letter WHERE case_id = ? ORDER BY id", ROW, ref.id());
    }
}
