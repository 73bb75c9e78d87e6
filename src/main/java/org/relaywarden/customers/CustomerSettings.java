package org.relaywarden.customers;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where Relaywarden learns who the customer behind a SASL login is ({@code relaywarden.customers.*}):
 * {@code directory} = {@code mailbox} (default: the login is the address), {@code file} (a CSV file,
 * {@code file}) or {@code sql} (a query against the provider's customer database, {@code sql.*}).
 * Documented in docs/customer-communication.md.
 */
@ConfigurationProperties("relaywarden.customers")
public record CustomerSettings(String directory, Path file, Sql sql) {

    public CustomerSettings {
        directory = directory == null || directory.isBlank() ? "mailbox" : directory.strip();
        sql = sql == null ? new Sql(null, null, null, null, null) : sql;
    }

    /**
     * The provider's customer database: its own JDBC URL and user (read-only; not Relaywarden's
     * database), a query with exactly one {@code ?} (the login) returning a column {@code address}
     * (one row per address) and optionally {@code language} and {@code name}, and a timeout for
     * connecting and for the query.
     */
    public record Sql(String url, String username, String password, String query, Duration timeout) {
        public Sql {
            timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        }
    }
}
