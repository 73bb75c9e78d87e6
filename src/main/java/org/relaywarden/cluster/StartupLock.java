package org.relaywarden.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/**
 * One node at a time sets up the shared database at start: Flyway's migrations, Camunda's schema
 * (created on the first start, checked on every other), the deployment and the groups, grants and
 * users created at start. Without it, nodes started together on an empty PostgreSQL database (as
 * compose starts them) each try to create Camunda's tables and all but one die ({@code ENGINE-03017
 * ... duplicate key value violates unique constraint "pg_type_typname_nsp_index"}).
 *
 * <p>A PostgreSQL session-level advisory lock on a connection of its own, taken before Flyway or the
 * engine touches the database ({@link #acquire()}, idempotent) and given back when the application
 * context has been refreshed ({@link #release()}); the other nodes wait for it, then find the schema
 * made. A node that dies holding it loses its connection and with it the lock. On any other database
 * (H2: one node) it does nothing.
 */
public class StartupLock {

    private static final Logger log = LoggerFactory.getLogger(StartupLock.class);
    /** The advisory lock's key: "RWSTARTUP" in ASCII, a number no other user of the database takes. */
    static final long KEY = 0x5257_5354_4152_5455L;
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration REPORT = Duration.ofSeconds(15);

    private final DataSource dataSource;
    private final Duration timeout;
    private final String nodeId;
    private Connection held;
    private boolean done;

    public StartupLock(DataSource dataSource, Duration timeout, String nodeId) {
        this.dataSource = dataSource;
        this.timeout = timeout;
        this.nodeId = nodeId;
    }

    /** Takes the lock, waiting for another starting node to finish (at most the timeout); then a no-op. */
    public synchronized void acquire() {
        if (held != null || done) {
            return;
        }
        Connection c = null;
        try {
            c = dataSource.getConnection();
            if (!"PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
                c.close();
                done = true;
                return;
            }
            c.setAutoCommit(true);
            Instant start = Instant.now();
            Instant nextReport = start;
            while (!tryLock(c)) {
                Instant now = Instant.now();
                if (now.isAfter(start.plus(timeout))) {
                    throw new IllegalStateException("node " + nodeId + ": another node has been setting up the database for "
                            + timeout + " (PostgreSQL advisory lock " + KEY + " held; see pg_locks): giving up"
                            + " (relaywarden.cluster.startup-lock-timeout)");
                }
                if (!now.isBefore(nextReport)) {
                    log.info("startup: another node is setting up the database (schema, migrations, deployment); {} waits",
                            nodeId);
                    nextReport = now.plus(REPORT);
                }
                Thread.sleep(POLL.toMillis());
            }
            held = c;
            log.info("startup: node {} sets up the database (waited {} ms)", nodeId,
                    Duration.between(start, Instant.now()).toMillis());
        } catch (SQLException e) {
            closeQuietly(c);
            throw new IllegalStateException("startup: cannot take the database's startup lock: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            closeQuietly(c);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("startup: interrupted waiting for the database's startup lock", e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select pg_try_advisory_lock(?)")) {
            s.setLong(1, KEY);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }

    /** Gives the lock back (the next node may start); later calls to {@link #acquire()} do nothing. */
    public synchronized void release() {
        done = true;
        if (held == null) {
            return;
        }
        Connection c = held;
        held = null;
        try (Statement s = c.createStatement()) {
            s.execute("select pg_advisory_unlock(" + KEY + ")");
            log.info("startup: node {} has set up the database; the next node may", nodeId);
        } catch (SQLException e) {
            // the connection is broken, and with it the session that held the lock
            log.warn("startup: giving the startup lock back failed ({}); the connection is closed", e.getMessage());
        } finally {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing more to do
        }
    }
}
