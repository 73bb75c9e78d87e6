package org.relaywarden.enforcement.limits;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.testsupport.SteppingClock;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Each account's own normal, learned from its hourly history in the database. */
class LearnedLimitsTest {

    static final Account SHOP = Account.parse("newsletter@shop.test");
    static final Account PERSON = Account.parse("person@home.test");
    static final Account NEW = Account.parse("new@home.test");

    SteppingClock clock = new SteppingClock(Instant.parse("2026-11-01T00:00:00Z"));
    JdbcTemplate jdbc;
    LimitSettings settings = LimitSettings.defaults();

    @BeforeEach
    void database() {
        DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V44__account_hourly_volume.sql")).execute(ds);
        jdbc = new JdbcTemplate(ds);
    }

    @Test
    void anAccountsLimitIsTwiceItsNinetyNinthPercentileHourBetweenFloorAndCeiling() {
        LearnedLimits node1 = new LearnedLimits(jdbc, settings, "node-1", clock);
        LearnedLimits node2 = new LearnedLimits(jdbc, settings, "node-2", clock);
        // four weeks: the shop sends a newsletter of 2,000 messages (to one recipient each) on ten evenings,
        // split over two cluster nodes; a person sends 5 messages an hour all day
        for (int day = 0; day < 28; day++) {
            Instant evening = clock.instant().plus(Duration.ofDays(day)).plus(Duration.ofHours(19));
            if (day % 3 == 0 && day < 30) {
                node1.record(SHOP, evening, 1200, 1200);
                node2.record(SHOP, evening.plusSeconds(60), 800, 800);
            }
            for (int h = 8; h < 20; h++) {
                node1.record(PERSON, clock.instant().plus(Duration.ofDays(day)).plus(Duration.ofHours(h)), 5, 10);
            }
        }
        node1.flush();
        node2.flush();
        clock.advance(Duration.ofDays(28));
        node1.relearn();

        // the shop's busiest hours are 10 of 672 (more than 1%): its p99 hour is a newsletter evening
        assertThat(node1.learned(SHOP)).containsExactly(4000, 4000);
        // the person is far below the floors
        assertThat(node1.learned(PERSON)).containsExactly(settings.floorMessages(), settings.floorRecipients());
        assertThat(node1.learned(NEW)).as("no history: the floor applies").isNull();
        SendingLimits limits = new SendingLimits(settings, node1, LimitOverrides.NONE);
        assertThat(limits.limitOf(SHOP)).isEqualTo(new Limit(4000, 4000, "learned"));
        assertThat(limits.limitOf(NEW)).isEqualTo(new Limit(750, 3000, "floor"));
    }

    @Test
    void aFewBusyHoursAreNotTheNormalAndTheCeilingHolds() {
        LearnedLimits learned = new LearnedLimits(jdbc, settings, "node-1", clock);
        // one hour of a 50,000 flood in four weeks is not this account's normal (less than 1% of the hours)
        learned.record(SHOP, clock.instant().plus(Duration.ofHours(3)), 50_000, 150_000);
        for (int h = 0; h < 600; h++) {
            learned.record(SHOP, clock.instant().plus(Duration.ofHours(10 + h)), 400, 400);
        }
        learned.flush();
        clock.advance(Duration.ofDays(27));
        learned.relearn();
        assertThat(learned.learned(SHOP)).containsExactly(800, 3000);

        LearnedLimits huge = new LearnedLimits(jdbc, settings, "node-1", clock);
        for (int h = 0; h < 672; h++) {
            huge.record(PERSON, clock.instant().minus(Duration.ofHours(h)), 15_000, 200_000);
        }
        huge.flush();
        huge.relearn();
        assertThat(huge.learned(PERSON)).containsExactly(settings.ceilingMessages(), settings.ceilingRecipients());
    }

    @Test
    void countsOfOneHourAddUpAcrossFlushesAndHistoryIsPruned() {
        LearnedLimits learned = new LearnedLimits(jdbc, settings, "node-1", clock);
        learned.record(SHOP, clock.instant(), 10, 20);
        learned.flush();
        learned.record(SHOP, clock.instant().plusSeconds(10), 5, 5);
        learned.flush();
        assertThat(jdbc.queryForList("SELECT messages, recipients FROM account_hourly_volume")).singleElement()
                .satisfies(row -> {
                    assertThat(((Number) row.get("MESSAGES")).longValue()).isEqualTo(15);
                    assertThat(((Number) row.get("RECIPIENTS")).longValue()).isEqualTo(25);
                });
        clock.advance(Duration.ofDays(40));
        learned.relearn();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM account_hourly_volume", Long.class)).isZero();
        assertThat(learned.learned(SHOP)).isNull();
    }

    @Test
    void nearestRankPercentileCountsSilentHoursAsZero() {
        List<long[]> rows = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            rows.add(new long[]{i * 100L, 0});
        }
        // 10 busy hours of 672: rank 666 of the sorted values is the 7th largest, 400
        assertThat(LearnedLimits.percentile(rows, 0, 672)).isEqualTo(400);
        // 6 busy hours: the 99th percentile hour is a silent one
        assertThat(LearnedLimits.percentile(rows.subList(0, 6), 0, 672)).isZero();
    }
}
