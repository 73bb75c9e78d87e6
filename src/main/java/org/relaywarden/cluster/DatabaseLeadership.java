package org.relaywarden.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A lease in the shared database (table {@code cluster_lease}): the node that holds it does the
 * scheduled work. It is renewed every third of its duration on a thread of its own (slow
 * scheduled work cannot delay the renewal); a node that cannot renew stops being leader before its
 * lease runs out in the database, so two nodes never both believe they lead (as long as their
 * clocks agree to within a sixth of the lease: run NTP). When the leader dies, another node takes
 * the lease once it has expired; a node restarted under the same id takes it back at once.
 */
class DatabaseLeadership implements Leadership, SmartLifecycle {

    static final String SCHEDULED_WORK = "scheduled-work";
    private static final Logger log = LoggerFactory.getLogger(DatabaseLeadership.class);

    private final JdbcTemplate jdbc;
    private final ClusterSettings settings;
    private final Clock clock;
    private volatile Instant leaderUntil = Instant.MIN;
    private volatile boolean wasLeader;
    private Periodic heartbeat;

    DatabaseLeadership(JdbcTemplate jdbc, ClusterSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public boolean isLeader() {
        return clock.instant().isBefore(leaderUntil);
    }

    @Override
    public String nodeId() {
        return settings.nodeId();
    }

    /** One attempt to take or renew the lease. */
    void renew() {
        Instant start = clock.instant();
        Duration lease = settings.leaseDuration();
        try {
            int updated = jdbc.update("UPDATE cluster_lease SET owner = ?, expires_at = ? WHERE name = ? AND (owner = ? OR expires_at < ?)",
                    settings.nodeId(), start.plus(lease).atOffset(ZoneOffset.UTC), SCHEDULED_WORK, settings.nodeId(),
                    start.atOffset(ZoneOffset.UTC));
            leaderUntil = updated == 1 ? start.plus(lease.minus(lease.dividedBy(6))) : Instant.MIN;
        } catch (RuntimeException e) {
            // keep what we had: it runs out on its own before the database lease does
            log.warn("node {}: the scheduled-work lease could not be renewed: {}", settings.nodeId(), e.toString());
        }
        boolean leader = isLeader();
        if (leader != wasLeader) {
            log.info("node {}: {} the scheduled work", settings.nodeId(), leader ? "now does" : "no longer does");
            wasLeader = leader;
        }
    }

    @Override
    public void start() {
        renew();
        heartbeat = Periodic.start("cluster-lease", settings.leaseDuration().dividedBy(3), this::renew);
    }

    /** On a clean stop the lease is given back, so another node takes over at once. */
    @Override
    public void stop() {
        heartbeat.stop();
        if (isLeader()) {
            leaderUntil = Instant.MIN;
            try {
                jdbc.update("UPDATE cluster_lease SET expires_at = ? WHERE name = ? AND owner = ?",
                        Instant.EPOCH.atOffset(ZoneOffset.UTC), SCHEDULED_WORK, settings.nodeId());
                log.info("node {}: scheduled-work lease given back", settings.nodeId());
            } catch (RuntimeException e) {
                log.warn("node {}: the lease could not be given back, it runs out on its own: {}", settings.nodeId(), e.toString());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return heartbeat != null && heartbeat.running();
    }

    /** Stops after the scheduled work that asks it, starts before it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
