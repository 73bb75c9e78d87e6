package org.relaywarden.questionnaire;

import org.junit.jupiter.api.Test;
import org.relaywarden.testsupport.SteppingClock;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Two nodes, one limit: wrong tokens presented to either node count together. */
class SharedWrongTokenLimiterTest {

    final DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    final JdbcTemplate jdbc = new JdbcTemplate(ds);
    final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-29T10:00:00Z"));

    SharedWrongTokenLimiterTest() {
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V32__wrong_token_attempts.sql")).execute(ds);
    }

    @Test
    void wrongTokensAtEitherNodeCountTogetherUntilTheWindowHasPassed() {
        WrongTokenLimiter nodeA = new SharedWrongTokenLimiter(20, Duration.ofMinutes(10), clock, jdbc);
        WrongTokenLimiter nodeB = new SharedWrongTokenLimiter(20, Duration.ofMinutes(10), clock, jdbc);
        for (int i = 0; i < 10; i++) {
            nodeA.failed("203.0.113.5");
            nodeB.failed("203.0.113.5");
        }
        assertThat(nodeA.allowed("203.0.113.5")).as("10 + 10 wrong tokens: the limit of 20 is reached").isFalse();
        assertThat(nodeB.allowed("203.0.113.5")).isFalse();
        assertThat(nodeB.allowed("203.0.113.6")).as("another client").isTrue();

        for (int i = 0; i < 100; i++) {
            nodeA.failed("203.0.113.5");
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM questionnaire_wrong_token", Integer.class))
                .as("at most twice the limit kept per client").isEqualTo(40);

        clock.advance(Duration.ofMinutes(11));
        assertThat(nodeB.allowed("203.0.113.5")).as("the window has passed").isTrue();
        nodeB.failed("203.0.113.7");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM questionnaire_wrong_token", Integer.class))
                .as("old rows deleted").isEqualTo(1);
    }
}
