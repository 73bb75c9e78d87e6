package org.relaywarden.enforcement.sandbox;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.policy.DurableAnswer;
import org.relaywarden.enforcement.policy.DurableRefusals;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The simulated sandbox relay's durable layer: table {@code sandbox_relay_state}, one row per login the
 * policy core does not let relay, with the core's own answer ({@code 451 4.7.1 text}, {@code HOLD text})
 * in {@code reason}. Like Postfix's access map it only formats the core's list ({@link DurableAnswer}); it
 * decides nothing. Rewritten whole in the transaction in which the core holds the lock of the durable layers
 * (one writer at a time across a cluster; the revision it wrote is recorded in the same transaction).
 */
public class SandboxStateTable implements DurableRefusals {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public SandboxStateTable(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public List<String> bringInLine(List<DurableAnswer> answers) {
        try {
            jdbc.update("DELETE FROM sandbox_relay_state");
            for (DurableAnswer a : answers) {
                String action = a.action().length() > 200 ? a.action().substring(0, 200) : a.action();
                jdbc.update("INSERT INTO sandbox_relay_state (account, state, reason, updated_at) VALUES (?, ?, ?, ?)",
                        a.account().login(), a.state().name(), action, clock.instant().atOffset(ZoneOffset.UTC));
            }
            return List.of();
        } catch (RuntimeException e) {
            return List.of("relay " + SandboxMailServer.RELAY_NAME + ": state table not written: " + e.getMessage());
        }
    }

    /** What the table says for the login: the core's answer written down, if the login does not relay. */
    public Optional<String> actionOf(Account account) {
        return jdbc.queryForList("SELECT reason FROM sandbox_relay_state WHERE account = ?", String.class, account.login())
                .stream().findFirst();
    }

    @Override
    public List<String> relayNames() {
        return List.of(SandboxMailServer.RELAY_NAME);
    }

    @Override
    public String mailServer() {
        return "the simulated sandbox relay";
    }

    @Override
    public String describe() {
        return "the simulated sandbox relay's state table";
    }
}
