package org.relaywarden.enforcement.policy;

import org.relaywarden.account.Account;
import org.relaywarden.account.InvalidAccountException;
import org.relaywarden.enforcement.RefusedAttemptRecorder;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.limits.Limit;
import org.relaywarden.enforcement.limits.OverLimitListener;
import org.relaywarden.enforcement.limits.SendingLimits;
import org.relaywarden.enforcement.risk.RiskCore;
import org.relaywarden.enforcement.risk.RiskLevel;
import org.relaywarden.enforcement.policy.AccountStates;
import org.relaywarden.enforcement.policy.RefusalCode;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Answers one policy request from memory: the account's relay state decides, then its sending
 * limit; the counters are fed.
 * <ul>
 *   <li>Suspended: refused with the configured code and a text naming the case; the attempt is an
 *       evidence line, not a submission.</li>
 *   <li>Staged re-enable: {@code HOLD}, counted (the burst watch reads the counts).</li>
 *   <li>Active and probation: counted, {@code DUNNO} (the next restriction decides) — unless the message
 *       or the recipient would take the account over its limit in the limit window: then
 *       {@code 451 4.7.1} (the client keeps the mail), kept as an evidence line, and the
 *       {@link OverLimitListener} is told at once (at most every {@link #ALERT_EVERY_MILLIS} per account),
 *       so that the account's case and suspension follow within a second.</li>
 * </ul>
 * Every message is counted once, however often and over however many connections Postfix asks
 * about it: requests are grouped by Postfix's {@code instance} attribute ({@link Transactions});
 * recipients are counted once per address at RCPT and made up to {@code recipient_count} at
 * END-OF-MESSAGE (RCPT requests carry no count). Requests without a SASL login, or with one outside
 * the account grammar, are not ours: {@code DUNNO}.
 * <p>
 * In a cluster with Redis ({@link SharedCounts}) the counting and the limit are the cluster's: one script per
 * counted request, so a transaction split over nodes counts once and the limit holds across them; the risk's
 * observation of the request rides in the same script (its windows are the cluster's too, SharedRiskWindows);
 * while Redis is away the node counts and weighs on its own and both are merged when it is back (docs/cluster.md).
 */
public class PolicyDecider implements PolicyService {

    public static final String DUNNO = PolicyService.DUNNO;
    public static final String OVER_LIMIT = "451 4.7.1 sending limit of this account reached, try again later";
    static final long ALERT_EVERY_MILLIS = 5_000;

    private final AccountStates states;
    private final TrafficCounters counters;
    private final Supplier<RefusalCode> refusal;
    private final Clock clock;
    private final SendingLimits limits;
    private final OverLimitListener overLimit;
    private final Transactions transactions;
    private final RefusedAttemptRecorder refusedAttempts;
    /** The risk on the request path (null: none). */
    private final RiskCore risk;
    /** In a cluster with Redis: the counts every node shares (null: this node counts on its own). */
    private final SharedCounts shared;
    private final Map<Account, Long> lastAlert = new ConcurrentHashMap<>();
    /** Logins parsed before (the grammar check is a few regular expressions): at most {@link #PARSED_LOGINS}. */
    private final Map<String, Account> parsed = new ConcurrentHashMap<>();
    static final int PARSED_LOGINS = 200_000;
    /** The HOLD answers of the risk's current holds, by their reasons: at most {@link #HOLD_ACTIONS}. */
    private final Map<String, String> holdActions = new ConcurrentHashMap<>();
    static final int HOLD_ACTIONS = 10_000;

    /** Without limits on the request path (tests of states and counting). */
    public PolicyDecider(AccountStates states, TrafficCounters counters, Supplier<RefusalCode> refusal, Clock clock) {
        this(states, counters, refusal, clock, null, OverLimitListener.NONE, RefusedAttemptRecorder.NONE, null, null);
    }




    /**
     * @param limits          the sending limits enforced on the request path (null: none)
     * @param overLimit       told of the first message over an account's limit
     * @param refusedAttempts keeps each request refused because the account is suspended (in memory, no waiting)
     * @param risk            the risk on the request path (null: none): it may hold or refuse an account's mail before
     *                        the limits
     * @param shared          the counts the nodes of a cluster share in Redis (null: this node counts on its own)
     */
    public PolicyDecider(AccountStates states, TrafficCounters counters, Supplier<RefusalCode> refusal, Clock clock,
                         SendingLimits limits, OverLimitListener overLimit, RefusedAttemptRecorder refusedAttempts,
                         RiskCore risk, SharedCounts shared) {
        this.risk = risk != null && risk.enabled() ? risk : null;
        this.shared = shared;
        this.refusedAttempts = refusedAttempts;
        this.states = states;
        this.counters = counters;
        this.refusal = refusal;
        this.clock = clock;
        this.limits = limits != null && limits.enabled() ? limits : null;
        this.overLimit = overLimit;
        this.transactions = new Transactions(clock::millis);
    }


    /** The action to reply with ({@code DUNNO}, {@code HOLD text}, {@code 451 4.7.1 text}). */
    @Override
    public String decide(PolicyRequest r) {
        if (!"smtpd_access_policy".equals(r.request())) {
            return DUNNO;
        }
        String login = r.saslUsername();
        if (login.isEmpty()) {
            return DUNNO;
        }
        Account account = parsed.get(login);
        if (account == null) {
            try {
                account = Account.parse(login);
            } catch (InvalidAccountException e) {
                return DUNNO;
            }
            if (parsed.size() >= PARSED_LOGINS) {
                parsed.clear();
            }
            parsed.put(login, account);
        }
        AccountStates.Entry entry = states.forRequest(account);
        String state = r.protocolState();
        boolean rcpt = "RCPT".equals(state);
        boolean eom = "END-OF-MESSAGE".equals(state);
        if (!rcpt && !eom) {
            return action(entry);
        }
        String instance = r.instance();
        Transactions.Tx tx = transactions.of(instance, account);
        try {
            synchronized (tx) {
                return decideCounted(r, entry, tx, account, rcpt);
            }
        } finally {
            if (eom) {
                transactions.ended(instance);
            }
        }
    }

    /** A RCPT or END-OF-MESSAGE request, within its transaction (held for the request). */
    private String decideCounted(PolicyRequest r, AccountStates.Entry entry, Transactions.Tx tx, Account account, boolean rcpt) {
        RelayState relay = entry == null ? RelayState.ACTIVE : entry.state();
        String action = action(entry);
        if (relay == RelayState.SUSPENDED) {
            return refused(r, tx, account, action);
        }
        if (tx.overLimit) {
            return OVER_LIMIT;
        }
        Limit limit = limits == null || relay == RelayState.HELD ? null : limits.limitOf(account);
        boolean watched = relay == RelayState.HELD || relay == RelayState.PROBATION;
        SharedCounts.Counted counted = null;
        if (risk != null && relay != RelayState.HELD && !(limit != null && limit.messages() == Long.MAX_VALUE)) {
            RiskCore.Decision risky;
            RiskCore.Pending pending = shared != null && shared.risk() != null && shared.available()
                    && r.get("recipient_domains").isEmpty() ? prepareRisk(r, tx, account, rcpt) : null;
            if (pending != null) {
                // with the cluster's Redis: the risk's observation goes with the request's count, one round trip
                if (pending.observation() != null) {
                    counted = shared.count(account, r.instance(), rcpt, r.recipient(), r.recipientCount(), r.clientAddress(), limit,
                            watched, pending.observation());
                }
                risky = risk.conclude(pending, counted == null ? null : counted.risk());
            } else {
                risky = riskOf(r, tx, account, rcpt);
            }
            if (risky != null && risky.level() == RiskLevel.SUSPEND) {
                if (counted != null) {
                    shared.uncount(account, r.instance(), counted);
                }
                return refused(r, tx, account,
                        refusal.get().reply() + " " + AccountStates.Entry.safeText("relaying suspended: " + risky.reasons()));
            }
            if (risky != null) {
                action = holdAction(risky.reasons());
            }
        }
        if (shared == null) {
            return count(r, tx, account, rcpt, action, limit);
        }
        if (counted != null) {
            return applyShared(r, tx, account, rcpt, action, limit, counted);
        }
        if (shared.available()) {
            String answer = countShared(r, tx, account, rcpt, action, limit, watched);
            if (answer != null) {
                return answer;
            }
        }
        // Redis away: counted on this node, merged into the shared counts when it is back
        boolean seen = tx.seen;
        int recipients = tx.recipients;
        String answer = count(r, tx, account, rcpt, action, limit);
        shared.countedLocally(account, r.instance(), !seen && tx.message != null ? 1 : 0, tx.recipients - recipients,
                tx.recipients, tx.overLimit, watched);
        return answer;
    }

    /** Counts the request on this node alone (no cluster, or Redis away). */
    private String count(PolicyRequest r, Transactions.Tx tx, Account account, boolean rcpt, String action, Limit limit) {
        if (!tx.seen) {
            if (limit != null && counters.messagesInLimitWindow(account) + 1 > limit.messages()) {
                return refuseOverLimit(r, tx, account, "messages", limit.messages(), limit);
            }
            tx.seen = true;
            tx.message = counters.message(account, r.clientAddress(), line(r, account, action));
        }
        int more = rcpt ? (tx.newRecipient(r.recipient()) ? 1 : 0) : Math.max(0, r.recipientCount() - tx.recipients);
        if (more > 0) {
            if (limit != null && counters.recipientsInLimitWindow(account) + more > limit.recipients()) {
                if (!rcpt) {
                    tx.overLimit = true;
                }
                alert(account, "recipients", limit.recipients(), limit);
                return OVER_LIMIT;
            }
            tx.recipients += more;
            counters.recipients(account, more, r.clientAddress(), tx.message);
        }
        if (!rcpt && !r.queueId().isEmpty()) {
            counters.queued(r.queueId(), account);
        }
        return action;
    }

    /**
     * Counts the request in the cluster's shared counts (one round trip): the limit holds across nodes, and a
     * transaction whose requests went to several nodes counts once. This node's counters hear what it counted
     * (evidence lines, hourly history, its own windows). Null when Redis went away meanwhile.
     */
    private String countShared(PolicyRequest r, Transactions.Tx tx, Account account, boolean rcpt, String action, Limit limit,
                               boolean watched) {
        SharedCounts.Counted c = shared.count(account, r.instance(), rcpt, r.recipient(), r.recipientCount(), r.clientAddress(),
                limit, watched, null);
        return c == null ? null : applyShared(r, tx, account, rcpt, action, limit, c);
    }

    /** What the cluster counted for the request, heard by this node's counters; the answer. */
    private String applyShared(PolicyRequest r, Transactions.Tx tx, Account account, boolean rcpt, String action, Limit limit,
                               SharedCounts.Counted c) {
        switch (c.outcome()) {
            case OVER_LIMIT_EARLIER -> {
                tx.seen = true;
                tx.overLimit = true;
                return OVER_LIMIT;
            }
            case OVER_MESSAGE_LIMIT -> {
                return refuseOverLimit(r, tx, account, "messages", limit.messages(), limit);
            }
            case OVER_RECIPIENT_LIMIT -> {
                tx.seen = true;
                if (c.newMessage()) {
                    tx.message = counters.message(account, r.clientAddress(), line(r, account, action));
                }
                if (!rcpt) {
                    tx.overLimit = true;
                }
                alert(account, "recipients", limit.recipients(), limit);
                return OVER_LIMIT;
            }
            case COUNTED -> {
                // counted below
            }
        }
        tx.seen = true;
        if (c.newMessage()) {
            tx.message = counters.message(account, r.clientAddress(), line(r, account, action));
        }
        if (c.moreRecipients() > 0) {
            tx.recipients += c.moreRecipients();
            counters.recipients(account, c.moreRecipients(), r.clientAddress(), tx.message);
        }
        if (!rcpt && !r.queueId().isEmpty()) {
            counters.queued(r.queueId(), account);
        }
        return action;
    }

    /** A request refused as the account's suspension (by its relay state or the risk): kept as an evidence line. */
    private String refused(PolicyRequest r, Transactions.Tx tx, Account account, String action) {
        // every refused request: the recorder makes one attempt of a transaction's requests (by instance)
        refusedAttempts.record(account, clock.instant(), r.instance(), r.clientAddress(), r.sender(), r.recipient(),
                size(r.get("size")));
        if (!tx.seen) {
            tx.seen = true;
            counters.refused(account, r.clientAddress(), line(r, account, action));
        }
        return action;
    }

    /** The risk's part of a request with one recipient (or none), before its windows are counted. */
    private RiskCore.Pending prepareRisk(PolicyRequest r, Transactions.Tx tx, Account account, boolean rcpt) {
        String recipient = r.recipient();
        if (!recipient.isEmpty() && !tx.newRiskDomain(recipient)) {
            recipient = "";
        }
        return risk.prepare(account, r.instance(), !tx.seen, r.sender(), r.clientAddress(), recipient,
                tx.riskDomains == null ? 0 : tx.riskDomains.size(), rcpt ? 0 : r.recipientCount());
    }

    /**
     * What the risk answers for this request: the recipient (RCPT, or END-OF-MESSAGE of a message with one), or
     * each domain of {@code recipient_domains} (qmail's front asks once per message and names them all); each
     * domain once per transaction.
     */
    private RiskCore.Decision riskOf(PolicyRequest r, Transactions.Tx tx, Account account, boolean rcpt) {
        boolean first = !tx.seen;
        int count = rcpt ? 0 : r.recipientCount();
        String domains = r.get("recipient_domains");
        if (domains.isEmpty()) {
            RiskCore.Pending p = prepareRisk(r, tx, account, rcpt);
            return p == null ? null : risk.conclude(p, null);
        }
        RiskCore.Decision decision = null;
        int i = 0;
        for (String d : domains.split(",", 200)) {
            if (d.isEmpty() || d.indexOf('@') >= 0 || !tx.newRiskDomain("@" + d)) {
                continue;
            }
            decision = risk.onRequest(account, first && i == 0, r.sender(), r.clientAddress(), "@" + d, tx.riskDomains.size(), 0);
            i++;
        }
        if (i == 0 || count > 0) {
            RiskCore.Decision last = risk.onRequest(account, first && i == 0, r.sender(), r.clientAddress(), "", 0, count);
            decision = last != null ? last : decision;
        }
        return decision;
    }

    private String refuseOverLimit(PolicyRequest r, Transactions.Tx tx, Account account, String what, long max, Limit limit) {
        tx.seen = true;
        tx.overLimit = true;
        counters.limited(account, r.clientAddress(), line(r, account, OVER_LIMIT));
        alert(account, what, max, limit);
        return OVER_LIMIT;
    }

    private void alert(Account account, String what, long max, Limit limit) {
        long now = clock.millis();
        Long last = lastAlert.get(account);
        if (last != null && now - last < ALERT_EVERY_MILLIS) {
            return;
        }
        lastAlert.put(account, now);
        if (lastAlert.size() > 100_000) {
            lastAlert.entrySet().removeIf(e -> now - e.getValue() >= ALERT_EVERY_MILLIS);
        }
        String window = limits.settings().window().toMinutes() + " minutes";
        overLimit.overLimit(account, "over its sending limit: more than " + max + " " + what + " in " + window
                + " (" + limit.basis() + " limit); refused on the request path");
    }

    /**
     * The HOLD answer naming the risk's reasons, made once per hold: every later message of a held account is
     * answered with the same reasons (the same String), and the text's check is a regular expression.
     */
    private String holdAction(String reasons) {
        String action = holdActions.get(reasons);
        if (action == null) {
            action = "HOLD " + AccountStates.Entry.safeText("held for review: " + reasons);
            if (holdActions.size() >= HOLD_ACTIONS) {
                holdActions.clear();
            }
            holdActions.put(reasons, action);
        }
        return action;
    }

    private String action(AccountStates.Entry entry) {
        return entry == null ? DUNNO : DurableAnswers.action(entry, refusal.get());
    }

    /** The evidence line of a request, rendered only when the evidence is read. */
    private static TrafficCounters.LineText line(PolicyRequest r, Account account, String action) {
        String state = r.protocolState(), client = r.clientAddress(), sender = r.sender(), recipient = r.recipient();
        return at -> DateTimeFormatter.ISO_INSTANT.format(at) + " policy: " + state + " from [" + safe(client)
                + "] sasl_username=" + account + " sender=<" + safe(sender) + "> first recipient=<" + safe(recipient)
                + "> action=" + action;
    }

    private static long size(String size) {
        try {
            return Math.max(0, Long.parseLong(size));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Printable ASCII without spaces, at most 254 characters: a client's value in an evidence line. */
    static String safe(String s) {
        int n = Math.min(s.length(), 254);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x21 && c <= 0x7e ? c : '?');
        }
        return sb.toString();
    }
}
