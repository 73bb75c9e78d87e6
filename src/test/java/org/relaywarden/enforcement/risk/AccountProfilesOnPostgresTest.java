package org.relaywarden.enforcement.risk;

import org.junit.jupiter.api.AfterAll;
import org.relaywarden.testsupport.PostgresServer;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link AccountProfilesTest} on a real PostgreSQL (the production database of a cluster): the profile two nodes
 * observed is every node's after their next relearn, and a node started again learns the same profile from the
 * database (V70's tables, portable queries).
 */
class AccountProfilesOnPostgresTest extends AccountProfilesTest {

    static PostgresServer pg;
    static final AtomicInteger databases = new AtomicInteger();

    @Override
    DriverManagerDataSource dataSource() {
        synchronized (AccountProfilesOnPostgresTest.class) {
            if (pg == null) {
                pg = PostgresServer.start();
            }
        }
        String name = "profiles" + databases.incrementAndGet();
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
