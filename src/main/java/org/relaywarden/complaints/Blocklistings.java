package org.relaywarden.complaints;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The blocklisting table, and the accounts' hourly volume (the policy core's counts) the listings name. */
@Repository
class Blocklistings {

    /** One listing of an outgoing address on a list; {@code delistedAt} null while it lasts. */
    public record Listing(long id, String address, String list, String answer, String reason, String topAccounts,
                          Instant listedAt, Instant checkedAt, Instant delistedAt) {
    }

    private final JdbcTemplate jdbc;

    Blocklistings(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Listing> open(String address, String list) {
        return jdbc.query("SELECT * FROM blocklisting WHERE address = ? AND list = ? AND delisted_at IS NULL", ROW, address, list)
                .stream().findFirst();
    }

    long insert(String address, String list, String answer, String reason, String topAccounts, Instant now) {
        jdbc.update("INSERT INTO blocklisting (address, list, answer, reason, top_accounts, listed_at, checked_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", address, list, cut(answer, 200), cut(reason, 1000), cut(topAccounts, 2000),
                at(now), at(now));
        return open(address, list).map(Listing::id).orElseThrow();
    }

    void checked(long id, Instant now) {
        jdbc.update("UPDATE blocklisting SET checked_at = ? WHERE id = ?", at(now), id);
    }

    void delisted(long id, Instant now) {
        jdbc.update("UPDATE blocklisting SET delisted_at = ?, checked_at = ? WHERE id = ?", at(now), at(now), id);
    }

    List<Listing> recent(boolean currentOnly, int limit) {
        return jdbc.query("SELECT * FROM blocklisting" + (currentOnly ? " WHERE delisted_at IS NULL" : "")
                + " ORDER BY listed_at DESC, id DESC LIMIT " + Math.max(1, Math.min(limit, 1000)), ROW);
    }

    long countOpen() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM blocklisting WHERE delisted_at IS NULL", Long.class);
        return n == null ? 0 : n;
    }

    /** The accounts with the most messages since then, from the policy core's hourly counts (whole hours), most first. */
    Map<String, Long> topSenders(Instant since, int limit) {
        Map<String, Long> top = new LinkedHashMap<>();
        jdbc.query("SELECT account, SUM(messages) AS m FROM account_hourly_volume WHERE hour_start >= ? GROUP BY account "
                + "ORDER BY m DESC, account LIMIT " + Math.max(1, limit), rs -> {
            top.put(rs.getString("account"), rs.getLong("m"));
        }, at(since));
        return top;
    }

    private static final RowMapper<Listing> ROW = (rs, n) -> new Listing(rs.getLong("id"), rs.getString("address"),
            rs.getString("list"), rs.getString("answer"), rs.getString("reason"), rs.getString("top_accounts"),
            instant(rs.getObject("listed_at", OffsetDateTime.class)), instant(rs.getObject("checked_at", OffsetDateTime.class)),
            instant(rs.getObject("delisted_at", OffsetDateTime.class)));

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime at(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
