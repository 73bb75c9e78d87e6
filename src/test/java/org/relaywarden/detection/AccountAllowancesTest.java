package org.relaywarden.detection;

import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cluster.Leadership;
import org.relaywarden.testsupport.SteppingClock;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Two nodes, one database: a quiet period granted on one node holds on the other after its next
 * reload, what either node observes counts for both, only the leader settles, and it audits once.
 * The case record is a mock (what is asked of it is the point here: the evidence, other cases, the audit).
 */
class AccountAllowancesTest {

    static final Account SHOP = Account.parse("shop@allowances.example");
    static final CaseReference CASE = new CaseReference(7);

    final DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    final JdbcTemplate jdbc = new JdbcTemplate(ds);
    final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-29T10:00:00Z"));
    final CaseRecords cases = mock(CaseRecords.class);
    final DetectionSettings settings = new DetectionSettings(null, null, Map.of(), null, null);

    AccountAllowancesTest() {
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V1__cases.sql"),
                new ClassPathResource("db/migration/V43__account_allowances.sql")).execute(ds);
        when(cases.evidence(CASE)).thenReturn(Optional.empty());
    }

    AccountAllowances node(boolean leader) {
        return new AccountAllowances(jdbc, cases, settings, new Leadership() {
            @Override
            public boolean isLeader() {
                return leader;
            }

            @Override
            public String nodeId() {
                return leader ? "leader" : "follower";
            }
        }, clock);
    }

    @Test
    void aQuietPeriodGrantedOnOneNodeHoldsOnTheOtherAndOnlyTheLeaderRaisesTheLimitOnce() {
        AccountAllowances follower = node(false);
        AccountAllowances leader = node(true);

        follower.grantQuietPeriod(SHOP, CASE, "operator", "a newsletter");
        assertThat(follower.inQuietPeriod(SHOP)).as("at once on the granting node").isTrue();
        assertThat(leader.inQuietPeriod(SHOP)).as("not before the other node's reload").isFalse();
        leader.refresh();
        assertThat(leader.inQuietPeriod(SHOP)).isTrue();
        verify(cases).audit(eq(CASE), eq("operator"), eq("QUIET_PERIOD"), contains("no detector opens a case until"));

        leader.observe(SHOP, 450, 900);
        follower.refresh();
        follower.observe(SHOP, 500, 600);
        leader.observe(SHOP, 480, 700);

        clock.advance(Duration.ofHours(24).plusMinutes(1));
        assertThat(follower.inQuietPeriod(SHOP)).as("over by the clock, before any reload").isFalse();
        follower.refresh();
        assertThat(follower.raisedMessageLimit(SHOP)).as("only the leader settles").isEmpty();
        when(cases.openedSince(any(), any(), any())).thenReturn(0);
        leader.refresh();
        leader.refresh();
        follower.refresh();
        assertThat(leader.raisedMessageLimit(SHOP)).hasValue(500);
        assertThat(leader.raisedRecipientLimit(SHOP)).hasValue(900);
        assertThat(follower.raisedMessageLimit(SHOP)).hasValue(500);
        assertThat(follower.raisedRecipientLimit(SHOP)).hasValue(900);
        verify(cases, times(1)).audit(eq(CASE), eq(CaseRecords.SYSTEM), eq("LIMIT_RAISED"), contains("500 messages, 900 recipients"));
        verify(cases, never()).audit(any(), anyString(), eq("QUIET_PERIOD_OVER"), anyString());
    }

    @Test
    void aSecondFalsePositiveStartsFromTheRaisedLimitAndNeverLowersIt() {
        AccountAllowances node = node(true);
        node.grantQuietPeriod(SHOP, CASE, "operator", "first");
        node.observe(SHOP, 800, 1600);
        clock.advance(Duration.ofHours(25));
        node.refresh();
        assertThat(node.raisedMessageLimit(SHOP)).hasValue(800);

        CaseReference again = new CaseReference(8);
        when(cases.evidence(again)).thenReturn(Optional.empty());
        node.grantQuietPeriod(SHOP, again, "operator", "second");
        node.observe(SHOP, 300, 300);
        assertThat(node.raisedMessageLimit(SHOP)).as("kept during the second quiet period").hasValue(800);
        clock.advance(Duration.ofHours(25));
        node.refresh();
        assertThat(node.raisedMessageLimit(SHOP)).hasValue(800);
        assertThat(node.raisedRecipientLimit(SHOP)).hasValue(1600);
    }
}
