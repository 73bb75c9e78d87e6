package org.relaywarden.questionnaire.mail;

import org.relaywarden.cases.CaseReference;
import org.relaywarden.notification.LetterTemplates;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.ZoneOffset;

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

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
