package org.relaywarden.enforcement.postfix;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.RelayState;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** Persists the non-active relay states (table {@code postfix_relay_state}), reloaded on start. */
class RelayStateRepository {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate own;

    RelayStateRepository(JdbcTemplate jdbc, PlatformTransactionManager tm) {
        this.jdbc = jdbc;
        this.own = new TransactionTemplate(tm);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Saves in a transaction of its own: the state must stay even if the caller's transaction rolls back. */
    void save(Account account, AccountStates.Entry entry, Instant now) {
        own.executeWithoutResult(s -> {
            jdbc.update("DELETE FROM postfix_relay_state WHERE account = ?", account.login());
            if (entry.state() != RelayState.ACTIVE) {
                jdbc.update("INSERT INTO postfix_relay_state (account, state, reason, updated_at) VALUES (?, ?, ?, ?)",
                        account.login(), entry.state().name(), entry.reason(), now.atOffset(ZoneOffset.UTC));
            }
        });
    }

    Map<Account, AccountStates.Entry> loadAll() {
        Map<Account, AccountStates.Entry> all = new LinkedHashMap<>();
        jdbc.query("SELECT account, state, reason FROM postfix_relay_state ORDER BY account", rs -> {
            all.put(Account.parse(rs.getString("account")),
                    new AccountStates.Entry(RelayState.valueOf(rs.getString("state")), rs.getString("reason")));
        });
        return all;
    }
}
