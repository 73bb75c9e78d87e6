package org.relaywarden.enforcement;

import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.cluster.ClusterSettings;
import org.relaywarden.testsupport.SteppingClock;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Refused attempts: one per mail transaction, distinct messages estimated, written behind for every node. */
class RefusedAttemptsTest {

    static final Account KUNDE = Account.parse("kunde@example.test");
    static final Account OTHER = Account.parse("nachbar@example.test");

    final DriverManagerDataSource ds = dataSource();
    final JdbcTemplate jdbc = new JdbcTemplate(ds);
    final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-29T10:00:00Z"));
    final Instant start = clock.instant();

    RefusedAttemptsTest() {
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V1__cases.sql"),
                new ClassPathResource("db/migration/V42__refused_attempts.sql")).execute(ds);
    }

    /** H2 here; {@link RefusedAttemptsOnPostgresTest} runs the same tests on PostgreSQL. */
    DriverManagerDataSource dataSource() {
        return new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    RefusedAttempts node(String name) {
        RefusedAttempts a = new RefusedAttempts(jdbc, new DataSourceTransactionManager(ds),
                new ClusterSettings(false, name, Duration.ofSeconds(30), Duration.ofMillis(250), Duration.ofMinutes(5),
                        Duration.ofMillis(200)), clock, new RefusedAttemptSettings(Duration.ofSeconds(1), Duration.ofDays(30), 1000));
        a.observedBy("test");
        return a;
    }

    /** One mail transaction as Postfix asks about it: one request per RCPT, all with the same instance. */
    static void transaction(RefusedAttemptRecorder log, Account account, Instant at, String instance, String sender,
                            String... recipients) {
        for (String r : recipients) {
            log.record(account, at, instance, "192.0.2.7", sender, r, 1234);
        }
    }

    long rows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM refused_attempt", Long.class);
    }

    @Test
    void theRecipientsOfOneTransactionMakeOneAttemptAndRetriesOfAMessageOneDistinctMessage() {
        RefusedAttempts log = node("a");
        transaction(log, KUNDE, start, "1a2b.3c4d.1", "spam1@kunde.example", "v1@remote.test", "v2@remote.test", "v3@remote.test");
        clock.advance(Duration.ofMinutes(5));
        // the customer's server retries the same message (recipients in another order), and sends another one
        transaction(log, KUNDE, clock.instant(), "1a2b.3c4d.9", "spam1@kunde.example", "v3@remote.test", "V1@remote.test", "v2@remote.test");
        transaction(log, KUNDE, clock.instant(), "1a2b.3c4d.10", "spam2@kunde.example", "v1@remote.test");
        // the same sender to fewer recipients is another message
        transaction(log, KUNDE, clock.instant(), "1a2b.3c4d.11", "spam1@kunde.example", "v1@remote.test", "v2@remote.test");
        transaction(log, OTHER, clock.instant(), "77.1", "x@nachbar.example", "y@remote.test");

        RefusedAttemptLog.Summary s = log.since(KUNDE, start, 10);
        assertThat(s.observable()).isTrue();
        assertThat(s.attempts()).isEqualTo(4);
        assertThat(s.distinctMessages()).isEqualTo(3);
        assertThat(s.first()).isEqualTo(start);
        assertThat(s.last()).isEqualTo(start.plus(Duration.ofMinutes(5)));
        assertThat(s.latest()).hasSize(4);
        assertThat(s.latest().get(3)).isEqualTo(new RefusedAttemptLog.Attempt(start, "192.0.2.7", "spam1@kunde.example",
                List.of("v1@remote.test", "v2@remote.test", "v3@remote.test"), 3, 1234));

        assertThat(log.since(KUNDE, start.plusSeconds(1), 1)).satisfies(later -> {
            assertThat(later.attempts()).as("since a later moment").isEqualTo(3);
            assertThat(later.distinctMessages()).isEqualTo(3);
            assertThat(later.latest()).hasSize(1);
        });
        assertThat(log.since(OTHER, start, 5).attempts()).isEqualTo(1);
    }

    @Test
    void attemptsWithoutATransactionKeyAreEachAnAttemptOfTheirOwn() {
        RefusedAttempts log = node("a");
        log.record(KUNDE, start, "", "192.0.2.7", "s@kunde.example", "a@remote.test", 0);
        log.record(KUNDE, start, "", "192.0.2.7", "s@kunde.example", "a@remote.test", 0);
        RefusedAttemptLog.Summary s = log.since(KUNDE, start, 5);
        assertThat(s.attempts()).isEqualTo(2);
        assertThat(s.distinctMessages()).isEqualTo(1);
    }

    @Test
    void nothingIsWrittenOnTheRequestPathEveryNodeReadsWhatWasFlushedAndLateRecipientsUpdateTheirRow() {
        RefusedAttempts a = node("a");
        RefusedAttempts b = node("b");
        transaction(a, KUNDE, start, "9.1", "spam1@kunde.example", "v1@remote.test");
        assertThat(rows()).as("recorded in memory only").isZero();

        a.flush();
        assertThat(rows()).isEqualTo(1);
        assertThat(b.since(KUNDE, start, 5).attempts()).as("another node reads it from the database").isEqualTo(1);

        // the transaction's next RCPT arrives after the write: the same row, one more recipient
        transaction(a, KUNDE, start, "9.1", "spam1@kunde.example", "v2@remote.test");
        a.flush();
        assertThat(rows()).isEqualTo(1);
        assertThat(b.since(KUNDE, start, 5).latest().get(0).recipients()).containsExactly("v1@remote.test", "v2@remote.test");

        // a node restarted (a new instance on the same database) still reads them, and its own keys do not collide
        clock.advance(Duration.ofMillis(5));
        RefusedAttempts restarted = node("a");
        transaction(restarted, KUNDE, clock.instant(), "9.1", "spam1@kunde.example", "v1@remote.test", "v2@remote.test");
        RefusedAttemptLog.Summary s = restarted.since(KUNDE, start, 5);
        assertThat(s.attempts()).isEqualTo(2);
        assertThat(s.distinctMessages()).as("the retry after the restart is the same message").isEqualTo(1);
    }

    @Test
    void aFailedWriteKeepsTheAttemptsForTheNext() {
        RefusedAttempts a = node("a");
        jdbc.execute("ALTER TABLE refused_attempt RENAME TO refused_attempt_away");
        transaction(a, KUNDE, start, "5.1", "spam1@kunde.example", "v1@remote.test", "v2@remote.test");
        a.flush();
        jdbc.execute("ALTER TABLE refused_attempt_away RENAME TO refused_attempt");
        assertThat(rows()).isZero();
        a.flush();
        assertThat(rows()).isEqualTo(1);
        assertThat(a.since(KUNDE, start, 1).latest().get(0).recipientCount()).isEqualTo(2);
    }

    @Test
    void attemptsOlderThanTheRetentionArePurged() {
        RefusedAttempts a = node("a");
        transaction(a, KUNDE, start, "5.1", "spam1@kunde.example", "v1@remote.test");
        a.flush();
        clock.advance(Duration.ofDays(31));
        transaction(a, KUNDE, clock.instant(), "5.2", "spam2@kunde.example", "v1@remote.test");
        a.flush();
        assertThat(rows()).isEqualTo(1);
        assertThat(a.since(KUNDE, start, 5).attempts()).isEqualTo(1);
    }

    @Test
    void withoutAnAdapterThatSeesRefusedAttemptsTheyAreNotObservableRatherThanNone() {
        RefusedAttempts unfed = new RefusedAttempts(jdbc, new DataSourceTransactionManager(ds),
                new ClusterSettings(false, "c", Duration.ofSeconds(30), Duration.ofMillis(250), Duration.ofMinutes(5),
                        Duration.ofMillis(200)), clock, new RefusedAttemptSettings(Duration.ofSeconds(1), Duration.ofDays(30), 1000));
        assertThat(unfed.observable()).isFalse();
        assertThat(unfed.since(KUNDE, start, 5)).isEqualTo(RefusedAttemptLog.Summary.notObservable());
    }
}
