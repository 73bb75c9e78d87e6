package org.relaywarden.credentials;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relaywarden.account.Account;
import org.relaywarden.testsupport.PostgresServer;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SQL adapter on H2 and on a real PostgreSQL: the configured query reads the stored password, the configured
 * update sets a new one ({SSHA512}) in exactly one row (the login a bound parameter), and a statement that would
 * touch more rows changes nothing.
 */
class SqlCredentialsTest {

    static PostgresServer pg;

    @BeforeAll
    static void start() {
        pg = PostgresServer.start();
        pg.createDatabase("mailusers");
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    record Db(String url, String user, String password) {
    }

    static Db db(String kind) {
        return switch (kind) {
            case "h2" -> new Db("jdbc:h2:mem:mailusers-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
            default -> new Db(pg.jdbcUrl("mailusers"), PostgresServer.USER, PostgresServer.PASSWORD);
        };
    }

    static void sql(Db db, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password()); Statement s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        }
    }

    static String password(Db db, String login) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             var ps = c.prepareStatement("SELECT password FROM mail_user WHERE login = ?")) {
            ps.setString(1, login);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void readsAndSetsThroughTheConfiguredStatements(String kind) throws Exception {
        Db db = db(kind);
        sql(db, "DROP TABLE IF EXISTS mail_user", "CREATE TABLE mail_user (login VARCHAR(254) PRIMARY KEY, password VARCHAR(200), domain VARCHAR(100))",
                "INSERT INTO mail_user VALUES ('kunde@example.test', '{SHA512-CRYPT}$6$s$kunde', 'example.test')",
                "INSERT INTO mail_user VALUES ('nachbar@example.test', '{SHA512-CRYPT}$6$s$nachbar', 'example.test')");
        try (SqlCredentials store = new SqlCredentials(db.url(), db.user(), db.password(),
                "SELECT password FROM mail_user WHERE login = ?", "UPDATE mail_user SET password = ? WHERE login = ?",
                PasswordScheme.SSHA512, Duration.ofSeconds(5))) {
            Account kunde = Account.parse("kunde@example.test");
            assertThat(new String(store.stored(kunde).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("{SHA512-CRYPT}$6$s$kunde");
            assertThat(store.stored(Account.parse("nobody@example.test"))).isEmpty();

            char[] fresh = Passwords.generate(16);
            String freshText = new String(fresh);
            store.setPassword(kunde, fresh);
            assertThat(PasswordScheme.matchesSsha512(password(db, "kunde@example.test"), freshText)).isTrue();
            assertThat(password(db, "nachbar@example.test")).isEqualTo("{SHA512-CRYPT}$6$s$nachbar");
            assertThatThrownBy(() -> store.setPassword(Account.parse("nobody@example.test"), Passwords.generate(16)))
                    .isInstanceOf(CredentialStoreException.class).hasMessageContaining("changed 0 rows");
        }
        // an update that would change every row of the domain changes none
        try (SqlCredentials wide = new SqlCredentials(db.url(), db.user(), db.password(),
                "SELECT password FROM mail_user WHERE login = ?",
                "UPDATE mail_user SET password = ? WHERE domain = (SELECT domain FROM mail_user WHERE login = ?)",
                PasswordScheme.PLAIN, Duration.ofSeconds(5))) {
            String before = password(db, "nachbar@example.test");
            assertThatThrownBy(() -> wide.setPassword(Account.parse("kunde@example.test"), Passwords.generate(16)))
                    .hasMessageContaining("changed 2 rows").hasMessageContaining("nothing was changed");
            assertThat(password(db, "nachbar@example.test")).isEqualTo(before);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2"})
    void statementsWithTheWrongNumberOfParametersAreRefusedAtStart(String kind) {
        Db db = db(kind);
        assertThatThrownBy(() -> new SqlCredentials(db.url(), db.user(), db.password(), "SELECT password FROM mail_user", null,
                PasswordScheme.SSHA512, Duration.ofSeconds(5))).hasMessageContaining("exactly one ?");
        assertThatThrownBy(() -> new SqlCredentials(db.url(), db.user(), db.password(), "SELECT password FROM mail_user WHERE login = ?",
                "UPDATE mail_user SET password = ?", PasswordScheme.SSHA512, Duration.ofSeconds(5))).hasMessageContaining("exactly two ?");
    }
}
