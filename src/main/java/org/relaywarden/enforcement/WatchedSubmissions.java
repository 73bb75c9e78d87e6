package org.relaywarden.enforcement;

import org.relaywarden.account.Account;

import java.time.Instant;

/**
 * Outbound port: the submissions of accounts under watch (held in a staged re-enable, or on
 * probation) as every node of a cluster counts them, at once (the cluster's shared store). The burst
 * watch reads it on every node; where it cannot answer it reads {@link RelayTraffic}.
 */
public interface WatchedSubmissions {

    /** What the account submitted since the moment while under watch; null when the shared store is away. */
    RelayTraffic.Submissions since(Account account, Instant since);
}
