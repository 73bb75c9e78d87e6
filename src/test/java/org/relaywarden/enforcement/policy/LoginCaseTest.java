package org.relaywarden.enforcement.policy;

import org.relaywarden.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.postfix.AccessMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Case variants of a login: the access map (Postfix folds case in {@code hash:} lookups) and the
 * policy service must refuse and hold the same logins, in both local-part modes.
 */
class LoginCaseTest {

    final AccountStates states = new AccountStates();
    final PolicyDecider decider = new PolicyDecider(states, new TrafficCounters(Clock.systemUTC(), "test"),
            () -> RefusalCode.TEMPORARY, Clock.systemUTC());
    int instance;

    @AfterEach
    void defaultMode() {
        Account.resetLocalPartCase();
    }

    String ask(String login) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("request", "smtpd_access_policy");
        m.put("protocol_state", "RCPT");
        m.put("sasl_username", login);
        m.put("client_address", "192.0.2.1");
        m.put("instance", "i" + (++instance));
        m.put("recipient", "r@remote.test");
        return decider.decide(new PolicyRequest(m));
    }

    List<String> mapLines() {
        return AccessMap.render(DurableAnswers.of(states.snapshot(), RefusalCode.TEMPORARY)).lines().filter(l -> !l.startsWith("#")).toList();
    }

    void set(String login, RelayState state, String reason) {
        states.put(Account.parse(login), new AccountStates.Entry(state, reason));
    }

    @Test
    void byDefaultASuspensionOfBigcorpRefusesEveryCaseVariantAndTheMapNamesTheLowerCasedLogin() {
        set("Bigcorp@customer.test", RelayState.SUSPENDED, "case RW-1");

        assertThat(ask("bigcorp@customer.test")).isEqualTo("451 4.7.1 case RW-1");
        assertThat(ask("Bigcorp@customer.test")).isEqualTo("451 4.7.1 case RW-1");
        assertThat(ask("BIGCORP@Customer.Test")).isEqualTo("451 4.7.1 case RW-1");
        assertThat(ask("other@customer.test")).isEqualTo(PolicyDecider.DUNNO);
        assertThat(mapLines()).containsExactly("bigcorp@customer.test 451 4.7.1 case RW-1");

        set("BIGCORP@customer.test", RelayState.ACTIVE, "");
        assertThat(ask("Bigcorp@customer.test")).as("restoring any variant restores the one account")
                .isEqualTo(PolicyDecider.DUNNO);
        assertThat(states.snapshot()).isEmpty();
    }

    @Test
    void caseSensitiveLoginsAreTwoAccountsButTheRefusalOrHoldCoversTheVariantsAsTheMapDoes() {
        Account.useLocalPartCase(Account.LocalPartCase.CASE_SENSITIVE);
        set("Bigcorp@customer.test", RelayState.SUSPENDED, "case RW-2");

        assertThat(Account.parse("bigcorp@customer.test")).isNotEqualTo(Account.parse("Bigcorp@customer.test"));
        assertThat(states.get(Account.parse("bigcorp@customer.test"))).as("its own state").isNull();
        assertThat(ask("bigcorp@customer.test")).isEqualTo("451 4.7.1 case RW-2");
        assertThat(ask("BIGCORP@customer.test")).isEqualTo("451 4.7.1 case RW-2");
        assertThat(ask("Bigcorp@customer.test")).isEqualTo("451 4.7.1 case RW-2");
        assertThat(ask("bigcorp2@customer.test")).isEqualTo(PolicyDecider.DUNNO);
        assertThat(mapLines()).containsExactly("Bigcorp@customer.test 451 4.7.1 case RW-2");

        // a variant on probation is still refused while another variant is suspended; a hold covers the rest
        set("bigcorp@customer.test", RelayState.PROBATION, "probation");
        assertThat(ask("bigcorp@customer.test")).isEqualTo("451 4.7.1 case RW-2");
        set("BIGCORP@customer.test", RelayState.HELD, "staged re-enable, case RW-3");
        assertThat(mapLines()).as("one line for the variants, the suspension")
                .containsExactly("Bigcorp@customer.test 451 4.7.1 case RW-2");
        set("BIGCORP@customer.test", RelayState.ACTIVE, "");
        set("Bigcorp@customer.test", RelayState.HELD, "staged re-enable, case RW-2");
        assertThat(mapLines()).containsExactly("Bigcorp@customer.test HOLD staged re-enable, case RW-2");
        assertThat(ask("bigcorp@customer.test")).isEqualTo("HOLD staged re-enable, case RW-2");
        assertThat(ask("bIgCoRp@customer.test")).isEqualTo("HOLD staged re-enable, case RW-2");

        // restoring one variant leaves the others as they are
        set("Bigcorp@customer.test", RelayState.ACTIVE, "");
        assertThat(ask("Bigcorp@customer.test")).isEqualTo(PolicyDecider.DUNNO);
        assertThat(ask("bIgCoRp@customer.test")).isEqualTo(PolicyDecider.DUNNO);
        assertThat(states.forRequest(Account.parse("bigcorp@customer.test")).state()).isEqualTo(RelayState.PROBATION);
        set("bigcorp@customer.test", RelayState.ACTIVE, "");
        assertThat(states.forRequest(Account.parse("bigcorp@customer.test"))).isNull();
    }

    @Test
    void restoringTheAccountRemovesAStateRowWrittenBeforeLoginsWereLowerCased() {
        DriverManagerDataSource ds = TestDatabase.migrated();
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        RelayStateRepository repository = new RelayStateRepository(jdbc, new DataSourceTransactionManager(ds), "test");
        jdbc.update("INSERT INTO relay_state (account, state, reason, updated_at) VALUES (?, ?, ?, ?)",
                "Bigcorp@customer.test", "SUSPENDED", "case RW-4", OffsetDateTime.now());
        Account account = Account.parse("Bigcorp@customer.test");

        assertThat(repository.loadAll()).containsOnlyKeys(account);
        assertThat(repository.save(account, new AccountStates.Entry(RelayState.SUSPENDED, "case RW-4"), Instant.now()))
                .as("already suspended so").isEqualTo(RelayStateRepository.UNCHANGED);
        repository.save(account, new AccountStates.Entry(RelayState.ACTIVE, ""), Instant.now());
        assertThat(repository.loadAll()).isEmpty();
    }
}
