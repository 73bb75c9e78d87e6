package org.relaywarden.customers;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.testsupport.PostgresServer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SQL customer directory against a real PostgreSQL (a private cluster from Debian's package)
 * holding a provider's customer database: the documented query shape, read-only, the timeout, a
 * database that is down.
 */
class SqlDirectoryTest {

    static final String QUERY = "SELECT m.email AS address, c.lang AS language, c.company AS name FROM customer c "
            + "JOIN customer_mail m ON m.customer_id = c.id WHERE c.sasl_login = ? ORDER BY m.priority";
    static final Account KUNDE = Account.parse("kunde@example.test");

    static PostgresServer pg;

    @BeforeAll
    static void customerDatabase() throws SQLException {
        pg = PostgresServer.start();
        pg.createDatabase("crm");
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("crm"), PostgresServer.USER, PostgresServer.PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customer (id INT PRIMARY KEY, sasl_login TEXT NOT NULL, lang TEXT, company TEXT)");
            s.execute("CREATE TABLE customer_mail (customer_id INT REFERENCES customer (id), email TEXT, priority INT)");
            s.execute("INSERT INTO customer VALUES (1, 'kunde@example.test', 'en', 'Kunde GmbH'), (2, 'nolang@example.test', NULL, NULL),"
                    + " (3, 'broken@example.test', 'de', NULL)");
            s.execute("INSERT INTO customer_mail VALUES (1, 'inhaber@kunde.example', 1), (1, 'it@kunde.example', 2),"
                    + " (1, 'inhaber@kunde.example', 3), (2, 'x@nolang.example', 1),"
                    + " (3, 'evil@x.test' || chr(13) || chr(10) || 'Bcc: y@evil.test', 1), (3, NULL, 2), (3, 'ok@broken.example', 3)");
        }
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    static SqlDirectory directory(String query, Duration timeout) {
        return SqlDirectory.connect(new CustomerSettings.Sql(pg.jdbcUrl("crm"), PostgresServer.USER, PostgresServer.PASSWORD,
                query, timeout));
    }

    @Test
    void addressesLanguageAndNameOfTheLogin() {
        try (SqlDirectory d = directory(QUERY, Duration.ofSeconds(5))) {
            Customer c = d.find(KUNDE).orElseThrow();
            assertThat(c.addresses()).extracting(ContactAddress::value).containsExactly("inhaber@kunde.example", "it@kunde.example");
            assertThat(c.language()).isEqualTo("en");
            assertThat(c.name()).isEqualTo("Kunde GmbH");
            assertThat(d.find(Account.parse("nolang@example.test")).orElseThrow().language()).isNull();
            assertThat(d.find(Account.parse("stranger@example.test"))).isEmpty();
            assertThat(d.describe()).startsWith("sql jdbc:postgresql://127.0.0.1:");
        }
    }

    @Test
    void hostileOrEmptyAddressesAreLeftOut() {
        try (SqlDirectory d = directory(QUERY, Duration.ofSeconds(5))) {
            assertThat(d.find(Account.parse("broken@example.test")).orElseThrow().addresses()).extracting(ContactAddress::value)
                    .containsExactly("ok@broken.example");
        }
    }

    @Test
    void theQueryRunsReadOnly() throws SQLException {
        try (SqlDirectory d = directory("DELETE FROM customer_mail WHERE customer_id = (SELECT id FROM customer WHERE sasl_login = ?) "
                + "RETURNING email AS address", Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> d.find(KUNDE)).isInstanceOf(CustomerDirectoryException.class)
                    .hasMessageContaining("read-only");
        }
        try (SqlDirectory d = directory(QUERY, Duration.ofSeconds(5))) {
            assertThat(d.find(KUNDE).orElseThrow().addresses()).hasSize(2);
        }
    }

    @Test
    void aSlowQueryIsCutOffAtTheTimeout() {
        try (SqlDirectory d = directory("SELECT email AS address FROM customer_mail, pg_sleep(30) WHERE email = ?", Duration.ofSeconds(1))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> d.find(KUNDE)).isInstanceOf(CustomerDirectoryException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void aDatabaseThatCannotBeReachedIsATechnicalFailureNotAnUnknownCustomer() {
        try (SqlDirectory d = SqlDirectory.connect(new CustomerSettings.Sql("jdbc:postgresql://127.0.0.1:1/crm", "u", "p", QUERY,
                Duration.ofSeconds(1)))) {
            assertThatThrownBy(() -> d.find(KUNDE)).isInstanceOf(CustomerDirectoryException.class)
                    .hasMessageContaining("could not be asked about kunde@example.test");
        }
    }

    @Test
    void theQueryNeedsExactlyOneParameterAndAnAddressColumn() {
        assertThatThrownBy(() -> directory("SELECT email AS address FROM customer_mail", Duration.ofSeconds(5)))
                .hasMessageContaining("exactly one ?");
        assertThatThrownBy(() -> directory("SELECT email AS address FROM customer_mail WHERE email = ? OR email = ?",
                Duration.ofSeconds(5))).hasMessageContaining("exactly one ?");
        try (SqlDirectory d = directory("SELECT email FROM customer_mail WHERE email = ?", Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> d.find(KUNDE)).isInstanceOf(CustomerDirectoryException.class)
                    .hasMessageContaining("no column named address");
        }
    }
}
