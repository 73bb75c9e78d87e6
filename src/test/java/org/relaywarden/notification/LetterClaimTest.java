package org.relaywarden.notification;

import org.junit.jupiter.api.Test;
import org.relaywarden.cases.CaseReference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.core.io.ClassPathResource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Two sending attempts of one letter (a job whose lock ran out, run again on another node) never both send it. */
class LetterClaimTest {

    final DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    final JdbcTemplate jdbc = new JdbcTemplate(ds);
    final LetterRepository letters = new LetterRepository(jdbc, new DataSourceTransactionManager(ds));
    final Instant now = Instant.parse("2026-11-29T10:00:00Z");

    LetterClaimTest() {
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V1__cases.sql"),
                new ClassPathResource("db/migration/V20__customer_communication.sql"),
                new ClassPathResource("db/migration/V31__letter_sending_claim.sql")).execute(ds);
        jdbc.update("INSERT INTO remediation_case (account, open_account, stage, source, originator, contact, language, "
                + "failed_attempts, created_at, updated_at, stage_entered_at) VALUES ('a@x.test', 'a@x.test', 'DETECTED', 'test', "
                + "FALSE, 'a@x.test', 'en', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        long id = jdbc.queryForObject("SELECT MAX(id) FROM remediation_case", Long.class);
        letters.recordCommitted(new CaseReference(id), new Letter("k1", LetterKind.FIRST_NOTICE, List.of("a@x.test"), "s", "b", null,
                "abuse@x.test", "<m1@relaywarden>"), now);
    }

    @Test
    void aClaimKeepsASecondAttemptOutUntilItIsGivenBackOrRunsOut() {
        Instant until = now.plus(Duration.ofMinutes(2));
        assertThat(letters.claimCommitted("k1", "first", now, until)).isTrue();
        assertThat(letters.claimCommitted("k1", "second", now.plusSeconds(30), until)).as("claimed by the first").isFalse();

        letters.releaseCommitted("k1", "second");
        assertThat(letters.claimCommitted("k1", "third", now.plusSeconds(31), until)).as("only the owner gives it back").isFalse();
        letters.releaseCommitted("k1", "first");
        assertThat(letters.claimCommitted("k1", "third", now.plusSeconds(32), until)).as("given back after a failure").isTrue();

        assertThat(letters.claimCommitted("k1", "fourth", now.plus(Duration.ofMinutes(3)), now.plus(Duration.ofMinutes(5))))
                .as("the claim of an attempt that died runs out").isTrue();
        letters.markSentCommitted("k1", now.plus(Duration.ofMinutes(3)));
        assertThat(letters.claimCommitted("k1", "fifth", now.plus(Duration.ofMinutes(10)), now.plus(Duration.ofMinutes(12))))
                .as("sent: nothing to claim").isFalse();
    }
}
