package org.relaywarden.enforcement.risk;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.testsupport.SteppingClock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Each account's profile, learned from what the nodes observed and wrote to the shared database. */
class AccountProfilesTest {

    static final Account SHOP = Account.parse("news@shop.test");

    final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-01T08:00:00Z"));
    JdbcTemplate jdbc;

    /** A fresh database (H2 in memory here; AccountProfilesOnPostgresTest: a real PostgreSQL). */
    DriverManagerDataSource dataSource() {
        return new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    @BeforeEach
    void database() {
        jdbc = RiskHistory.database(dataSource());
    }

    static void message(AccountProfiles p, long at, String sender, String client, boolean suspect, String... domains) {
        RiskHistory.message(p, SHOP, at, sender, client, suspect, domains);
    }

    @Test
    void whatTwoNodesObservedIsEveryNodesProfileAfterTheirNextRelearnAndSurvivesARestart() {
        AccountProfiles node1 = new AccountProfiles(jdbc, RiskSettings.defaults(), "node-1", clock);
        AccountProfiles node2 = new AccountProfiles(jdbc, RiskSettings.defaults(), "node-2", clock);
        // a week of newsletters: 40 messages in one minute, split over the two nodes; a few person-to-person mails
        for (int day = 0; day < 7; day++) {
            long evening = clock.millis() + Duration.ofDays(day).plusHours(10).toMillis();
            for (int i = 0; i < 40; i++) {
                message(i % 2 == 0 ? node1 : node2, evening + i * 1000L, "news@shop.test", "192.0.2.17", false,
                        "isp" + (i % 10) + ".test");
            }
            message(node1, evening + 3_600_000, "owner@shop-mail.test", "2001:db8:5:1::9", false, "partner.test", "bank.test");
        }
        assertThat(node1.profileOf(SHOP).hasHistory()).as("nothing learned before a flush and relearn").isFalse();
        clock.advance(Duration.ofDays(8));
        node1.flush();
        node2.flush();
        node2.relearn();

        AccountProfile p = node2.profileOf(SHOP);
        assertThat(p.recipientDomains()).hasSize(12).contains("isp0.test", "isp9.test", "partner.test", "bank.test");
        assertThat(p.senderAddresses()).contains("news@shop.test", "owner@shop-mail.test");
        assertThat(p.ownSender("owner@shop-mail.test")).isTrue();
        assertThat(p.ownSender("x@forged.test")).isFalse();
        assertThat(p.networks()).containsExactlyInAnyOrder("192.0.2.0/24", "2001:db8:5::/48");
        // the two nodes' rows of the newsletter's minute add up: its busiest minute had 40 messages
        assertThat(p.perMinute()).isEqualTo(40);
        assertThat(p.perHour()).isEqualTo(40);
        assertThat(p.recipientsPerMessage()).isEqualTo(2);
        assertThat(p.messages()).isEqualTo(7 * 41);

        AccountProfiles restarted = new AccountProfiles(jdbc, RiskSettings.defaults(), "node-1", clock);
        restarted.relearn();
        assertThat(restarted.profileOf(SHOP)).isEqualTo(p);
    }

    @Test
    void heldMailIsLearnedOnlyWhenAReviewerSaysItWasTheCustomersOwn() {
        AccountProfiles node = new AccountProfiles(jdbc, RiskSettings.defaults(), "node-1", clock);
        message(node, clock.millis(), "news@shop.test", "192.0.2.17", true, "held.test");
        node.flush();
        node.relearn();
        assertThat(node.profileOf(SHOP).recipientDomains()).isEmpty();

        node.learnHeld(SHOP);
        assertThat(node.profileOf(SHOP).recipientDomains()).as("at once, in memory").containsExactly("held.test");
        clock.advance(Duration.ofMinutes(2));
        node.flush();
        AccountProfiles other = new AccountProfiles(jdbc, RiskSettings.defaults(), "node-2", clock);
        other.relearn();
        assertThat(other.profileOf(SHOP).recipientDomains()).as("and on every node after the flush").containsExactly("held.test");

        message(node, clock.millis(), "x@forged.test", "198.51.100.1", true, "spam.test");
        node.dropHeld(SHOP);
        node.learnHeld(SHOP);
        clock.advance(Duration.ofMinutes(2));
        node.flush();
        node.relearn();
        assertThat(node.profileOf(SHOP).recipientDomains()).containsExactly("held.test");
    }

    @Test
    void aNewAccountsProfileIsItsLoginsDomainAndWhatTheProviderConfiguredForIt() {
        RiskSettings s = new RiskSettings(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, Map.of("kunde1@hoster.test", new RiskSettings.AccountRisk(null, List.of("Shop.test"),
                List.of("info@other.test"), null, null, null, null, null, null, null)));
        AccountProfiles profiles = new AccountProfiles(jdbc, s, "node-1", clock);
        AccountProfile p = profiles.profileOf(Account.parse("kunde1@hoster.test"));
        assertThat(p.hasHistory()).isFalse();
        assertThat(p.ownSender("kunde1@hoster.test")).isTrue();
        assertThat(p.ownSender("sales@mail.shop.test")).as("subdomains of its domains").isTrue();
        assertThat(p.ownSender("info@other.test")).isTrue();
        assertThat(p.ownSender("sales@other.test")).isFalse();
        assertThat(p.ownSender("")).as("the null sender of a bounce").isTrue();
        assertThat(AccountProfile.networkOf("203.0.113.77")).isEqualTo("203.0.113.0/24");
        assertThat(AccountProfile.networkOf("::ffff:203.0.113.77")).isEqualTo("203.0.113.0/24");
        assertThat(AccountProfile.networkOf("2001:DB8:aa:bb::1")).isEqualTo("2001:db8:aa::/48");
        assertThat(AccountProfile.networkOf("mail.example.com")).as("never a name lookup").isEmpty();
        assertThat(AccountProfile.networkOf("unknown")).isEmpty();
    }

    @Test
    void theProfileLearnsHowManyNewRecipientDomainsAnHourTheAccountAddsOnceItsHistoryIsAWeekLongLeavingItsFirstDayOut() {
        AccountProfiles node = new AccountProfiles(jdbc, RiskSettings.defaults(), "node-1", clock);
        long start = clock.millis();
        // its first day: 40 contacts, every one new (left out); then 9 days of mail to them and 2 new contacts a day,
        // one in the morning, one in the afternoon; on day 5 a busy hour with 4 new contacts
        for (int i = 0; i < 40; i++) {
            message(node, start + i * 60_000L, "owner@shop.test", "192.0.2.17", false, "partner" + i + ".test");
        }
        for (int day = 1; day < 10; day++) {
            long morning = start + Duration.ofDays(day).toMillis();
            for (int i = 0; i < 20; i++) {
                message(node, morning + i * 600_000L, "owner@shop.test", "192.0.2.17", false, "partner" + (i * 3 % 40) + ".test");
            }
            message(node, morning + 60_000, "owner@shop.test", "192.0.2.17", false, "new" + day + "a.test");
            message(node, morning + Duration.ofHours(5).toMillis(), "owner@shop.test", "192.0.2.17", false, "new" + day + "b.test");
            if (day == 5) {
                for (int i = 0; i < 4; i++) {
                    message(node, morning + Duration.ofHours(2).toMillis() + i * 60_000L, "owner@shop.test", "192.0.2.17", false,
                            "busy" + i + ".test");
                }
            }
        }
        clock.advance(Duration.ofDays(10));
        node.flush();
        node.relearn();
        AccountProfile p = node.profileOf(SHOP);
        assertThat(p.learnedNewDomains()).isTrue();
        // 9 days x 5 hours with mail; below 100 hours the 99th percentile is the busiest hour: the 4 of day 5
        assertThat(p.newDomainsPerHour()).isEqualTo(4);

        RiskSettings month = new RiskSettings(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, Duration.ofDays(30), null, null, null, null);
        AccountProfiles strict = new AccountProfiles(jdbc, month, "node-1", clock);
        strict.relearn();
        assertThat(strict.profileOf(SHOP).learnedNewDomains()).as("a history of 10 days is shorter than 30").isFalse();

        // a row written before first_seen existed is known since before: it never counts as new
        jdbc.update("UPDATE risk_profile_item SET first_seen = NULL WHERE item LIKE 'busy%'");
        node.relearn();
        assertThat(node.profileOf(SHOP).newDomainsPerHour()).isEqualTo(1);
    }
}
