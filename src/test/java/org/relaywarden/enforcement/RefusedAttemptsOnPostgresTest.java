package org.relaywarden.enforcement;

import org.junit.jupiter.api.AfterAll;
import org.relaywarden.testsupport.PostgresServer;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.util.concurrent.atomic.AtomicInteger;

/** {@link RefusedAttemptsTest} on a real PostgreSQL: the migration and every query are portable. */
class RefusedAttemptsOnPostgresTest extends RefusedAttemptsTest {

    static PostgresServer pg;
    static final AtomicInteger databases = new AtomicInteger();

    @Override
    DriverManagerDataSource dataSource() {
        synchronized (RefusedAttemptsOnPostgresTest.class) {
            if (pg == null) {
                pg = PostgresServer.start();
            }
        }
        String name = "refused" + databases.incrementAndGet();
        pg.createDatabase(name);
        return new DriverManagerDataSource(pg.jdbcUrl(name), PostgresServer.USER, PostgresServer.PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
            pg = null;
        }
    }
}
