package org.relaywarden.enforcement.policy;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.RelayState;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Persists the non-active relay states (table {@code relay_state}), reloaded on start, and
 * appends every change to {@code relay_state_change}, which the other nodes of a cluster follow.
 * Writers of any node take the {@code relay-state} lock row first, so change ids commit in order
 * and a follower that has read up to id N never misses a change below N.
 */
public class RelayStateRepository {

    /** Changes older than this are pruned; a node that was away longer re-reads every state. */
    static final Duration CHANGE_RETENTION = Duration.ofDays(1);

    /** What {@link #save} returns when there was nothing to change. */
    static final long UNCHANGED = -1;

    /** What {@link #saveIf} returns when the account was not in the state it expected. */
    static final long NOT_AS_EXPECTED = -2;

    /** One change, as the followers read it. */
    record Change(long id, Account account, AccountStates.Entry entry) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate own;
    private final String nodeId;

    /**
     * The logins of {@code relay_state} as parsed (with the local-part mode they were parsed in): every write of the
     * durable layers reads the whole table, and parsing each login again was most of that read's cost (issue 33).
     */
    private final Map<String, Account> parsed = new ConcurrentHashMap<>();
    private volatile Account.LocalPartCase parsedIn = Account.localPartCase();

    public RelayStateRepository(JdbcTemplate jdbc, PlatformTransactionManager tm, String nodeId) {
        this.jdbc = jdbc;
        this.own = new TransactionTemplate(tm);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.nodeId = nodeId;
    }

    /**
     * The rows of an account: with case-insensitive logins (the default) also rows written before
     * logins were lower-cased ({@code Bigcorp@x}), which the parse now reads as {@code bigcorp@x}, so
     * that restoring the account removes them and a restart does not suspend it again.
     */
    private static String sameAccount() {
        return Account.localPartCase() == Account.LocalPartCase.CASE_INSENSITIVE ? "LOWER(account) = ?" : "account = ?";
    }

    /**
     * Saves in a transaction of its own (the state must stay even if the caller's transaction rolls
     * back) and returns the id of the change, or {@link #UNCHANGED} if the account was in this state
     * with this reason already (a retried job suspends once, not twice).
     */
    long save(Account account, AccountStates.Entry entry, Instant now) {
        return saveIf(account, entry, null, now);
    }

    /**
     * {@link #save}, but only if the account's saved state is {@code expected} (null: whatever it is), checked under the
     * same lock: else {@link #NOT_AS_EXPECTED} (or {@link #UNCHANGED} if it holds {@code entry} already).
     */
    long saveIf(Account account, AccountStates.Entry entry, RelayState expected, Instant now) {
        return Objects.requireNonNull(own.execute(s -> {
            lock("relay-state");
            String same = sameAccount();
            List<AccountStates.Entry> current = jdbc.query("SELECT state, reason FROM relay_state WHERE " + same,
                    (rs, i) -> new AccountStates.Entry(RelayState.valueOf(rs.getString("state")), rs.getString("reason")),
                    account.login());
            AccountStates.Entry was = current.isEmpty() ? new AccountStates.Entry(RelayState.ACTIVE, "") : current.get(0);
            if (was.equals(entry) && current.size() <= 1) {
                return UNCHANGED;
            }
            if (expected != null && (was.state() != expected || current.size() > 1)) {
                return NOT_AS_EXPECTED;
            }
            jdbc.update("DELETE FROM relay_state WHERE " + same, account.login());
            if (entry.state() != RelayState.ACTIVE) {
                jdbc.update("INSERT INTO relay_state (account, state, reason, updated_at) VALUES (?, ?, ?, ?)",
                        account.login(), entry.state().name(), entry.reason(), now.atOffset(ZoneOffset.UTC));
            }
            GeneratedKeyHolder key = new GeneratedKeyHolder();
            jdbc.update(con -> {
                PreparedStatement ps = con.prepareStatement(
                        "INSERT INTO relay_state_change (account, state, reason, node, changed_at) VALUES (?, ?, ?, ?, ?)",
                        new String[]{"id"});
                ps.setString(1, account.login());
                ps.setString(2, entry.state().name());
                ps.setString(3, entry.reason());
                ps.setString(4, nodeId);
                ps.setObject(5, now.atOffset(ZoneOffset.UTC));
                return ps;
            }, key);
            jdbc.update("DELETE FROM relay_state_change WHERE changed_at < ?", now.minus(CHANGE_RETENTION).atOffset(ZoneOffset.UTC));
            return Objects.requireNonNull(key.getKey()).longValue();
        }));
    }

    /** The changes after {@code id}, oldest first, at most {@code limit}. */
    List<Change> changesAfter(long id, int limit) {
        List<Change> out = new ArrayList<>();
        jdbc.query("SELECT id, account, state, reason FROM relay_state_change WHERE id > ? ORDER BY id", ps -> {
            ps.setLong(1, id);
            ps.setMaxRows(limit);
        }, rs -> {
            out.add(new Change(rs.getLong("id"), Account.parse(rs.getString("account")),
                    new AccountStates.Entry(RelayState.valueOf(rs.getString("state")), rs.getString("reason"))));
        });
        return out;
    }

    /** The id of the newest committed change (0 if none). */
    long latestChange() {
        Long id = jdbc.queryForObject("SELECT MAX(id) FROM relay_state_change", Long.class);
        return id == null ? 0 : id;
    }

    Map<Account, AccountStates.Entry> loadAll() {
        Map<Account, AccountStates.Entry> all = new LinkedHashMap<>();
        jdbc.query("SELECT account, state, reason FROM relay_state ORDER BY account", rs -> {
            all.put(parsedLogin(rs.getString("account")),
                    new AccountStates.Entry(RelayState.valueOf(rs.getString("state")), rs.getString("reason")));
        });
        return all;
    }

    /** {@link Account#parse} of a login read from {@code relay_state}, once per login and mode. */
    private Account parsedLogin(String login) {
        Account.LocalPartCase mode = Account.localPartCase();
        if (mode != parsedIn) {
            parsed.clear();
            parsedIn = mode;
        }
        if (parsed.size() > 100_000) {
            parsed.clear();
        }
        return parsed.computeIfAbsent(login, Account::parse);
    }

    /**
     * Renders and writes the access maps holding the {@code access-map} lock: one node at a time,
     * each from the states committed when it got the lock, so the last writer always writes the
     * newest states. A writer whose change ({@code needed}) is in the maps already skips: the
     * changes committed while another node wrote cost one more write together, not one each.
     * {@code write} returns the relays that failed; the written revision is only recorded when
     * none did. {@code needed} = 0 writes in any case.
     */
    List<String> writeAccessMaps(long needed, Function<Map<Account, AccountStates.Entry>, List<String>> write) {
        return own.execute(s -> {
            long written = lock("access-map");
            if (needed > 0 && written >= needed) {
                return List.<String>of();
            }
            long newest = latestChange();
            List<String> failures = write.apply(loadAll());
            if (failures.isEmpty()) {
                jdbc.update("UPDATE cluster_lock SET revision = ? WHERE name = 'access-map'", newest);
            }
            return failures;
        });
    }

    /** The newest change the relays' durable layers were written with (0: not since the start). */
    long mapsWrittenUpTo() {
        Long revision = jdbc.queryForObject("SELECT revision FROM cluster_lock WHERE name = 'access-map'", Long.class);
        return revision == null ? 0 : revision;
    }

    /** Forgets which revision the maps were written with, so the next write renders them again (on start). */
    void mapsMayBeStale() {
        jdbc.update("UPDATE cluster_lock SET revision = 0 WHERE name = 'access-map'");
    }

    private long lock(String name) {
        return Objects.requireNonNull(jdbc.queryForObject("SELECT revision FROM cluster_lock WHERE name = ? FOR UPDATE",
                Long.class, name));
    }
}
