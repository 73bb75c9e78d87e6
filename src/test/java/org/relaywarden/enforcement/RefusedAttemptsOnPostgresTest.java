package org.relaywarden.enforcement;

import org.junit.jupiter.api.AfterAll;
import org.relaywarden.testsupport.PostgresDatabases;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** {@link RefusedAttemptsTest} on a real PostgreSQL: the migration and every query are portable. */
class RefusedAttemptsOnPostgresTest extends RefusedAttemptsTest {

    static final PostgresDatabases databases = new PostgresDatabases("refused");

    @Override
    DriverManagerDataSource dataSource() {
        return databases.next();
    }

    @AfterAll
    static void stop() {
        databases.close();
    }
}
