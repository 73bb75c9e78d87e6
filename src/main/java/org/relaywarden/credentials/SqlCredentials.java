package org.relaywarden.credentials;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.relaywarden.account.Account;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The provider's user database: {@code query} with exactly one {@code ?} (the SASL login) returns the stored
 * password (hash or secret) in its first column; {@code update} (only for resets) with two {@code ?}, the new
 * stored value ({@link PasswordScheme}) and the login, changes exactly one row. A connection pool of its own
 * (never Relaywarden's database); reads run in a read-only transaction that is rolled back, the update in one
 * that commits only if it changed one row.
 */
final class SqlCredentials implements CredentialStore, AutoCloseable {

    private final HikariDataSource pool;
    private final String query;
    private final String update;
    private final PasswordScheme scheme;
    private final int timeoutSeconds;
    private final String description;

    SqlCredentials(String url, String username, String password, String query, String update, PasswordScheme scheme,
                   Duration timeout) {
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("relaywarden.credentials.store=sql needs relaywarden.credentials.sql.url");
        }
        if (query == null || query.chars().filter(c -> c == '?').count() != 1) {
            throw new IllegalStateException("relaywarden.credentials.sql.query must hold exactly one ? (the SASL login), e.g. "
                    + "SELECT password FROM mail_user WHERE login = ?");
        }
        if (update != null && !update.isBlank() && update.chars().filter(c -> c == '?').count() != 2) {
            throw new IllegalStateException("relaywarden.credentials.sql.update must hold exactly two ? (the new stored password,"
                    + " then the SASL login), e.g. UPDATE mail_user SET password = ? WHERE login = ?");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("credential-store");
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setAutoCommit(false);
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(Math.max(250, timeout.toMillis()));
        config.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(config);
        this.query = query;
        this.update = update == null || update.isBlank() ? null : update;
        this.scheme = scheme;
        this.timeoutSeconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
        this.description = "sql " + url.replaceAll("(?i)password=[^&;]*", "password=***");
    }

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public Optional<byte[]> stored(Account account) {
        try (Connection con = pool.getConnection()) {
            con.setReadOnly(true);
            try (PreparedStatement ps = con.prepareStatement(query)) {
                ps.setQueryTimeout(timeoutSeconds);
                ps.setString(1, account.login());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    String value = rs.getString(1);
                    if (rs.next()) {
                        throw new CredentialStoreException(description + ": the query found more than one row for " + account);
                    }
                    return value == null ? Optional.empty() : Optional.of(value.getBytes(StandardCharsets.UTF_8));
                }
            } finally {
                con.rollback();
            }
        } catch (SQLException e) {
            throw new CredentialStoreException(description + ": reading the password of " + account + " failed: " + e.getMessage());
        }
    }

    @Override
    public void setPassword(Account account, char[] password) {
        if (update == null) {
            throw new CredentialStoreException("relaywarden.credentials.sql.update is not set: Relaywarden cannot set a password");
        }
        char[] encoded = scheme.encode(password);
        try (Connection con = pool.getConnection()) {
            con.setReadOnly(false);
            try (PreparedStatement ps = con.prepareStatement(update)) {
                ps.setQueryTimeout(timeoutSeconds);
                ps.setString(1, new String(encoded));
                ps.setString(2, account.login());
                int n = ps.executeUpdate();
                if (n != 1) {
                    con.rollback();
                    throw new CredentialStoreException(description + ": the update changed " + n + " rows for " + account
                            + " (exactly one expected); nothing was changed");
                }
                con.commit();
            } catch (SQLException | RuntimeException e) {
                con.rollback();
                throw e;
            }
        } catch (SQLException e) {
            // the driver's message may quote the statement, never the bound values
            throw new CredentialStoreException(description + ": setting the password of " + account + " failed: SQL state "
                    + e.getSQLState());
        } finally {
            Arrays.fill(encoded, '\0');
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
