package org.relaywarden.enforcement.risk;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every account's {@link AccountProfile}, learned from its own history in the database (tables
 * {@code risk_profile_item} and {@code risk_profile_volume}, shared by every node), learned again on
 * each node every {@code relearnInterval} and kept in memory: the request path only reads a map.
 * What the request path observes is aggregated in memory ({@link #observe}) and written every
 * {@code flushInterval} on a thread of its own.
 * <p>
 * Mail the core held or refused is not learned: it is kept aside per account and learned only when a
 * reviewer says it was the customer's own ({@link #learnHeld}); otherwise it is dropped
 * ({@link #dropHeld}). So a flood does not teach the profile its own domains.
 */
public class AccountProfiles implements AutoCloseable {

    static final String SENDER = "sender", SENDER_DOMAIN = "sender_domain", RECIPIENT_DOMAIN = "rcpt_domain",
            NETWORK = "network";
    static final double PERCENTILE = 0.99;
    /** At most this many items of one kind per account in memory (the most used first). */
    static final int MAX_ITEMS = 50_000;
    /** At most this many pending items over all accounts between two flushes; beyond, observations are dropped. */
    static final int MAX_PENDING = 2_000_000;
    /** At most this many held observations per account are kept for a reviewer's decision. */
    static final int MAX_HELD = 100_000;
    private static final Logger log = LoggerFactory.getLogger(AccountProfiles.class);

    /** Observations of one account not yet written; guarded by its own lock. */
    static final class Pending {
        final Map<String, long[]> items = new HashMap<>();
        /** minute start → messages */
        final Map<Long, long[]> minutes = new HashMap<>();
        /** hour start → most recipients of one message */
        final Map<Long, long[]> peakRecipients = new HashMap<>();

        void item(String kind, String item, long at) {
            if (item.isEmpty() || item.length() > 254) {
                return;
            }
            long[] v = items.computeIfAbsent(kind + '\n' + item, k -> new long[]{0, at, at});
            v[0]++;
            v[1] = Math.max(v[1], at);
            v[2] = Math.min(v[2], at);
        }

        void merge(Pending o) {
            o.items.forEach((k, v) -> items.merge(k, v, (a, b) -> new long[]{a[0] + b[0], Math.max(a[1], b[1]),
                    Math.min(a[2], b[2])}));
            o.minutes.forEach((k, v) -> minutes.merge(k, v, (a, b) -> new long[]{a[0] + b[0]}));
            o.peakRecipients.forEach((k, v) -> peakRecipients.merge(k, v, (a, b) -> new long[]{Math.max(a[0], b[0])}));
        }

        int size() {
            return items.size() + minutes.size();
        }
    }

    private final JdbcTemplate jdbc;
    private final RiskSettings settings;
    private final String node;
    private final Clock clock;
    private final ConcurrentHashMap<Account, Pending> pending = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Account, Pending> held = new ConcurrentHashMap<>();
    private final AtomicLong pendingSize = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Map<Account, AccountProfile> learned = new ConcurrentHashMap<>();
    private final Map<Account, AccountProfile> fresh = new ConcurrentHashMap<>();
    private Periodic flusher;
    private Periodic learner;

    public AccountProfiles(JdbcTemplate jdbc, RiskSettings settings, String node, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.node = node;
        this.clock = clock;
    }

    public void start() {
        relearnQuietly();
        flusher = Periodic.start("risk-profile-flush", settings.flushInterval(), this::flushQuietly);
        learner = Periodic.start("risk-profile-learner", settings.relearnInterval(), () -> {
            flushQuietly();
            relearnQuietly();
        });
    }

    @Override
    public void close() {
        if (flusher != null) {
            flusher.stop();
            learner.stop();
            flushQuietly();
        }
    }

    /** The account's profile (from memory): learned, or what is safe to assume of a new account; with its configured senders. */
    public AccountProfile profileOf(Account account) {
        AccountProfile p = learned.get(account);
        if (p != null) {
            return p;
        }
        AccountProfile f = fresh.get(account);
        if (f == null) {
            f = withConfigured(account, AccountProfile.newAccount(account));
            if (fresh.size() > 200_000) {
                fresh.clear();
            }
            fresh.put(account, f);
        }
        return f;
    }

    private AccountProfile withConfigured(Account account, AccountProfile p) {
        RiskSettings.AccountRisk own = settings.accounts().get(account.login());
        Set<String> addresses = new HashSet<>(Set.of(account.login()));
        Set<String> domains = new HashSet<>(Set.of(account.domain()));
        if (own != null) {
            own.senderAddresses().forEach(a -> addresses.add(a.toLowerCase(Locale.ROOT)));
            own.senderDomains().forEach(d -> domains.add(d.toLowerCase(Locale.ROOT)));
        }
        return p.with(addresses, domains, Set.of(), Set.of());
    }

    /**
     * What one request showed (memory only, on the request path).
     *
     * @param messages   1 for a transaction's first request
     * @param recipients the message's recipients at its end (0 before)
     * @param suspect    the core held or refused it: kept aside until a reviewer decides
     */
    public void observe(Account account, long at, int messages, String sender, String network, String recipientDomain,
                        int recipients, boolean suspect) {
        Map<Account, Pending> into = suspect ? held : pending;
        if (!suspect && pendingSize.get() >= MAX_PENDING) {
            dropped.incrementAndGet();
            return;
        }
        Pending p = into.computeIfAbsent(account, a -> new Pending());
        synchronized (p) {
            int before = p.size();
            if (suspect && before > MAX_HELD) {
                return;
            }
            if (messages > 0) {
                p.minutes.computeIfAbsent(at - Math.floorMod(at, 60_000L), k -> new long[1])[0] += messages;
                p.item(SENDER, sender.toLowerCase(Locale.ROOT), at);
                p.item(SENDER_DOMAIN, AccountProfile.domainOf(sender), at);
                p.item(NETWORK, network, at);
            }
            if (!recipientDomain.isEmpty()) {
                p.item(RECIPIENT_DOMAIN, recipientDomain, at);
            }
            if (recipients > 0) {
                long[] peak = p.peakRecipients.computeIfAbsent(at - Math.floorMod(at, 3_600_000L), k -> new long[1]);
                peak[0] = Math.max(peak[0], recipients);
            }
            if (!suspect) {
                pendingSize.addAndGet(p.size() - before);
            }
        }
    }

    /**
     * A reviewer said the account's held mail was its own: what it sent while held is learned, at once in
     * this node's memory and in the database with the next flush.
     */
    public void learnHeld(Account account) {
        Pending h = held.remove(account);
        if (h == null) {
            return;
        }
        Set<String> senders = new HashSet<>(), senderDomains = new HashSet<>(), domains = new HashSet<>(), networks = new HashSet<>();
        synchronized (h) {
            h.items.keySet().forEach(k -> {
                int nl = k.indexOf('\n');
                String kind = k.substring(0, nl), item = k.substring(nl + 1);
                switch (kind) {
                    case SENDER -> senders.add(item);
                    case SENDER_DOMAIN -> senderDomains.add(item);
                    case RECIPIENT_DOMAIN -> domains.add(item);
                    case NETWORK -> networks.add(item);
                    default -> { }
                }
            });
            Pending p = pending.computeIfAbsent(account, a -> new Pending());
            synchronized (p) {
                int before = p.size();
                p.merge(h);
                pendingSize.addAndGet(p.size() - before);
            }
        }
        AccountProfile now = profileOf(account).with(senders, senderDomains, domains, networks);
        if (learned.containsKey(account)) {
            learned.put(account, now);
        } else {
            fresh.put(account, now);
        }
    }

    /** Forgets what the account sent while held (the review found it was not its own, or its state changed). */
    public void dropHeld(Account account) {
        held.remove(account);
    }

    /** Writes the pending observations; on failure they are kept for the next flush. */
    public void flush() {
        long now = clock.millis();
        long thisMinute = now - Math.floorMod(now, 60_000L);
        Map<Account, Pending> batch = new HashMap<>();
        // a snapshot of the accounts: the minute still running is put back, which the live key set would show again
        for (Account a : new ArrayList<>(pending.keySet())) {
            Pending p = pending.remove(a);
            if (p == null) {
                continue;
            }
            synchronized (p) {
                pendingSize.addAndGet(-p.size());
                // the minute still running stays: its count would be split between two rows' peaks
                Pending running = new Pending();
                p.minutes.entrySet().removeIf(e -> {
                    if (e.getKey() >= thisMinute) {
                        running.minutes.put(e.getKey(), e.getValue());
                        return true;
                    }
                    return false;
                });
                if (!running.minutes.isEmpty()) {
                    putBack(a, running);
                }
                batch.put(a, p);
            }
        }
        Map<Account, Pending> unwritten = new HashMap<>(batch);
        try {
            for (Map.Entry<Account, Pending> e : batch.entrySet()) {
                write(e.getKey().login(), e.getValue());
                unwritten.remove(e.getKey());
            }
        } catch (RuntimeException ex) {
            unwritten.forEach(this::putBack);
            throw ex;
        }
    }

    private void putBack(Account a, Pending p) {
        pending.compute(a, (k, cur) -> {
            if (cur == null) {
                pendingSize.addAndGet(p.size());
                return p;
            }
            synchronized (cur) {
                int before = cur.size();
                cur.merge(p);
                pendingSize.addAndGet(cur.size() - before);
            }
            return cur;
        });
    }

    private void write(String account, Pending p) {
        for (Map.Entry<String, long[]> e : p.items.entrySet()) {
            int nl = e.getKey().indexOf('\n');
            String kind = e.getKey().substring(0, nl), item = e.getKey().substring(nl + 1);
            var seen = Instant.ofEpochMilli(e.getValue()[1]).atOffset(ZoneOffset.UTC);
            int n = jdbc.update("UPDATE risk_profile_item SET messages = messages + ?, last_seen = GREATEST(last_seen, ?) "
                    + "WHERE account = ? AND kind = ? AND item = ? AND node = ?", e.getValue()[0], seen, account, kind, item, node);
            if (n == 0) {
                // first seen by this node: when (a row from before first_seen existed keeps NULL, "known since before")
                jdbc.update("INSERT INTO risk_profile_item (account, kind, item, node, messages, last_seen, first_seen) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)", account, kind, item, node, e.getValue()[0], seen,
                        Instant.ofEpochMilli(e.getValue()[2]).atOffset(ZoneOffset.UTC));
            }
        }
        Map<Long, long[]> hours = new HashMap<>();
        p.minutes.forEach((minute, v) -> {
            long[] h = hours.computeIfAbsent(minute - Math.floorMod(minute, 3_600_000L), k -> new long[3]);
            h[0] += v[0];
            h[1] = Math.max(h[1], v[0]);
        });
        p.peakRecipients.forEach((hour, v) -> hours.computeIfAbsent(hour, k -> new long[3])[2] = v[0]);
        hours.forEach((hour, v) -> {
            var start = Instant.ofEpochMilli(hour).atOffset(ZoneOffset.UTC);
            int n = jdbc.update("UPDATE risk_profile_volume SET messages = messages + ?, peak_minute = GREATEST(peak_minute, ?), "
                    + "peak_recipients = GREATEST(peak_recipients, ?) WHERE account = ? AND hour_start = ? AND node = ?",
                    v[0], v[1], v[2], account, start, node);
            if (n == 0) {
                jdbc.update("INSERT INTO risk_profile_volume (account, hour_start, node, messages, peak_minute, peak_recipients) "
                        + "VALUES (?, ?, ?, ?, ?, ?)", account, start, node, v[0], v[1], v[2]);
            }
        });
    }

    /** Learns every account's profile again from the database, and prunes what is older than the history. */
    public void relearn() {
        Instant since = clock.instant().minus(settings.history());
        var sinceTs = since.atOffset(ZoneOffset.UTC);
        Map<Account, Map<String, List<String>>> items = new HashMap<>();
        jdbc.query("SELECT account, kind, item, SUM(messages) AS n FROM risk_profile_item WHERE last_seen >= ? "
                + "GROUP BY account, kind, item ORDER BY account, kind, n DESC", rs -> {
            Account a = parse(rs.getString("account"));
            if (a != null) {
                List<String> l = items.computeIfAbsent(a, k -> new HashMap<>())
                        .computeIfAbsent(rs.getString("kind"), k -> new ArrayList<>());
                if (l.size() < MAX_ITEMS) {
                    l.add(rs.getString("item"));
                }
            }
        }, sinceTs);
        Map<Account, List<long[]>> hours = new HashMap<>();
        jdbc.query("SELECT account, hour_start, SUM(messages) AS m, SUM(peak_minute) AS pm, MAX(peak_recipients) AS pr "
                + "FROM risk_profile_volume WHERE hour_start >= ? GROUP BY account, hour_start", rs -> {
            Account a = parse(rs.getString("account"));
            if (a != null) {
                hours.computeIfAbsent(a, k -> new ArrayList<>()).add(new long[]{rs.getLong("m"), rs.getLong("pm"), rs.getLong("pr"),
                        rs.getTimestamp("hour_start").getTime()});
            }
        }, sinceTs);
        // each recipient domain's first hour (the earliest over the nodes; none if a node knew it from before first_seen)
        Map<Account, Map<Long, long[]>> newDomains = new HashMap<>();
        jdbc.query("SELECT account, MIN(first_seen) AS f FROM risk_profile_item WHERE kind = ? AND last_seen >= ? "
                + "GROUP BY account, item HAVING COUNT(*) = COUNT(first_seen)", rs -> {
            Account a = parse(rs.getString("account"));
            if (a != null) {
                long f = rs.getTimestamp("f").getTime();
                newDomains.computeIfAbsent(a, k -> new HashMap<>()).computeIfAbsent(f - Math.floorMod(f, 3_600_000L),
                        k -> new long[1])[0]++;
            }
        }, RECIPIENT_DOMAIN, sinceTs);
        Map<Account, AccountProfile> out = new ConcurrentHashMap<>();
        Set<Account> accounts = new HashSet<>(items.keySet());
        accounts.addAll(hours.keySet());
        for (Account a : accounts) {
            Map<String, List<String>> it = items.getOrDefault(a, Map.of());
            List<long[]> h = hours.getOrDefault(a, List.of());
            long total = h.stream().mapToLong(v -> v[0]).sum();
            AccountProfile p = new AccountProfile(Set.copyOf(it.getOrDefault(SENDER, List.of())),
                    Set.copyOf(it.getOrDefault(SENDER_DOMAIN, List.of())), Set.copyOf(it.getOrDefault(RECIPIENT_DOMAIN, List.of())),
                    Set.copyOf(it.getOrDefault(NETWORK, List.of())), percentile(h, 1), percentile(h, 0), percentile(h, 2),
                    Math.max(total, it.isEmpty() ? 0 : 1), newDomainsPerHour(h, newDomains.getOrDefault(a, Map.of())));
            out.put(a, withConfigured(a, p));
        }
        learned = out;
        fresh.keySet().removeIf(out::containsKey);
        var prune = since.minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC);
        jdbc.update("DELETE FROM risk_profile_item WHERE last_seen < ?", prune);
        jdbc.update("DELETE FROM risk_profile_volume WHERE hour_start < ?", prune);
    }

    /**
     * The recipient domains an hour the account adds (the high percentile over the hours it sent mail in), learned
     * only once its history is {@code learnNewDomainsAfter} long; its first day is left out (every contact of a new
     * account is new then). Negative: not learned.
     */
    double newDomainsPerHour(List<long[]> hours, Map<Long, long[]> firstSeenByHour) {
        long first = hours.stream().mapToLong(v -> v[3]).min().orElse(Long.MAX_VALUE);
        if (hours.isEmpty() || clock.millis() - first < settings.learnNewDomainsAfter().toMillis()) {
            return -1;
        }
        long settled = first + Duration.ofDays(1).toMillis();
        List<long[]> rows = new ArrayList<>();
        for (long[] v : hours) {
            if (v[3] >= settled) {
                long[] n = firstSeenByHour.get(v[3]);
                rows.add(new long[]{n == null ? 0 : n[0]});
            }
        }
        return rows.isEmpty() ? -1 : percentile(rows, 0);
    }

    /** Nearest-rank high percentile of a column over the hours the account sent mail in. */
    static double percentile(List<long[]> rows, int column) {
        if (rows.isEmpty()) {
            return 0;
        }
        long[] v = rows.stream().mapToLong(r -> r[column]).toArray();
        Arrays.sort(v);
        return v[Math.max(0, (int) Math.ceil(PERCENTILE * v.length) - 1)];
    }

    /** Observations dropped because too many were pending (the database was away for long). */
    public long dropped() {
        return dropped.get();
    }

    private static Account parse(String login) {
        try {
            return Account.parse(login);
        } catch (InvalidAccountException e) {
            log.warn("risk profile: skipping a row with an invalid account");
            return null;
        }
    }

    private void flushQuietly() {
        Periodic.quietly(log, "risk: writing the accounts' observations", "kept for the next try", this::flush);
    }

    private void relearnQuietly() {
        Periodic.quietly(log, "risk: learning the accounts' profiles", "the last ones stay", this::relearn);
    }
}
