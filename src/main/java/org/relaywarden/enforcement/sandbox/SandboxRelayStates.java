package org.relaywarden.enforcement.sandbox;

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

/**
 * Where the sandbox mail server keeps its relay states, so that it behaves like a real relay across a
 * restart: a suspended account stays refused. {@link #IN_MEMORY} forgets them (unit tests).
 */
public interface SandboxRelayStates {

    /** The non-active states, read once at start. */
    Map<Account, RelayState> load();

    /** Saves one account's state ({@link RelayState#ACTIVE}: removes it). */
    void save(Account account, RelayState state, String reason, Instant now);

    SandboxRelayStates IN_MEMORY = new SandboxRelayStates() {
        @Override
        public Map<Account, RelayState> load() {
            return Map.of();
        }

        @Override
        public void save(Account account, RelayState state, String reason, Instant now) {
        }
    };

    /**
     * Table {@code sandbox_relay_state}. Each save commits in a transaction of its own: like a real relay's
     * state, it does not roll back with the job that changed it (a retried job sets the same state again).
     */
    final class Jdbc implements SandboxRelayStates {

        private final JdbcTemplate jdbc;
        private final TransactionTemplate own;

        public Jdbc(JdbcTemplate jdbc, PlatformTransactionManager tm) {
            this.jdbc = jdbc;
            this.own = new TransactionTemplate(tm);
            this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        }

        @Override
        public Map<Account, RelayState> load() {
            Map<Account, RelayState> states = new LinkedHashMap<>();
            jdbc.query("SELECT account, state FROM sandbox_relay_state ORDER BY account",
                    rs -> {
                        states.put(Account.parse(rs.getString("account")), RelayState.valueOf(rs.getString("state")));
                    });
            return states;
        }

        @Override
        public void save(Account account, RelayState state, String reason, Instant now) {
            own.executeWithoutResult(s -> {
                jdbc.update("DELETE FROM sandbox_relay_state WHERE account = ?", account.login());
                if (state != RelayState.ACTIVE) {
                    String shortReason = reason == null ? "" : reason.length() > 200 ? reason.substring(0, 200) : reason;
                    jdbc.update("INSERT INTO sandbox_relay_state (account, state, reason, updated_at) VALUES (?, ?, ?, ?)",
                            account.login(), state.name(), shortReason, now.atOffset(ZoneOffset.UTC));
                }
            });
        }
    }
}
