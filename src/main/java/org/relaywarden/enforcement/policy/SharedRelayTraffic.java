package org.relaywarden.enforcement.policy;

import org.relaywarden.account.Account;
import org.relaywarden.account.InvalidAccountException;
import org.relaywarden.enforcement.RelayTraffic;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link RelayTraffic} of a cluster: every node's counts as {@link TrafficJournal}s wrote them. A
 * count is visible a flush interval after it happened; times have the slot's resolution (0.1 s),
 * and a window starts at the beginning of the slot its start falls into.
 */
class SharedRelayTraffic implements RelayTraffic {

    private final JdbcTemplate jdbc;

    SharedRelayTraffic(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Submissions submissionsSince(Account account, Instant since) {
        return jdbc.query("SELECT SUM(messages) AS n, MIN(slot) AS first_slot, MAX(slot) AS last_slot FROM relay_traffic "
                + "WHERE account = ? AND slot >= ? AND messages > 0", rs -> {
            if (!rs.next() || rs.getLong("n") == 0) {
                return Submissions.none();
            }
            return new Submissions(rs.getLong("n"), Instant.ofEpochMilli(rs.getLong("first_slot") * TrafficJournal.SLOT_MILLIS),
                    Instant.ofEpochMilli((rs.getLong("last_slot") + 1) * TrafficJournal.SLOT_MILLIS - 1));
        }, account.login(), TrafficJournal.slot(since));
    }

    @Override
    public Map<Account, Activity> activitySince(Instant since) {
        long from = TrafficJournal.slot(since);
        Map<String, Long> clients = new HashMap<>();
        jdbc.query("SELECT account, COUNT(DISTINCT client) AS c FROM relay_traffic_client WHERE last_slot >= ? GROUP BY account",
                rs -> {
                    clients.put(rs.getString("account"), rs.getLong("c"));
                }, from);
        Map<Account, Activity> out = new LinkedHashMap<>();
        jdbc.query("SELECT account, SUM(messages) AS m, SUM(recipients) AS r FROM relay_traffic WHERE slot >= ? "
                + "GROUP BY account ORDER BY account", rs -> {
            String login = rs.getString("account");
            try {
                out.put(Account.parse(login), new Activity(rs.getLong("m"), rs.getLong("r"), clients.getOrDefault(login, 0L)));
            } catch (InvalidAccountException e) {
                // only parsed accounts are ever written; a row edited by hand is skipped
            }
        }, from);
        return out;
    }
}
