package org.relaywarden.enforcement;

import org.relaywarden.account.Account;
import org.relaywarden.cluster.ClusterSettings;
import org.relaywarden.cluster.Periodic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The refused attempts of suspended accounts, for every MTA adapter: recorded in memory on the
 * request path ({@link #record}), written behind to the table {@code refused_attempt} in batches
 * every {@code relaywarden.refused-attempts.flush-interval} (1 s) from a thread of its own, so that
 * every node of a cluster and a restarted node read the same attempts ({@link #since}). The
 * recipients of one transaction that arrive after its row was written update that row. A failed
 * write keeps the attempts for the next; rows older than the retention (30 days) are purged.
 * <p>
 * Distinct messages are estimated by a fingerprint of the sender and the sorted set of recipients:
 * a retried message has both unchanged.
 */
@Component
public class RefusedAttempts implements RefusedAttemptRecorder, RefusedAttemptLog, SmartLifecycle {

    /** Recipients kept per attempt (the fingerprint and the count take all of them). */
    static final int MAX_RECIPIENTS_KEPT = 20;
    /** A transaction whose last request is this old gets no more recipients: it is forgotten after its write. */
    static final Duration SETTLE = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(RefusedAttempts.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate own;
    private final String node;
    private final Clock clock;
    private final RefusedAttemptSettings settings;
    private final String keyPrefix;
    private final AtomicLong sequence = new AtomicLong();
    private final Object flushing = new Object();
    /** Open transactions by account and transaction key, in order of arrival. */
    private final Map<String, Open> open = new LinkedHashMap<>();
    private volatile String observedBy;
    private long dropped;
    private boolean failing;
    private Instant nextPurge = Instant.MIN;
    private Periodic flusher;

    public RefusedAttempts(JdbcTemplate jdbc, PlatformTransactionManager tm, ClusterSettings cluster, Clock clock,
                           RefusedAttemptSettings settings) {
        this.jdbc = jdbc;
        this.own = new TransactionTemplate(tm);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.node = cluster.nodeId();
        this.clock = clock;
        this.settings = settings;
        this.keyPrefix = node + ":" + clock.millis() + ":";
    }

    /** The adapter that feeds this log says so when it is wired: until then attempts are "not observable". */
    public void observedBy(String source) {
        observedBy = source;
        log.info("refused attempts of suspended accounts are observed by {}", source);
    }

    @Override
    public boolean observable() {
        return observedBy != null;
    }

    @Override
    public void record(Account account, Instant at, String transactionKey, String client, String sender, String recipient,
                       long size) {
        String key = transactionKey == null || transactionKey.isEmpty() ? null : account.login() + "\n" + transactionKey;
        synchronized (open) {
            Open o = key == null ? null : open.get(key);
            if (o == null) {
                if (open.size() >= settings.maxPending()) {
                    dropped++;
                    return;
                }
                o = new Open(keyPrefix + sequence.incrementAndGet(), account, at, cut(client, 64), cut(sender, 254));
                open.put(key == null ? o.rowKey : key, o);
            }
            if (recipient != null && !recipient.isEmpty() && o.recipients.add(cut(recipient, 254).toLowerCase(Locale.ROOT))) {
                o.dirty = true;
            }
            if (size > o.size) {
                o.size = size;
                o.dirty = true;
            }
            o.lastSeen = at;
            if (!o.written) {
                o.dirty = true;
            }
        }
    }

    /** Writes what was recorded since the last flush; on failure keeps it for the next. Also called before a read. */
    public void flush() {
        synchronized (flushing) {
            Instant now = clock.instant();
            List<Row> rows = new ArrayList<>();
            synchronized (open) {
                for (Iterator<Open> it = open.values().iterator(); it.hasNext(); ) {
                    Open o = it.next();
                    if (o.dirty) {
                        rows.add(o.row());
                        o.dirty = false;
                    } else if (o.written && o.lastSeen.isBefore(now.minus(SETTLE))) {
                        it.remove();
                    }
                }
                if (dropped > 0) {
                    log.error("{} refused attempts dropped: more than {} waiting to be written", dropped, settings.maxPending());
                    dropped = 0;
                }
            }
            if (!rows.isEmpty()) {
                try {
                    own.executeWithoutResult(s -> write(rows));
                    synchronized (open) {
                        rows.forEach(r -> r.source.written = true);
                    }
                    if (failing) {
                        log.info("refused attempts written again");
                        failing = false;
                    }
                } catch (RuntimeException e) {
                    if (!failing) {
                        log.warn("refused attempts cannot be written, kept for the next try: {}", e.toString());
                        failing = true;
                    }
                    synchronized (open) {
                        rows.forEach(r -> r.source.dirty = true);
                    }
                    return;
                }
            }
            if (now.isAfter(nextPurge)) {
                purge(now);
                nextPurge = now.plus(Duration.ofMinutes(10));
            }
        }
    }

    private void write(List<Row> rows) {
        List<Row> updates = rows.stream().filter(r -> r.update).toList();
        jdbc.batchUpdate("UPDATE refused_attempt SET recipients = ?, recipient_count = ?, size_bytes = ?, fingerprint = ? "
                + "WHERE attempt_key = ?", updates, 500, (ps, r) -> {
            ps.setString(1, r.recipients);
            ps.setInt(2, r.recipientCount);
            ps.setLong(3, r.size);
            ps.setString(4, r.fingerprint);
            ps.setString(5, r.rowKey);
        });
        jdbc.batchUpdate("INSERT INTO refused_attempt (attempt_key, node, account, attempted_at, client, sender, recipients, "
                + "recipient_count, size_bytes, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows.stream().filter(r -> !r.update).toList(), 500, (ps, r) -> {
                    ps.setString(1, r.rowKey);
                    ps.setString(2, node);
                    ps.setString(3, r.account);
                    ps.setObject(4, r.at.atOffset(ZoneOffset.UTC));
                    ps.setString(5, r.client);
                    ps.setString(6, r.sender);
                    ps.setString(7, r.recipients);
                    ps.setInt(8, r.recipientCount);
                    ps.setLong(9, r.size);
                    ps.setString(10, r.fingerprint);
                });
    }

    private void purge(Instant now) {
        try {
            int n = jdbc.update("DELETE FROM refused_attempt WHERE attempted_at < ?", now.minus(settings.retention()).atOffset(ZoneOffset.UTC));
            if (n > 0) {
                log.info("{} refused attempts older than {} purged", n, settings.retention());
            }
        } catch (RuntimeException e) {
            log.debug("refused attempts not purged this time: {}", e.toString());
        }
    }

    @Override
    public Summary since(Account account, Instant since, int latest) {
        if (!observable()) {
            return Summary.notObservable();
        }
        flush();
        OffsetDateTime from = since.atOffset(ZoneOffset.UTC);
        Summary counts = jdbc.queryForObject("SELECT COUNT(*) AS n, COUNT(DISTINCT fingerprint) AS d, MIN(attempted_at) AS f, "
                + "MAX(attempted_at) AS l FROM refused_attempt WHERE account = ? AND attempted_at >= ?", (rs, i) -> new Summary(true,
                rs.getLong("n"), rs.getLong("d"), instant(rs.getObject("f", OffsetDateTime.class)),
                instant(rs.getObject("l", OffsetDateTime.class)), List.of()), account.login(), from);
        List<Attempt> last = latest <= 0 || counts.attempts() == 0 ? List.of() : jdbc.query("SELECT attempted_at, client, sender, "
                + "recipients, recipient_count, size_bytes FROM refused_attempt WHERE account = ? AND attempted_at >= ? "
                + "ORDER BY attempted_at DESC, id DESC FETCH FIRST " + Math.min(latest, 1000) + " ROWS ONLY", (rs, i) -> new Attempt(
                rs.getObject("attempted_at", OffsetDateTime.class).toInstant(), rs.getString("client"), rs.getString("sender"),
                rs.getString("recipients").isEmpty() ? List.of() : Arrays.asList(rs.getString("recipients").split(" ")),
                rs.getInt("recipient_count"), rs.getLong("size_bytes")), account.login(), from);
        return new Summary(true, counts.attempts(), counts.distinctMessages(), counts.first(), counts.last(), last);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    /** The fingerprint of a message: its sender and its set of recipients. */
    static String fingerprint(String sender, Iterable<String> sortedRecipients) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(sender.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            for (String r : sortedRecipients) {
                sha.update((byte) 0);
                sha.update(r.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cut(String s, int max) {
        if (s == null) {
            return "";
        }
        String t = s.replaceAll("[^\\x21-\\x7e]", "?");
        return t.length() <= max ? t : t.substring(0, max);
    }

    private static final class Open {
        final String rowKey;
        final Account account;
        final Instant at;
        final String client;
        final String sender;
        final TreeSet<String> recipients = new TreeSet<>();
        Instant lastSeen;
        long size;
        boolean dirty;
        boolean written;

        Open(String rowKey, Account account, Instant at, String client, String sender) {
            this.rowKey = rowKey;
            this.account = account;
            this.at = at;
            this.lastSeen = at;
            this.client = client;
            this.sender = sender;
        }

        Row row() {
            String kept = String.join(" ", recipients.stream().limit(MAX_RECIPIENTS_KEPT).toList());
            return new Row(this, rowKey, written, account.login(), at, client, sender, kept, recipients.size(), size,
                    fingerprint(sender, recipients));
        }
    }

    private record Row(Open source, String rowKey, boolean update, String account, Instant at, String client, String sender,
                       String recipients, int recipientCount, long size, String fingerprint) {
    }

    @Override
    public void start() {
        flusher = Periodic.start("refused-attempts", settings.flushInterval(), this::flush);
    }

    /** Writes what is left before the node stops. */
    @Override
    public void stop() {
        if (flusher != null) {
            flusher.stop();
        }
        flush();
    }

    @Override
    public boolean isRunning() {
        return flusher != null && flusher.running();
    }
}
