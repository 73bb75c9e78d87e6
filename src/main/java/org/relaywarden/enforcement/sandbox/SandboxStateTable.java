package org.relaywarden.enforcement.sandbox;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.policy.DurableAnswer;
import org.relaywarden.enforcement.policy.DurableRefusals;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated sandbox relay's durable layer: table {@code sandbox_relay_state}, one row per login the
 * policy core does not let relay, with the core's own answer ({@code 451 4.7.1 text}, {@code HOLD text})
 * in {@code reason}. Like Postfix's access map it only formats the core's list ({@link DurableAnswer}); it
 * decides nothing. Brought in line with the whole list in the transaction in which the core holds the lock of the
 * durable layers (one writer at a time across a cluster; the revision it wrote is recorded in the same transaction):
 * only the rows that differ are written, so a suspension costs one row, not a rewrite of every suspended login
 * (issue 33: the rewrite grew with the table and was the largest part of an alert's cost in figure 6).
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
            Map<String, Row> had = new HashMap<>();
            jdbc.query("SELECT account, state, reason FROM sandbox_relay_state", rs -> {
                had.put(rs.getString(1), new Row(rs.getString(2), rs.getString(3)));
            });
            OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
            List<Object[]> inserts = new ArrayList<>(), updates = new ArrayList<>();
            for (DurableAnswer a : answers) {
                String login = a.account().login();
                Row wanted = new Row(a.state().name(), a.action().length() > 200 ? a.action().substring(0, 200) : a.action());
                Row before = had.remove(login);
                if (before == null) {
                    inserts.add(new Object[]{login, wanted.state(), wanted.reason(), now});
                } else if (!before.equals(wanted)) {
                    updates.add(new Object[]{wanted.state(), wanted.reason(), now, login});
                }
            }
            List<Object[]> deletes = had.keySet().stream().map(login -> new Object[]{login}).toList();
            write("DELETE FROM sandbox_relay_state WHERE account = ?", deletes);
            write("UPDATE sandbox_relay_state SET state = ?, reason = ?, updated_at = ? WHERE account = ?", updates);
            write("INSERT INTO sandbox_relay_state (account, state, reason, updated_at) VALUES (?, ?, ?, ?)", inserts);
            return List.of();
        } catch (RuntimeException e) {
            return List.of("relay " + SandboxMailServer.RELAY_NAME + ": state table not written: " + e.getMessage());
        }
    }

    private void write(String sql, List<Object[]> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(sql, rows);
        }
    }

    /** A row of the table as the core's answer gives it. */
    private record Row(String state, String reason) {
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
