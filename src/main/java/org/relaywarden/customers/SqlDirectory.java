package org.relaywarden.customers;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.relaywarden.account.Account;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Customers from the provider's own customer database: a query with exactly one {@code ?} (the
 * SASL login) that returns a column {@code address}, one row per address, and optionally
 * {@code language} and {@code name} (the first non-empty value counts). A connection pool of its own
 * (never Relaywarden's database), read-only: every lookup runs in a read-only transaction that is
 * rolled back, with the configured timeout for connecting and for the query. A row whose address
 * is not a valid mail address is left out with a warning; no row (or none valid) means the login
 * is unknown. A database that cannot be asked throws {@link CustomerDirectoryException}.
 */
final class SqlDirectory implements CustomerDirectory, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SqlDirectory.class);

    private final HikariDataSource pool;
    private final String query;
    private final int timeoutSeconds;
    private final String description;

    private SqlDirectory(HikariDataSource pool, String query, int timeoutSeconds, String description) {
        this.pool = pool;
        this.query = query;
        this.timeoutSeconds = timeoutSeconds;
        this.description = description;
    }

    static SqlDirectory connect(CustomerSettings.Sql sql) {
        if (sql.url() == null || sql.url().isBlank()) {
            throw new IllegalStateException("relaywarden.customers.directory=sql needs relaywarden.customers.sql.url");
        }
        if (sql.query() == null || sql.query().chars().filter(c -> c == '?').count() != 1) {
            throw new IllegalStateException("relaywarden.customers.sql.query must hold exactly one ? (the SASL login), e.g. "
                    + "SELECT email AS address, lang AS language, name FROM customer_mail WHERE sasl_login = ?");
        }
        if (sql.timeout().isNegative() || sql.timeout().toMillis() < 250) {
            throw new IllegalStateException("relaywarden.customers.sql.timeout must be at least 250 ms");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("customer-directory");
        config.setJdbcUrl(sql.url());
        config.setUsername(sql.username());
        config.setPassword(sql.password());
        config.setReadOnly(true);
        config.setAutoCommit(false);
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(sql.timeout().toMillis());
        config.setValidationTimeout(Math.min(sql.timeout().toMillis(), 5000));
        // the customer database may be down when Relaywarden starts: lookups fail (and are retried), the start does not
        config.setInitializationFailTimeout(-1);
        int seconds = (int) Math.max(1, (sql.timeout().toMillis() + 999) / 1000);
        String where = sql.url().replaceAll("(?i)password=[^&;]*", "password=***");
        return new SqlDirectory(new HikariDataSource(config), sql.query(), seconds, "sql " + where);
    }

    @Override
    public Optional<Customer> find(Account account) {
        List<ContactAddress> addresses = new ArrayList<>();
        String language = null;
        String name = null;
        try (Connection con = pool.getConnection()) {
            try (PreparedStatement ps = con.prepareStatement(query)) {
                ps.setQueryTimeout(timeoutSeconds);
                ps.setMaxRows(100);
                ps.setString(1, account.login());
                try (ResultSet rs = ps.executeQuery()) {
                    Columns c = Columns.of(rs.getMetaData());
                    while (rs.next()) {
                        String raw = rs.getString(c.address);
                        if (raw == null || raw.isBlank()) {
                            continue;
                        }
                        try {
                            ContactAddress a = ContactAddress.parse(raw);
                            if (!addresses.contains(a) && addresses.size() < FileDirectory.MAX_ADDRESSES) {
                                addresses.add(a);
                            }
                        } catch (InvalidContactAddressException e) {
                            log.warn("customer directory: an address of {} is left out: {}", account, e.getMessage());
                        }
                        if (language == null && c.language > 0) {
                            String l = rs.getString(c.language);
                            l = l == null ? null : l.strip().toLowerCase(Locale.ROOT);
                            if (l != null && Customer.LANGUAGES.contains(l)) {
                                language = l;
                            }
                        }
                        if (name == null && c.name > 0) {
                            String n = rs.getString(c.name);
                            name = n == null || n.isBlank() ? null : n;
                        }
                    }
                }
            } finally {
                con.rollback();
            }
        } catch (SQLException e) {
            throw new CustomerDirectoryException("customer directory (" + description + ") could not be asked about " + account
                    + ": " + e.getMessage(), e);
        }
        return addresses.isEmpty() ? Optional.empty() : Optional.of(new Customer(name, language, addresses));
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Where the columns address (required), language and name (optional, 0 = absent) are, by their labels. */
    private record Columns(int address, int language, int name) {
        static Columns of(ResultSetMetaData meta) throws SQLException {
            int address = 0;
            int language = 0;
            int name = 0;
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                switch (meta.getColumnLabel(i).toLowerCase(Locale.ROOT)) {
                    case "address" -> address = i;
                    case "language" -> language = i;
                    case "name" -> name = i;
                    default -> {
                    }
                }
            }
            if (address == 0) {
                throw new SQLException("the customer query returns no column named address");
            }
            return new Columns(address, language, name);
        }
    }
}
