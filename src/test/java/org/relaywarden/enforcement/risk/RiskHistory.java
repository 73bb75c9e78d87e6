package org.relaywarden.enforcement.risk;

import org.relaywarden.account.Account;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.util.UUID;

/** An account's history for the risk's tests: the profile tables in a fresh H2, and messages as the request path observes them. */
public final class RiskHistory {

    private RiskHistory() {
    }

    /** A fresh in-memory database with the profile's tables, as the migrations make them. */
    public static JdbcTemplate database() {
        DriverManagerDataSource ds = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
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
}
