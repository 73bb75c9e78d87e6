package org.relaywarden.enforcement.limits;

import org.relaywarden.account.Account;
import org.relaywarden.account.InvalidAccountException;
import org.relaywarden.cluster.Periodic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each account's own normal: what it sent per hour, kept in the database (table
 * {@code account_hourly_volume}, one row per account, hour and node, so a cluster's nodes add
 * their counts side by side), and the limit learned from it: {@code headroom} × the 99th percentile
 * of its hourly messages (and recipients) over {@code history}, hours without mail counting as 0,
 * clamped between floor and ceiling. An account with no history is at the floor.
 * <p>
 * Nothing here is on the policy request path but {@link #record} (memory only) and
 * {@link #learned} (a map read): counts are written every {@link #FLUSH_EVERY}, limits learned
 * again every {@code relearnInterval}, both on a thread of their own.
 */
public class LearnedLimits implements AutoCloseable {

    static final Duration FLUSH_EVERY = Duration.ofSeconds(30);
    static final double PERCENTILE = 0.99;
    private static final Logger log = LoggerFactory.getLogger(LearnedLimits.class);

    private record Key(String account, Instant hour) {
    }

    private final JdbcTemplate jdbc;
    private final LimitSettings settings;
    private final String node;
    private final Clock clock;
    /** Counts not yet written; each entry changed under its own bin's lock (ConcurrentHashMap.compute), taken whole by flush. */
    private final ConcurrentHashMap<Key, long[]> pending = new ConcurrentHashMap<>();
    private volatile Map<Account, long[]> learned = Map.of();
    private Periodic flusher;
    private Periodic learner;

    public LearnedLimits(JdbcTemplate jdbc, LimitSettings settings, String node, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.node = node;
        this.clock = clock;
    }

    public void start() {
        relearn();
        flusher = Periodic.start("limits-history", FLUSH_EVERY, this::flushQuietly);
        learner = Periodic.start("limits-learner", settings.relearnInterval(), this::relearnQuietly);
    }

    @Override
    public void close() {
        if (flusher != null) {
            flusher.stop();
            learner.stop();
            flushQuietly();
        }
    }

    /** Adds counted submissions to the account's hour (memory; written by the next flush). */
    public void record(Account account, Instant at, long messages, long recipients) {
        long hour = Math.floorDiv(at.toEpochMilli(), 3_600_000L) * 3_600_000L;
        pending.compute(new Key(account.login(), Instant.ofEpochMilli(hour)), (k, c) -> {
            long[] v = c == null ? new long[2] : c;
            v[0] += messages;
            v[1] += recipients;
            return v;
        });
    }

    /** The learned {messages, recipients} limit of the account, or null if it has no history (the floor applies). */
    public long[] learned(Account account) {
        return learned.get(account);
    }

    /** Writes the pending counts; on failure they are kept for the next flush. */
    public void flush() {
        Map<Key, long[]> batch = new HashMap<>();
        for (Key k : pending.keySet()) {
            long[] c = pending.remove(k);
            if (c != null) {
                batch.put(k, c);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            for (Map.Entry<Key, long[]> e : batch.entrySet()) {
                Key k = e.getKey();
                long[] c = e.getValue();
                var hour = k.hour().atOffset(ZoneOffset.UTC);
                int updated = jdbc.update("UPDATE account_hourly_volume SET messages = messages + ?, recipients = recipients + ? "
                        + "WHERE account = ? AND hour_start = ? AND node = ?", c[0], c[1], k.account(), hour, node);
                if (updated == 0) {
                    jdbc.update("INSERT INTO account_hourly_volume (account, hour_start, node, messages, recipients) VALUES (?, ?, ?, ?, ?)",
                            k.account(), hour, node, c[0], c[1]);
                }
                c[0] = 0;
                c[1] = 0;
            }
        } catch (RuntimeException ex) {
            batch.forEach((k, c) -> {
                if (c[0] > 0 || c[1] > 0) {
                    pending.merge(k, c, (a, b) -> new long[]{a[0] + b[0], a[1] + b[1]});
                }
            });
            throw ex;
        }
    }

    /** Learns every account's limit again from its history, and prunes what is older than the history. */
    public void relearn() {
        Instant now = clock.instant();
        Instant since = now.truncatedTo(ChronoUnit.HOURS).minus(settings.history());
        Map<Account, List<long[]>> hours = new HashMap<>();
        jdbc.query("SELECT account, hour_start, SUM(messages) AS m, SUM(recipients) AS r FROM account_hourly_volume "
                + "WHERE hour_start >= ? GROUP BY account, hour_start", rs -> {
            try {
                hours.computeIfAbsent(Account.parse(rs.getString("account")), a -> new ArrayList<>())
                        .add(new long[]{rs.getLong("m"), rs.getLong("r")});
            } catch (InvalidAccountException e) {
                log.warn("account_hourly_volume: skipping a row with an invalid account");
            }
        }, since.atOffset(ZoneOffset.UTC));
        int hoursInHistory = (int) Math.max(1, settings.history().toHours());
        Map<Account, long[]> out = new ConcurrentHashMap<>();
        hours.forEach((account, rows) -> out.put(account, new long[]{
                clamp(settings.headroom() * percentile(rows, 0, hoursInHistory), settings.floorMessages(), settings.ceilingMessages()),
                clamp(settings.headroom() * percentile(rows, 1, hoursInHistory), settings.floorRecipients(), settings.ceilingRecipients())}));
        learned = out;
        jdbc.update("DELETE FROM account_hourly_volume WHERE hour_start < ?", since.minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC));
    }

    /** Nearest-rank percentile of the hourly values, the hours missing from {@code rows} counting as 0. */
    static long percentile(List<long[]> rows, int column, int hours) {
        int n = Math.max(hours, rows.size());
        long[] values = new long[n];
        for (int i = 0; i < rows.size(); i++) {
            values[i] = rows.get(i)[column];
        }
        Arrays.sort(values);
        int rank = (int) Math.ceil(PERCENTILE * n);
        return values[Math.max(0, rank - 1)];
    }

    static long clamp(double value, long floor, long ceiling) {
        return Math.max(floor, Math.min(ceiling, (long) Math.ceil(value)));
    }

    private void flushQuietly() {
        Periodic.quietly(log, "limits: writing hourly volumes", "kept for the next try", this::flush);
    }

    private void relearnQuietly() {
        Periodic.quietly(log, "limits: learning the accounts' limits", "the last ones stay", this::relearn);
    }
}
