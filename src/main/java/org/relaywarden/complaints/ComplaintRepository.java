package org.relaywarden.complaints;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The complaint table: every report kept, one row per distinct raw report (its SHA-256). */
@Repository
class ComplaintRepository {

    private static final String COLUMNS = "id, received_at, channel, status, detail, format, feedback_type, reporter, report_id, "
            + "recipient_domains, redacted, account, relay, queue_id, message_id, subject, log_line, sent_at";

    private final JdbcTemplate jdbc;

    ComplaintRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Complaint> byDigest(String digest) {
        return jdbc.query("SELECT " + COLUMNS + " FROM complaint WHERE digest = ?", ROW, digest).stream().findFirst();
    }

    Optional<Complaint> byId(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM complaint WHERE id = ?", ROW, id).stream().findFirst();
    }

    Optional<byte[]> raw(long id) {
        return jdbc.query("SELECT raw FROM complaint WHERE id = ?", (rs, n) -> rs.getBytes(1), id).stream().findFirst();
    }

    /** Throws DuplicateKeyException when the same report was recorded meanwhile. */
    long insert(String digest, byte[] raw, Complaint c) {
        jdbc.update("INSERT INTO complaint (digest, received_at, channel, status, detail, format, feedback_type, reporter, "
                        + "report_id, recipient_domains, redacted, account, relay, queue_id, message_id, subject, log_line, "
                        + "sent_at, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                digest, at(c.receivedAt()), c.channel(), c.status().name(), cut(c.detail(), 1000), c.format(),
                cut(c.feedbackType(), 200), cut(c.reporter(), 200), cut(c.reportId(), 200),
                cut(String.join(" ", c.recipientDomains()), 1000), c.redacted(), c.account(), cut(c.relay(), 128),
                cut(c.queueId(), 64), cut(c.messageId(), 1000), cut(c.subject(), 220), cut(c.logLine(), 1000),
                at(c.sentAt()), raw);
        return jdbc.queryForObject("SELECT id FROM complaint WHERE digest = ?", Long.class, digest);
    }

    /** The account's attributed complaints since then, newest first. */
    List<Complaint> attributedSince(String account, Instant since) {
        return jdbc.query("SELECT " + COLUMNS + " FROM complaint WHERE account = ? AND status = 'ATTRIBUTED' "
                + "AND received_at >= ? ORDER BY received_at DESC, id DESC", ROW, account, at(since));
    }

    List<Complaint> recent(String account, Complaint.Status status, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM complaint WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (account != null) {
            sql.append(" AND account = ?");
            args.add(account);
        }
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status.name());
        }
        sql.append(" ORDER BY received_at DESC, id DESC LIMIT ").append(Math.max(1, Math.min(limit, 1000)));
        return jdbc.query(sql.toString(), ROW, args.toArray());
    }

    private static final RowMapper<Complaint> ROW = (rs, n) -> new Complaint(rs.getLong("id"), instant(rs, "received_at"),
            rs.getString("channel"), Complaint.Status.valueOf(rs.getString("status")), rs.getString("detail"),
            rs.getString("format"), rs.getString("feedback_type"), rs.getString("reporter"), rs.getString("report_id"),
            domains(rs.getString("recipient_domains")), rs.getBoolean("redacted"), rs.getString("account"),
            rs.getString("relay"), rs.getString("queue_id"), rs.getString("message_id"), rs.getString("subject"),
            rs.getString("log_line"), instant(rs, "sent_at"));

    private static List<String> domains(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.split(" "));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime at(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
