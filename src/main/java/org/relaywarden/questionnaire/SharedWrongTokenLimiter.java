package org.relaywarden.questionnaire;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The wrong-token limit of a cluster: every node counts in {@code questionnaire_wrong_token}, so a
 * guesser who spreads his requests over the nodes meets one limit, not one per node. At most twice
 * the limit is recorded per client and window (a flood of wrong tokens does not grow the table
 * without bound); rows older than the window are deleted as new ones come.
 */
class SharedWrongTokenLimiter extends WrongTokenLimiter {

    private final JdbcTemplate jdbc;

    SharedWrongTokenLimiter(int limit, Duration window, Clock clock, JdbcTemplate jdbc) {
        super(limit, window, clock);
        this.jdbc = jdbc;
    }

    @Override
    boolean allowed(String client) {
        return recent(client) < limit;
    }

    @Override
    boolean over(String client) {
        return recent(client) > limit;
    }

    @Override
    void failed(String client) {
        Instant now = clock.instant();
        if (recent(client) < 2L * limit) {
            jdbc.update("INSERT INTO questionnaire_wrong_token (client, at) VALUES (?, ?)", key(client), now.atOffset(ZoneOffset.UTC));
        }
        jdbc.update("DELETE FROM questionnaire_wrong_token WHERE at < ?", now.minus(window).atOffset(ZoneOffset.UTC));
    }

    private long recent(String client) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM questionnaire_wrong_token WHERE client = ? AND at >= ?", Long.class,
                key(client), clock.instant().minus(window).atOffset(ZoneOffset.UTC));
        return n == null ? 0 : n;
    }

    private static String key(String client) {
        return client.length() <= 64 ? client : client.substring(0, 64);
    }
}
