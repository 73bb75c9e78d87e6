package org.relaywarden.enforcement;

import org.relaywarden.account.Account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Outbound port: what the policy core itself saw of the mail it was asked about, for an adapter whose
 * relay log cannot say (no log configured, or none readable) or whose queue does not name the login.
 */
public interface PolicyJournal {

    /** The account whose END-OF-MESSAGE request carried this queue id, if the policy service saw it. */
    Optional<Account> accountOfQueueId(String queueId);

    /** The policy service's own lines about the account's mail transactions since {@code since}, oldest first. */
    List<MailLog.LogLine> policyLines(Account account, Instant since, int limit);
}
