package org.relaywarden.testsupport;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh databases on one private PostgreSQL ({@link PostgresServer}), started with the first: for a test written for
 * H2 that runs again on a real PostgreSQL (its subclass asks for a database per test).
 */
public final class PostgresDatabases implements AutoCloseable {

    private final String prefix;
    private final AtomicInteger databases = new AtomicInteger();
    private PostgresServer pg;

    public PostgresDatabases(String prefix) {
        this.prefix = prefix;
    }

    /** A new, empty database. */
    public DriverManagerDataSource next() {
        PostgresServer server;
        synchronized (this) {
            if (pg == null) {
                pg = PostgresServer.start();
            }
            server = pg;
        }
        String name = prefix + databases.incrementAndGet();
        server.createDatabase(name);
        return new DriverManagerDataSource(server.jdbcUrl(name), PostgresServer.USER, PostgresServer.PASSWORD);
    }

    @Override
    public synchronized void close() {
        if (pg != null) {
            pg.close();
            pg = null;
        }
    }
}
