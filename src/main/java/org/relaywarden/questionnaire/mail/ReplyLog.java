package org.relaywarden.questionnaire.mail;

import org.relaywarden.cases.CaseReference;
import org.relaywarden.notification.LetterTemplates;
import org.relaywarden.questionnaire.Answers;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/** Every mail read from the abuse mailbox, once per Message-ID, with what became of it. */
@Repository
class ReplyLog {

    static final int MAX_TEXT = 200_000;

    private final JdbcTemplate jdbc;

    ReplyLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    boolean seen(String messageId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM mail_reply WHERE message_id = ?", Integer.class, messageId);
        return n != null && n > 0;
    }

    void record(IncomingReply r, CaseReference ref, String matchedBy, String outcome, Instant now) {
        jdbc.update("""
                        INSERT INTO mail_reply (message_id, case_id, matched_by, outcome, sender, subject, raw_text, received_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", r.messageId(), ref == null ? null : ref.id(), matchedBy, outcome,
                cut(LetterTemplates.oneLine(r.from()), 998), cut(LetterTemplates.oneLine(r.subject()), 998), cut(r.text(), MAX_TEXT),
                now.atOffset(ZoneOffset.UTC));
    }

    /** The id of the recorded mail. */
    long id(String messageId) {
        Long id = jdbc.queryForObject("SELECT id FROM mail_reply WHERE message_id = ?", Long.class, messageId);
        return id == null ? -1 : id;
    }

    /** The reader's reading of the reply and how sure it is (issue #34): what an agent's confirmation submits. */
    void reading(long id, ReplyReading r) {
        Answers a = r.answers();
        jdbc.update("""
                        UPDATE mail_reply SET confidence = ?, reading_doubts = ?, reading_cause = ?, reading_prevention = ?,
                        reading_queue_confirmed = ?, reading_queue_output = ? WHERE id = ?""", r.confidence().name(),
                cut(String.join("; ", r.doubts()), 2000), a.cause(), a.prevention(), a.queueEmptied(), a.queueOutput(), id);
    }

    /** A reading the reader was unsure of, not yet confirmed, of this case. */
    Optional<Answers> unconfirmedReading(long id, CaseReference ref) {
        return jdbc.query("""
                        SELECT reading_cause, reading_prevention, reading_queue_confirmed, reading_queue_output FROM mail_reply
                        WHERE id = ? AND case_id = ? AND confidence = 'LOW' AND confirmed_at IS NULL""",
                (rs, i) -> new Answers(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4)), id, ref.id()).stream().findFirst();
    }

    String messageId(long id) {
        return jdbc.queryForObject("SELECT message_id FROM mail_reply WHERE id = ?", String.class, id);
    }

    void confirmed(long id, String by, Instant at) {
        jdbc.update("UPDATE mail_reply SET confirmed_by = ?, confirmed_at = ? WHERE id = ?", cut(by, 200), at.atOffset(ZoneOffset.UTC), id);
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
