package org.relaywarden.enforcement.policy;

import org.relaywarden.account.Account;
import org.relaywarden.cluster.ClusterSettings;
import org.relaywarden.cluster.Periodic;
import org.relaywarden.enforcement.policy.TrafficCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * In a cluster: what this node's policy service counted, summed per account and tenth of a second
 * in memory and written to the shared tables {@code relay_traffic} and {@code relay_traffic_client}
 * every {@code relaywarden.cluster.traffic-flush-interval} (0.2 s), so the burst watch and the
 * detectors see every node's traffic. Nothing on the policy request path touches the database. A
 * failed write keeps the counts and adds them to the next one; rows older than the counters'
 * retention are pruned.
 */
class TrafficJournal implements TrafficCounters.Listener, SmartLifecycle {

    /** The counts' resolution: a slot is a tenth of a second. */
    static final long SLOT_MILLIS = 100;
    /** Counts not yet written beyond this many (the database is away) are dropped, oldest first, and logged. */
    static final int MAX_PENDING = 200_000;
    private static final Logger log = LoggerFactory.getLogger(TrafficJournal.class);

    private record Key(String account, long slot) {
    }

    private record ClientKey(String account, String client) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate own;
    private final ClusterSettings settings;
    private final Clock clock;
    private Map<Key, long[]> pending = new HashMap<>();
    private Map<ClientKey, Long> pendingClients = new HashMap<>();
    private Periodic flusher;
    private Instant nextPrune = Instant.MIN;
    private boolean failing;

    TrafficJournal(JdbcTemplate jdbc, PlatformTransactionManager tm, ClusterSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.own = new TransactionTemplate(tm);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.settings = settings;
        this.clock = clock;
    }

    static long slot(Instant at) {
        return Math.floorDiv(at.toEpochMilli(), SLOT_MILLIS);
    }

    @Override
    public synchronized void counted(Account account, Instant at, int messages, int recipients, String client) {
        long[] c = pending.computeIfAbsent(new Key(account.login(), slot(at)), k -> new long[2]);
        c[0] += messages;
        c[1] += recipients;
        if (client != null && !client.isEmpty()) {
            pendingClients.put(new ClientKey(account.login(), client.length() <= 64 ? client : client.substring(0, 64)), slot(at));
        }
    }

    /** Writes what was counted since the last flush; on failure keeps it for the next. */
    void flush() {
        Map<Key, long[]> counts;
        Map<ClientKey, Long> clients;
        synchronized (this) {
            counts = pending;
            clients = pendingClients;
            pending = new HashMap<>();
            pendingClients = new HashMap<>();
        }
        if (!counts.isEmpty() || !clients.isEmpty()) {
            try {
                own.executeWithoutResult(s -> write(counts, clients));
                if (failing) {
                    log.info("node {}: traffic counts written again", settings.nodeId());
                    failing = false;
                }
            } catch (RuntimeException e) {
                if (!failing) {
                    log.warn("node {}: traffic counts cannot be written, kept for the next try: {}", settings.nodeId(), e.toString());
                    failing = true;
                }
                putBack(counts, clients);
                return;
            }
        }
        Instant now = clock.instant();
        if (now.isAfter(nextPrune)) {
            prune(now);
            nextPrune = now.plus(Duration.ofMinutes(1));
        }
    }

    private void write(Map<Key, long[]> counts, Map<ClientKey, Long> clients) {
        String node = settings.nodeId();
        List<Map.Entry<Key, long[]>> list = new ArrayList<>(counts.entrySet());
        int[][] updated = jdbc.batchUpdate("UPDATE relay_traffic SET messages = messages + ?, recipients = recipients + ? "
                + "WHERE node = ? AND account = ? AND slot = ?", list, 500, (ps, e) -> {
            ps.setLong(1, e.getValue()[0]);
            ps.setLong(2, e.getValue()[1]);
            ps.setString(3, node);
            ps.setString(4, e.getKey().account());
            ps.setLong(5, e.getKey().slot());
        });
        List<Map.Entry<Key, long[]>> inserts = missing(list, updated);
        jdbc.batchUpdate("INSERT INTO relay_traffic (node, account, slot, messages, recipients) VALUES (?, ?, ?, ?, ?)",
                inserts, 500, (ps, e) -> {
                    ps.setString(1, node);
                    ps.setString(2, e.getKey().account());
                    ps.setLong(3, e.getKey().slot());
                    ps.setLong(4, e.getValue()[0]);
                    ps.setLong(5, e.getValue()[1]);
                });
        List<Map.Entry<ClientKey, Long>> clientList = new ArrayList<>(clients.entrySet());
        int[][] seen = jdbc.batchUpdate("UPDATE relay_traffic_client SET last_slot = ? WHERE node = ? AND account = ? AND client = ?",
                clientList, 500, (ps, e) -> {
                    ps.setLong(1, e.getValue());
                    ps.setString(2, node);
                    ps.setString(3, e.getKey().account());
                    ps.setString(4, e.getKey().client());
                });
        jdbc.batchUpdate("INSERT INTO relay_traffic_client (node, account, client, last_slot) VALUES (?, ?, ?, ?)",
                missing(clientList, seen), 500, (ps, e) -> {
                    ps.setString(1, node);
                    ps.setString(2, e.getKey().account());
                    ps.setString(3, e.getKey().client());
                    ps.setLong(4, e.getValue());
                });
    }

    /** The entries whose UPDATE touched no row (only this node writes its own rows, so nobody inserts them meanwhile). */
    private static <T> List<T> missing(List<T> entries, int[][] updated) {
        List<T> out = new ArrayList<>();
        int i = 0;
        for (int[] batch : updated) {
            for (int n : batch) {
                if (n == 0) {
                    out.add(entries.get(i));
                }
                i++;
            }
        }
        return out;
    }

    private synchronized void putBack(Map<Key, long[]> counts, Map<ClientKey, Long> clients) {
        counts.forEach((k, v) -> {
            long[] c = pending.computeIfAbsent(k, x -> new long[2]);
            c[0] += v[0];
            c[1] += v[1];
        });
        clients.forEach((k, v) -> pendingClients.merge(k, v, Math::max));
        if (pending.size() > MAX_PENDING) {
            long cut = pending.keySet().stream().mapToLong(Key::slot).sorted().skip(pending.size() - MAX_PENDING).findFirst().orElse(0);
            int before = pending.size();
            pending.keySet().removeIf(k -> k.slot() < cut);
            log.error("node {}: {} traffic counts dropped (database away too long)", settings.nodeId(), before - pending.size());
        }
        if (pendingClients.size() > MAX_PENDING) {
            pendingClients.clear();
        }
    }

    private void prune(Instant now) {
        long horizon = slot(now.minus(TrafficCounters.RETENTION));
        try {
            jdbc.update("DELETE FROM relay_traffic WHERE slot < ?", horizon);
            jdbc.update("DELETE FROM relay_traffic_client WHERE last_slot < ?", horizon);
        } catch (RuntimeException e) {
            log.debug("traffic rows not pruned this time: {}", e.toString());
        }
    }

    @Override
    public void start() {
        flusher = Periodic.start("traffic-journal", settings.trafficFlushInterval(), this::flush);
    }

    /** Writes what is left before the node stops. */
    @Override
    public void stop() {
        flusher.stop();
        flush();
    }

    @Override
    public boolean isRunning() {
        return flusher != null && flusher.running();
    }
}
