package org.relaywarden.enforcement.risk;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code relaywarden.risk.*}: how the policy core weighs what an account's mail looks like against
 * the account's own profile (docs/risk.md explains every value and why it is the default).
 *
 * @param enabled                the risk on the request path (default true)
 * @param holdAt                 the score from which new mail is held (default 1.0: one signal at its threshold)
 * @param suspendAt              the score from which the account is refused and suspended (default 3.0: at least
 *                               two signals far over their thresholds)
 * @param signalCap              the most one signal can add (default 1.5: no single signal reaches {@code suspendAt})
 * @param paceFactor             messages per minute (or hour) this many times the account's normal give the pace
 *                               signal its full weight (default 3)
 * @param paceWeight             the most the pace adds (default 0.5: pace alone never holds; the volume limit is for volume)
 * @param newAccountPerMinute    the per-minute normal of an account without history (default 5)
 * @param newAccountPerHour      the per-hour normal of an account without history (default 250: three times
 *                               it, where the pace weighs fully, is the volume limit's floor of 750)
 * @param foreignSenderMessages  messages with a sender that is not the account's in 10 minutes, all of its mail
 *                               being such, that make the sender signal 1 (default 3)
 * @param newDomainsPer10s       recipient domains never written to before within 10 s that make the signal 1 (default 6)
 * @param newDomainsPerMinute    ... within a minute (default 20)
 * @param newDomainsPerHour      ... within an hour (default 60: the slow drip of a cracked account)
 * @param newNetworksPerHour     client networks (/24, /48) never used before within an hour that make the signal 1 (default 4)
 * @param history                how far back the profile is learned from (default 28 days)
 * @param relearnInterval        how often each node learns the profiles again from the database (default 10 minutes)
 * @param flushInterval          how often each node writes what it observed (default 30 s)
 * @param accounts               per SASL login: overrides of the above and the account's own senders
 * @param learnedNewDomainsFactor an account whose profile learned its new-domain rate: this many times its rate in
 *                               an hour make the hourly new-domain signal 1 (default 3)
 * @param learnedNewDomainsFloor ... but never fewer than this many (default 12: a person finding a dozen new
 *                               contacts in an hour is not held)
 * @param learnNewDomainsAfter   how long an account's history must be before its new-domain rate is learned (default
 *                               7 days; its first day is never counted: every contact of a new account is new then)
 * @param newDomainShare         the share of the last hour's messages bringing a new recipient domain from which the
 *                               hourly new-domain count weighs fully (default 0.5); below it the hourly signal shrinks
 *                               in proportion
 * @param refusedRecipients      recipients refused by the receiving servers within 10 minutes (all of its
 *                               recipients being refused) that make the refusal signal 1 (default 10)
 * @param refusedShare           the share of refused recipients from which that count weighs fully (default 0.5);
 *                               below it the signal shrinks in proportion
 * @param deferredWeight         what a recipient deferred (4xx) by the receiving server counts against one refused
 *                               (5xx) (default 0.5: greylisting defers legitimate first contacts)
 */
@ConfigurationProperties("relaywarden.risk")
public record RiskSettings(Boolean enabled, Double holdAt, Double suspendAt, Double signalCap, Double paceFactor,
                           Double paceWeight, Double newAccountPerMinute, Double newAccountPerHour,
                           Double foreignSenderMessages, Double newDomainsPer10s, Double newDomainsPerMinute,
                           Double newDomainsPerHour, Double newNetworksPerHour, Duration history,
                           Duration relearnInterval, Duration flushInterval, Map<String, AccountRisk> accounts,
                           Double learnedNewDomainsFactor, Double learnedNewDomainsFloor, Duration learnNewDomainsAfter,
                           Double newDomainShare, Double refusedRecipients, Double refusedShare, Double deferredWeight) {

    @ConstructorBinding
    public RiskSettings {
        enabled = enabled == null || enabled;
        holdAt = orDefault(holdAt, 1.0);
        suspendAt = orDefault(suspendAt, 3.0);
        signalCap = orDefault(signalCap, 1.5);
        paceFactor = orDefault(paceFactor, 3.0);
        paceWeight = orDefault(paceWeight, 0.5);
        newAccountPerMinute = orDefault(newAccountPerMinute, 5.0);
        newAccountPerHour = orDefault(newAccountPerHour, 250.0);
        foreignSenderMessages = orDefault(foreignSenderMessages, 3.0);
        newDomainsPer10s = orDefault(newDomainsPer10s, 6.0);
        newDomainsPerMinute = orDefault(newDomainsPerMinute, 20.0);
        newDomainsPerHour = orDefault(newDomainsPerHour, 60.0);
        newNetworksPerHour = orDefault(newNetworksPerHour, 4.0);
        history = history == null ? Duration.ofDays(28) : history;
        relearnInterval = relearnInterval == null ? Duration.ofMinutes(10) : relearnInterval;
        flushInterval = flushInterval == null ? Duration.ofSeconds(30) : flushInterval;
        accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
        learnedNewDomainsFactor = orDefault(learnedNewDomainsFactor, 3.0);
        learnedNewDomainsFloor = orDefault(learnedNewDomainsFloor, 12.0);
        learnNewDomainsAfter = learnNewDomainsAfter == null ? Duration.ofDays(7) : learnNewDomainsAfter;
        newDomainShare = orDefault(newDomainShare, 0.5);
        refusedRecipients = orDefault(refusedRecipients, 10.0);
        refusedShare = orDefault(refusedShare, 0.5);
        deferredWeight = orDefault(deferredWeight, 0.5);
        if (!(refusedShare > 0 && refusedShare <= 1) || !(newDomainShare > 0 && newDomainShare <= 1) || deferredWeight < 0 || deferredWeight > 1) {
            throw new IllegalArgumentException("relaywarden.risk: refused-share and new-domain-share must be above 0 and at "
                    + "most 1, deferred-weight between 0 and 1");
        }
        if (holdAt <= 0 || suspendAt < holdAt) {
            throw new IllegalArgumentException("relaywarden.risk: hold-at must be above 0 and suspend-at at least hold-at");
        }
        if (paceFactor <= 1 || paceWeight < 0 || signalCap <= 0) {
            throw new IllegalArgumentException("relaywarden.risk: pace-factor must be above 1, pace-weight at least 0, "
                    + "signal-cap above 0");
        }
        for (double v : new double[]{newAccountPerMinute, newAccountPerHour, foreignSenderMessages, newDomainsPer10s,
                newDomainsPerMinute, newDomainsPerHour, newNetworksPerHour, learnedNewDomainsFactor, learnedNewDomainsFloor,
                refusedRecipients}) {
            if (!(v > 0)) {
                throw new IllegalArgumentException("relaywarden.risk: the normals and thresholds must be above 0");
            }
        }
    }

    /**
     * One account's own values (all optional): {@code enabled: false} takes it out of the risk; the sender
     * addresses and domains it may use besides its login's domain (a customer sending as {@code info@shop.test}
     * with a login at the provider's domain); any threshold.
     */
    public record AccountRisk(Boolean enabled, List<String> senderDomains, List<String> senderAddresses, Double holdAt,
                              Double suspendAt, Double perMinute, Double newDomainsPer10s, Double newDomainsPerMinute,
                              Double newDomainsPerHour, Double newNetworksPerHour) {
        public AccountRisk {
            senderDomains = senderDomains == null ? List.of() : List.copyOf(senderDomains);
            senderAddresses = senderAddresses == null ? List.of() : List.copyOf(senderAddresses);
        }
    }

    /** The settings without the learned new-domain rate's and the refusal signal's values (their defaults apply). */
    public RiskSettings(Boolean enabled, Double holdAt, Double suspendAt, Double signalCap, Double paceFactor,
                        Double paceWeight, Double newAccountPerMinute, Double newAccountPerHour,
                        Double foreignSenderMessages, Double newDomainsPer10s, Double newDomainsPerMinute,
                        Double newDomainsPerHour, Double newNetworksPerHour, Duration history,
                        Duration relearnInterval, Duration flushInterval, Map<String, AccountRisk> accounts) {
        this(enabled, holdAt, suspendAt, signalCap, paceFactor, paceWeight, newAccountPerMinute, newAccountPerHour,
                foreignSenderMessages, newDomainsPer10s, newDomainsPerMinute, newDomainsPerHour, newNetworksPerHour, history,
                relearnInterval, flushInterval, accounts, null, null, null, null, null, null, null);
    }

    public static RiskSettings defaults() {
        return new RiskSettings(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    /** The thresholds that apply to one login (its overrides over the provider's values). */
    public Thresholds thresholdsOf(String login) {
        AccountRisk a = accounts.get(login);
        if (a == null) {
            return new Thresholds(true, holdAt, suspendAt, null, newDomainsPer10s, newDomainsPerMinute, newDomainsPerHour,
                    newNetworksPerHour, false);
        }
        return new Thresholds(a.enabled() == null || a.enabled(), orDefault(a.holdAt(), holdAt),
                Math.max(orDefault(a.suspendAt(), suspendAt), orDefault(a.holdAt(), holdAt)), a.perMinute(),
                orDefault(a.newDomainsPer10s(), newDomainsPer10s), orDefault(a.newDomainsPerMinute(), newDomainsPerMinute),
                orDefault(a.newDomainsPerHour(), newDomainsPerHour), orDefault(a.newNetworksPerHour(), newNetworksPerHour),
                a.newDomainsPerHour() != null);
    }

    /**
     * @param perMinute            a configured per-minute normal (null: learned, or the new-account one)
     * @param ownNewDomainsPerHour the account's hourly new-domain threshold is configured for it (the learned rate
     *                             does not replace it)
     */
    public record Thresholds(boolean enabled, double holdAt, double suspendAt, Double perMinute, double newDomainsPer10s,
                             double newDomainsPerMinute, double newDomainsPerHour, double newNetworksPerHour,
                             boolean ownNewDomainsPerHour) {

        /**
         * The hourly new-domain threshold for an account with this profile: where the profile learned how many new
         * recipient domains an hour the account adds, {@code factor} times that (at least {@code floor}), if lower
         * than the provider's; else the provider's (or the account's configured) one.
         */
        public double newDomainsPerHour(RiskSettings s, AccountProfile p) {
            if (ownNewDomainsPerHour || !p.learnedNewDomains()) {
                return newDomainsPerHour;
            }
            return Math.min(newDomainsPerHour, Math.max(s.learnedNewDomainsFloor(),
                    s.learnedNewDomainsFactor() * p.newDomainsPerHour()));
        }
    }

    private static double orDefault(Double v, double d) {
        return v == null ? d : v;
    }
}
