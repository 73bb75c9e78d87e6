package org.relaywarden.enforcement.risk;

import org.relaywarden.account.Account;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.time.Duration;
import java.util.UUID;

/** An account's history for the risk's tests: the profile tables in a fresh H2, and messages as the request path observes them. */
public final class RiskHistory {

    private RiskHistory() {
    }

    /** A fresh in-memory database with the profile's tables, as the migrations make them. */
    public static JdbcTemplate database() {
        return database(new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""));
    }

    /** The profile's tables, as the migrations make them, in the given (empty) database. */
    public static JdbcTemplate database(DriverManagerDataSource ds) {
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V70__risk_profile.sql"),
                new ClassPathResource("db/migration/V105__risk_profile_first_seen.sql")).execute(ds);
        return new JdbcTemplate(ds);
    }

    /** One message as the request path observes it: its first request, a request per recipient domain, its end. */
    public static void message(AccountProfiles p, Account account, long at, String sender, String client, boolean suspect,
                               String... domains) {
        p.observe(account, at, 1, sender, AccountProfile.networkOf(client), "", 0, suspect);
        for (String d : domains) {
            p.observe(account, at, 0, "", "", d, 0, suspect);
        }
        p.observe(account, at, 0, "", "", "", domains.length, suspect);
    }

    /**
     * Four weeks of a small firm's relay up to {@code today}, as the request path observes them, written and learned
     * as every node learns them (flushed to the database, learned again): 25 users of {@code domain} write to its 40
     * partner domains ({@code partner<n>.test}) from {@code client}, 8 hours a working day at a human pace (a message
     * every 6 s), and find two new contacts a day. Its profile then adds 1 new recipient domain an hour.
     */
    public static void firm(AccountProfiles profiles, Account account, long today, String domain, String client) {
        for (int day = 28; day >= 1; day--) {
            if (day % 7 == 0 || day % 7 == 1) {
                continue;
            }
            long nine = today - Duration.ofDays(day).toMillis() - Duration.ofHours(1).toMillis();
            for (int i = 0; i < 8 * 600; i++) {
                message(profiles, account, nine + i * 6_000L, "user" + (i % 25) + "@" + domain, client, false,
                        "partner" + (i * 7 % 40) + ".test");
            }
            message(profiles, account, nine + 1_000, "user1@" + domain, client, false, "contact" + day + "a.test");
            message(profiles, account, nine + Duration.ofHours(5).toMillis(), "user2@" + domain, client, false,
                    "contact" + day + "b.test");
        }
        profiles.flush();
        profiles.relearn();
    }
}
