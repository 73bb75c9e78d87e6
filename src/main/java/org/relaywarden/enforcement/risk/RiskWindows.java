package org.relaywarden.enforcement.risk;

import org.relaywarden.account.Account;

import java.util.List;

/**
 * The request path's short memory of each account's mail, in sliding windows: what the risk's signals
 * count. One call per policy request, answered without waiting on anything but the windows themselves
 * ({@link InMemoryRiskWindows} on one node; {@link SharedRiskWindows} in the cluster's Redis, shared by every node).
 * "New" means not in the account's profile and not seen by these windows before.
 */
public interface RiskWindows {

    /** How many of one message's recipient domains count in the 10-s window. */
    int BURST_DOMAINS_PER_MESSAGE = 3;

    /**
     * What one request adds.
     *
     * @param messages          1 for a transaction's first request, else 0
     * @param foreignSender     the sender domain (or address, for a null domain) when the sender is not the account's; null otherwise
     * @param unknownDomains    recipient domains of this request that are not in the account's profile
     * @param unknownNetwork    the client network when it is not in the profile; null otherwise
     * @param adoptFirstNetwork the profile knows no network (a new account): the first one seen is its own, not new
     * @param inBurstWindow     the unknown domains count in the 10-s window too (a message's first
     *                          {@link #BURST_DOMAINS_PER_MESSAGE} domains: one message with many recipients is no burst)
     * @param transaction       the relay's transaction ({@code instance}; "" if none): shared windows count its message,
     *                          sender and network once, however many nodes see its first request
     */
    record Observation(int messages, String foreignSender, List<String> unknownDomains, String unknownNetwork,
                       boolean adoptFirstNetwork, boolean inBurstWindow, String transaction) {

        public Observation(int messages, String foreignSender, List<String> unknownDomains, String unknownNetwork,
                           boolean adoptFirstNetwork, boolean inBurstWindow) {
            this(messages, foreignSender, unknownDomains, unknownNetwork, adoptFirstNetwork, inBurstWindow, "");
        }
    }

    /**
     * The account's counts right after the observation.
     *
     * @param messagesMinute    messages in the last 60 s
     * @param minuteSpanMillis  from the first of those to now
     * @param messagesHour      messages in the last hour
     * @param messages10m       messages in the last 10 minutes
     * @param foreign10m        of those, with a sender that is not the account's
     * @param foreignNames      distinct foreign sender domains in the last 10 minutes (at most a few named)
     * @param foreignDistinct   how many distinct foreign sender domains in the last 10 minutes
     * @param newDomains10s     recipient domains first seen in the last 10 s
     * @param newDomainsMinute  ... in the last minute
     * @param newDomainsHour    ... in the last hour
     * @param newDomainNames    the latest few of them
     * @param newNetworksHour   client networks first seen in the last hour
     * @param newNetworkNames   the latest few of them
     * @param answered10m       recipients of the account's mail the receiving servers answered in the last 10 minutes
     *                          (accepted, deferred or refused; from the relays' logs, {@link #answered})
     * @param deferred10m       of those, deferred (4xx)
     * @param refused10m        of those, refused (5xx)
     */
    record Counts(long messagesMinute, long minuteSpanMillis, long messagesHour, long messages10m, long foreign10m,
                  List<String> foreignNames, long foreignDistinct, long newDomains10s, long newDomainsMinute,
                  long newDomainsHour, List<String> newDomainNames, long newNetworksHour, List<String> newNetworkNames,
                  long answered10m, long deferred10m, long refused10m) {

        /** Counts without the receiving servers' answers (an implementation that does not keep them). */
        public Counts(long messagesMinute, long minuteSpanMillis, long messagesHour, long messages10m, long foreign10m,
                      List<String> foreignNames, long foreignDistinct, long newDomains10s, long newDomainsMinute,
                      long newDomainsHour, List<String> newDomainNames, long newNetworksHour, List<String> newNetworkNames) {
            this(messagesMinute, minuteSpanMillis, messagesHour, messages10m, foreign10m, foreignNames, foreignDistinct,
                    newDomains10s, newDomainsMinute, newDomainsHour, newDomainNames, newNetworksHour, newNetworkNames, 0, 0, 0);
        }
    }

    Counts observe(Account account, long nowMillis, Observation observation);

    /**
     * What the receiving servers answered for the account's recipients (read from a relay's log, off the request
     * path), counted into the account's 10-minute window; the next {@link #observe} returns it. An implementation
     * that does not keep these answers leaves this as it is (the refusal signal is then silent).
     */
    default void answered(Account account, long nowMillis, int accepted, int deferred, int refused) {
    }

    /** Forgets the account's windows (its mail was reviewed, or its relay state changed). */
    void forget(Account account);

    /** Drops accounts idle for longer than the longest window (called off the request path). */
    void sweep(long nowMillis);
}
