package org.relaywarden.enforcement.risk;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.RelayState;

import org.relaywarden.cluster.Periodic;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The policy core's risk: per request, what it adds to the account's windows ({@link RiskWindows}),
 * weighed against the account's profile ({@link AccountProfiles}) into one score ({@link RiskScore}),
 * and the graded answer. From the first {@link RiskLevel#HOLD} on, this and every further message of the
 * account is held (a core-side hold) until the account's relay state is next changed through
 * RelayControl ({@link #relayStateChanged}) or a reviewer says the mail was the customer's own
 * ({@link #legitimate}); {@link RiskLevel#SUSPEND} refuses it likewise. The {@link RiskListener} is told
 * once per rise. Everything here is memory: nothing waits on the database or the engine.
 */
public class RiskCore implements RiskFeedback, AutoCloseable {

    /** Hears every verdict the core reaches (the metrics), with each signal's share. */
    public interface Observer {
        Observer NONE = (verdict, signals) -> { };

        void verdict(RiskVerdict verdict, Map<String, Double> signals);
    }

    /** What the core answers for an account under its own hold or refusal: the level and the reasons' summary. */
    public record Decision(RiskLevel level, String reasons) {
    }

    /** The core's own hold or refusal of an account, since when. */
    public record Hold(RiskLevel level, String reasons, Instant since) {
    }

    private final RiskSettings settings;
    private final AccountProfiles profiles;
    private final RiskWindows windows;
    private final RiskListener listener;
    private final Observer observer;
    private final Clock clock;
    private final Map<Account, Hold> holds = new ConcurrentHashMap<>();
    private Periodic sweeper;

    public RiskCore(RiskSettings settings, AccountProfiles profiles, RiskWindows windows, RiskListener listener,
                    Observer observer, Clock clock) {
        this.settings = settings;
        this.profiles = profiles;
        this.windows = windows;
        this.listener = listener;
        this.observer = observer;
        this.clock = clock;
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /**
     * One policy request of an account whose relay state lets mail through: {@link #prepare} and {@link #conclude}
     * with this core's own windows.
     *
     * @param newMessage the transaction's first request (its sender and client are observed with it)
     * @param recipient  a recipient whose domain was not observed before in this transaction ("" if none)
     * @param domainIndex how many recipient domains of this transaction were observed, this one included
     * @param recipients the message's recipients at its end (0 before END-OF-MESSAGE)
     * @return null to go on; else the core's hold or refusal
     */
    public Decision onRequest(Account account, boolean newMessage, String sender, String client, String recipient,
                              int domainIndex, int recipients) {
        Pending p = prepare(account, "", newMessage, sender, client, recipient, domainIndex, recipients);
        return p == null ? null : conclude(p, null);
    }

    /**
     * What one request will add to the account's windows, weighed against its profile (memory only); null when the
     * risk does not weigh the account. {@link Pending#observation()} is null when nothing need be observed (a request
     * without a new recipient domain, or an account this core refuses already): {@link #conclude} then answers at once.
     *
     * @param transaction the relay's {@code instance} ("" if none): shared windows count its message once
     */
    public Pending prepare(Account account, String transaction, boolean newMessage, String sender, String client,
                           String recipient, int domainIndex, int recipients) {
        RiskSettings.Thresholds t = settings.thresholdsOf(account.login());
        if (!settings.enabled() || !t.enabled()) {
            return null;
        }
        Hold hold = holds.get(account);
        String domain = recipient.isEmpty() ? "" : AccountProfile.domainOf(recipient);
        long now = clock.millis();
        String network = newMessage ? AccountProfile.networkOf(client) : "";
        if ((!newMessage && domain.isEmpty()) || (hold != null && hold.level() == RiskLevel.SUSPEND)) {
            // nothing to weigh, or nothing can rise further: no window is touched
            return new Pending(account, t, hold, null, now, newMessage, sender, network, domain, recipients, null);
        }
        AccountProfile p = profiles.profileOf(account);
        String foreign = null;
        if (newMessage && !p.ownSender(sender)) {
            String d = AccountProfile.domainOf(sender);
            foreign = d.isEmpty() ? sender : d;
        }
        List<String> unknown = domain.isEmpty() || p.recipientDomains().contains(domain) ? List.of() : List.of(domain);
        String unknownNetwork = network.isEmpty() || p.networks().contains(network) ? null : network;
        return new Pending(account, t, hold, p, now, newMessage, sender, network, domain, recipients,
                new RiskWindows.Observation(newMessage ? 1 : 0, foreign, unknown, unknownNetwork, p.networks().isEmpty(),
                        domainIndex <= RiskWindows.BURST_DOMAINS_PER_MESSAGE, transaction));
    }

    /** A request {@link #prepare}d: what it adds to the windows ({@code observation}, null: nothing). */
    public record Pending(Account account, RiskSettings.Thresholds thresholds, Hold hold, AccountProfile profile, long now,
                          boolean newMessage, String sender, String network, String domain, int recipients,
                          RiskWindows.Observation observation) {
    }

    /**
     * The answer to a {@link #prepare}d request.
     *
     * @param counts the account's counts right after the observation, when the caller had them counted already (the
     *               cluster's one script per request); null: this core's windows count it now
     * @return null to go on; else the core's hold or refusal
     */
    public Decision conclude(Pending q, RiskWindows.Counts counts) {
        Account account = q.account();
        Hold hold = q.hold();
        if (q.observation() == null) {
            if (q.newMessage() || !q.domain().isEmpty() || q.recipients() > 0) {
                profiles.observe(account, q.now(), q.newMessage() ? 1 : 0, q.sender(), q.network(), q.domain(), q.recipients(),
                        hold != null);
            }
            return decision(hold);
        }
        long now = q.now();
        RiskWindows.Counts c = counts != null ? counts : windows.observe(account, now, q.observation());
        RiskScore.Assessment a = RiskScore.assess(settings, q.thresholds(), q.profile(), c);
        Hold after = hold;
        if (a.level() != RiskLevel.NONE && (hold == null || a.level().compareTo(hold.level()) > 0)) {
            List<String> reasons = a.reasons().get();
            Hold raised = new Hold(a.level(), String.join("; ", reasons), Instant.ofEpochMilli(now));
            Hold[] previous = new Hold[1];
            after = holds.compute(account, (k, cur) -> {
                previous[0] = cur;
                return cur == null || raised.level().compareTo(cur.level()) > 0 ? raised : cur;
            });
            if (after == raised && (previous[0] == null || previous[0].level() != raised.level())) {
                RiskVerdict v = new RiskVerdict(account, raised.level(), a.score(), reasons, raised.since());
                observer.verdict(v, a.signals());
                listener.risky(v);
            }
        }
        profiles.observe(account, now, q.newMessage() ? 1 : 0, q.sender(), q.network(), q.domain(), q.recipients(), after != null);
        return decision(after);
    }

    private static Decision decision(Hold hold) {
        return hold == null ? null : new Decision(hold.level(), hold.reasons());
    }

    /** The core's own hold or refusal of the account, if any (what the next request will be answered). */
    public RiskLevel levelOf(Account account) {
        Hold h = holds.get(account);
        return h == null ? RiskLevel.NONE : h.level();
    }

    /** Since when the core holds or refuses the account's mail (null: it does not). */
    public Instant heldSince(Account account) {
        Hold h = holds.get(account);
        return h == null ? null : h.since();
    }

    /** Accounts under the core's own hold or refusal. */
    public int heldAccounts() {
        return holds.size();
    }

    /**
     * The account's relay state was changed through RelayControl (on this node or, in a cluster, another):
     * the decision is a person's or the process's now. The core's hold lifts and its windows start afresh. What
     * was held stays aside for a reviewer's {@link #legitimate} (the process may hold the account through
     * RelayControl while the case is reviewed), unless the account is suspended: then it is not learned.
     */
    public void relayStateChanged(Account account, RelayState state) {
        if (holds.remove(account) != null) {
            windows.forget(account);
        }
        if (state == RelayState.SUSPENDED) {
            profiles.dropHeld(account);
        }
    }

    /** A reviewer released the held mail as the customer's own: the profile learns it, the hold lifts. */
    @Override
    public void legitimate(Account account, Instant heldSince) {
        profiles.learnHeld(account);
        holds.remove(account);
        windows.forget(account);
    }

    /**
     * What the receiving servers answered for the account's recipients (from a relay's log, off the request path):
     * counted now in its windows; the refusal signal weighs it at the account's next request.
     */
    public void answered(ReceiverAnswers.Answers answers) {
        if (settings.enabled() && answers.accepted() + answers.deferred() + answers.refused() > 0) {
            windows.answered(answers.account(), clock.millis(), answers.accepted(), answers.deferred(), answers.refused());
        }
    }

    /** Off the request path: forgets idle accounts' windows. */
    public void sweep() {
        windows.sweep(clock.millis());
    }

    /** Sweeps every minute on a thread of its own. */
    public void start() {
        sweeper = Periodic.start("risk-windows-sweep", Duration.ofMinutes(1), this::sweep);
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.stop();
        }
    }
}
