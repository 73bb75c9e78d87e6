package org.relaywarden.detection;

import org.relaywarden.account.Account;
import org.relaywarden.account.InvalidAccountException;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cluster.Leadership;
import org.relaywarden.cluster.Periodic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * False positives cheap to undo (issue 14 item 4). When a case closes with the account ACTIVE, the
 * account gets a quiet period ({@code relaywarden.detection.quiet-period}, 24 h): no built-in
 * detector (nor the policy service's limit alerts, which go through {@link DetectorAlerts}) opens a
 * case for it. Meanwhile the rate detector reports what the account sends ({@link #observe}); once
 * the period is over the leader raises the account's limits to the highest messages and recipients
 * it was seen sending in one detection window, during the case (its evidence) or the quiet period,
 * and audits that on the closed case; unless another case was opened for the account meanwhile
 * (monitoring over REST still opens cases): then what it sent may have been abuse and nothing is raised.
 * <p>
 * Kept in {@code account_allowance}, shared in a cluster; every node reads it from a copy in memory
 * that is reloaded every {@code relaywarden.detection.allowance-refresh} (10 s), so asking
 * {@link #inQuietPeriod} or for a raised limit never touches the database (it may be asked on the
 * policy request path). A grant is visible on the granting node at once, on the others after the
 * next reload.
 */
@Component
public class AccountAllowances implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AccountAllowances.class);

    /** One account's allowance, as the table holds it. */
    record Allowance(String account, long caseId, Instant grantedAt, Instant quietUntil, long peakMessages, long peakRecipients,
                     Long raisedMessages, Long raisedRecipients, Instant settledAt) {
    }

    private final JdbcTemplate jdbc;
    private final CaseRecords cases;
    private final DetectionSettings settings;
    private final Leadership leadership;
    private final Clock clock;
    private volatile Map<String, Allowance> cache = Map.of();
    private Periodic refresher;

    AccountAllowances(JdbcTemplate jdbc, CaseRecords cases, DetectionSettings settings, Leadership leadership, Clock clock) {
        this.jdbc = jdbc;
        this.cases = cases;
        this.settings = settings;
        this.leadership = leadership;
        this.clock = clock;
    }

    /**
     * The account's quiet period begins now (a later grant replaces an earlier one). The peaks start
     * from what the case's evidence recorded for its detection window and from a limit raised before,
     * so a second false positive never lowers the account's limits. Audited on the case.
     */
    public void grantQuietPeriod(Account account, CaseReference ref, String actor, String why) {
        Instant now = clock.instant();
        Instant until = now.plus(settings.quietPeriod());
        Allowance before = cache.get(account.login());
        long[] seen = cases.evidence(ref).map(e -> new long[]{e.windowMessages(), e.windowRecipients()}).orElse(new long[2]);
        long peakMessages = Math.max(seen[0], before == null || before.raisedMessages() == null ? 0 : before.raisedMessages());
        long peakRecipients = Math.max(seen[1], before == null || before.raisedRecipients() == null ? 0 : before.raisedRecipients());
        String reason = why == null ? null : why.length() <= 2000 ? why : why.substring(0, 2000);
        String by = actor.length() <= 254 ? actor : actor.substring(0, 254);
        int updated = jdbc.update("UPDATE account_allowance SET case_id = ?, granted_at = ?, quiet_until = ?, granted_by = ?, "
                        + "reason = ?, peak_messages = ?, peak_recipients = ?, settled_at = NULL WHERE account = ?",
                ref.id(), ts(now), ts(until), by, reason, peakMessages, peakRecipients, account.login());
        if (updated == 0) {
            jdbc.update("INSERT INTO account_allowance (account, case_id, granted_at, quiet_until, granted_by, reason, "
                            + "peak_messages, peak_recipients) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    account.login(), ref.id(), ts(now), ts(until), by, reason, peakMessages, peakRecipients);
        }
        cases.audit(ref, actor, "QUIET_PERIOD", account + ": no detector opens a case until " + until
                + " (" + settings.quietPeriod() + "); seen so far in one window: " + peakMessages + " messages, "
                + peakRecipients + " recipients");
        log.info("{}: quiet period until {} after case {} closed with the account active", account, until, ref);
        Allowance granted = new Allowance(account.login(), ref.id(), now, until, peakMessages, peakRecipients,
                before == null ? null : before.raisedMessages(), before == null ? null : before.raisedRecipients(), null);
        afterCommit(() -> put(granted));
    }

    /** Whether the account is in a quiet period now: no built-in detector opens a case for it. */
    public boolean inQuietPeriod(Account account) {
        Allowance a = cache.get(account.login());
        return a != null && a.settledAt() == null && clock.instant().isBefore(a.quietUntil());
    }

    /** The account's raised message limit per detection window, once a quiet period has settled. */
    public OptionalLong raisedMessageLimit(Account account) {
        Allowance a = cache.get(account.login());
        return a == null || a.raisedMessages() == null || a.raisedMessages() <= 0 ? OptionalLong.empty()
                : OptionalLong.of(a.raisedMessages());
    }

    /** The account's raised recipient limit per detection window, once a quiet period has settled. */
    public OptionalLong raisedRecipientLimit(Account account) {
        Allowance a = cache.get(account.login());
        return a == null || a.raisedRecipients() == null || a.raisedRecipients() <= 0 ? OptionalLong.empty()
                : OptionalLong.of(a.raisedRecipients());
    }

    /**
     * What the account sent in one detection window during its quiet period (the rate detector
     * reports it on each look): kept if higher than what was seen before. No-op outside a quiet period.
     */
    void observe(Account account, long messages, long recipients) {
        Allowance a = cache.get(account.login());
        if (!inQuietPeriod(account) || (messages <= a.peakMessages() && recipients <= a.peakRecipients())) {
            return;
        }
        long m = Math.max(messages, a.peakMessages());
        long r = Math.max(recipients, a.peakRecipients());
        jdbc.update("UPDATE account_allowance SET peak_messages = CASE WHEN peak_messages < ? THEN ? ELSE peak_messages END, "
                + "peak_recipients = CASE WHEN peak_recipients < ? THEN ? ELSE peak_recipients END "
                + "WHERE account = ? AND settled_at IS NULL", m, m, r, r, account.login());
        put(new Allowance(a.account(), a.caseId(), a.grantedAt(), a.quietUntil(), m, r, a.raisedMessages(), a.raisedRecipients(),
                null));
    }

    /**
     * Reloads the allowances from the database; on the leader first raises the limits of every
     * quiet period that is over, auditing each on its case. Runs in the background; public for tests.
     */
    public void refresh() {
        if (leadership.isLeader()) {
            settleEnded();
        }
        Map<String, Allowance> loaded = new HashMap<>();
        jdbc.query("SELECT * FROM account_allowance", rs -> {
            Allowance a = read(rs);
            loaded.put(a.account(), a);
        });
        cache = Map.copyOf(loaded);
    }

    private void settleEnded() {
        Instant now = clock.instant();
        for (Allowance a : jdbc.query("SELECT * FROM account_allowance WHERE settled_at IS NULL AND quiet_until <= ?",
                (rs, n) -> read(rs), ts(now))) {
            CaseReference ref = new CaseReference(a.caseId());
            // another case during the quiet period (monitoring over REST): what the account sent may have been abuse
            boolean alertedAgain = parsed(a).map(acc -> cases.openedSince(acc, a.grantedAt(), ref) > 0).orElse(true);
            // only one settler wins (a leader change may let two try): the one whose UPDATE touched the row audits
            int won = alertedAgain
                    ? jdbc.update("UPDATE account_allowance SET settled_at = ? WHERE account = ? AND settled_at IS NULL",
                    ts(now), a.account())
                    : jdbc.update("UPDATE account_allowance SET raised_messages = peak_messages, raised_recipients = "
                    + "peak_recipients, settled_at = ? WHERE account = ? AND settled_at IS NULL", ts(now), a.account());
            if (won == 1) {
                String who = parsed(a).map(Account::login).orElse("(unparseable account)");
                String detail = alertedAgain
                        ? who + ": quiet period over; limits not raised: another case was opened for the account during it"
                        : who + ": quiet period over; limits raised to what it was seen sending in one window: "
                        + a.peakMessages() + " messages, " + a.peakRecipients() + " recipients";
                cases.audit(ref, CaseRecords.SYSTEM, alertedAgain ? "QUIET_PERIOD_OVER" : "LIMIT_RAISED", detail);
                log.info("{}", detail);
            }
        }
    }

    private static Optional<Account> parsed(Allowance a) {
        try {
            return Optional.of(Account.parse(a.account()));
        } catch (InvalidAccountException e) {
            return Optional.empty();
        }
    }

    private synchronized void put(Allowance a) {
        Map<String, Allowance> next = new HashMap<>(cache);
        next.put(a.account(), a);
        cache = Map.copyOf(next);
    }

    private static void afterCommit(Runnable r) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    r.run();
                }
            });
        } else {
            r.run();
        }
    }

    private static Allowance read(ResultSet rs) throws SQLException {
        long rm = rs.getLong("raised_messages");
        Long raisedMessages = rs.wasNull() ? null : rm;
        long rr = rs.getLong("raised_recipients");
        Long raisedRecipients = rs.wasNull() ? null : rr;
        OffsetDateTime settled = rs.getObject("settled_at", OffsetDateTime.class);
        return new Allowance(rs.getString("account"), rs.getLong("case_id"),
                rs.getObject("granted_at", OffsetDateTime.class).toInstant(),
                rs.getObject("quiet_until", OffsetDateTime.class).toInstant(), rs.getLong("peak_messages"),
                rs.getLong("peak_recipients"), raisedMessages, raisedRecipients, settled == null ? null : settled.toInstant());
    }

    private static OffsetDateTime ts(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    @Override
    public void start() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("allowances not loaded at start, next try in {}: {}", settings.allowanceRefresh(), e.toString());
        }
        refresher = Periodic.start("account-allowances", settings.allowanceRefresh(), () -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                log.warn("allowances not reloaded, keeping the last copy: {}", e.toString());
            }
        });
    }

    @Override
    public void stop() {
        if (refresher != null) {
            refresher.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return refresher != null && refresher.running();
    }
}
