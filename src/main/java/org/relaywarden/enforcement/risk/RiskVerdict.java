package org.relaywarden.enforcement.risk;

import org.relaywarden.account.Account;

import java.time.Instant;
import java.util.List;

/**
 * What the policy core concluded about one account's mail at one moment.
 *
 * @param score   the combined risk (documented in docs/risk.md): below the hold line nothing happens
 * @param reasons named, human-readable reasons, e.g. "412 messages in 40 s (normal: 3 a minute)";
 *                they go into the case's evidence, the first letter and the review form
 */
public record RiskVerdict(Account account, RiskLevel level, double score, List<String> reasons, Instant at) {

    public RiskVerdict {
        reasons = List.copyOf(reasons);
    }
}
