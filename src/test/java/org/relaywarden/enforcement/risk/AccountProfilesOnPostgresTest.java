package org.relaywarden.enforcement.risk;

import org.junit.jupiter.api.AfterAll;
import org.relaywarden.testsupport.PostgresDatabases;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@link AccountProfilesTest} on a real PostgreSQL (the production database of a cluster): the profile two nodes
 * observed is every node's after their next relearn, and a node started again learns the same profile from the
 * database (V70's tables, portable queries).
 */
class AccountProfilesOnPostgresTest extends AccountProfilesTest {

    static final PostgresDatabases databases = new PostgresDatabases("profiles");

    @Override
    DriverManagerDataSource dataSource() {
        return databases.next();
    }

    @AfterAll
    static void stop() {
        databases.close();
    }
}
