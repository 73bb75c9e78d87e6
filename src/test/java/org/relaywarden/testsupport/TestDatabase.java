package org.relaywarden.testsupport;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.util.UUID;

/**
 * A private in-memory H2 database with Relaywarden's whole schema (every Flyway migration, as the
 * application runs them), for tests that drive the policy core and an adapter without the application.
 */
public final class TestDatabase {

    private TestDatabase() {
    }

    public static DriverManagerDataSource migrated() {
        DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return ds;
    }
}
