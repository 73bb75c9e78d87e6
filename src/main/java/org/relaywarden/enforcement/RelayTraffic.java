package org.relaywarden.enforcement;

import org.relaywarden.account.Account;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Outbound port: what an account submitted to the relays since a moment: mail accepted or held.
 * Attempts refused because the account is suspended are no submissions: a terminated customer's
 * spammer retrying for days must not raise new alerts, nor a suspended account's retries count
 * as a burst once its staged re-enable begins.
 */
public interface RelayTraffic {

    Submissions submissionsSince(Account account, Instant since);

    /** Every account that submitted anything since the moment, with what it submitted (for the rate detector). */
    Map<Account, Activity> activitySince(Instant since);

    /**
     * How many of the account's attempts since the moment were refused because it was suspended (kept
     * as evidence, no submissions); empty where the adapter does not count them.
     */
    default OptionalLong refusedSince(Account account, Instant since) {
        return OptionalLong.empty();
    }

    /** Messages, recipients and distinct client addresses of one account in a window. */
    record Activity(long messages, long recipients, long distinctClients) {
    }

    /** How many submissions, and when the first and the last arrived (null if none). */
    record Submissions(long count, Instant first, Instant last) {
        public static Submissions none() {
            return new Submissions(0, null, null);
        }
    }
}
