package org.relaywarden.alerts;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * Which webhook alerts were taken already, by their delivery-independent key (fingerprint and
 * start time, plus the status). A unique constraint makes a re-sent alert a no-op, also when two
 * deliveries of it race.
 */
@Repository
class AlertReceipts {

    private final JdbcTemplate jdbc;

    AlertReceipts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    boolean exists(String key) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM alert_receipt WHERE dedup_key = ?", Integer.class, key);
        return n != null && n > 0;
    }

    Optional<Long> caseOf(String key) {
        return jdbc.query("SELECT case_id FROM alert_receipt WHERE dedup_key = ?", (rs, n) -> (Long) rs.getObject("case_id", Long.class), key)
                .stream().filter(Objects::nonNull).findFirst();
    }

    /** Throws DuplicateKeyException if the key was taken meanwhile. */
    void insert(String key, String source, Long caseId, Instant now) {
        jdbc.update("INSERT INTO alert_receipt (dedup_key, source, case_id, received_at) VALUES (?, ?, ?, ?)",
                key, source, caseId, now.atOffset(ZoneOffset.UTC));
    }
}
