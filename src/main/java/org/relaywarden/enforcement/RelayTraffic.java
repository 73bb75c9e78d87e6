package org.relaywarden.enforcement;

import org.relaywarden.account.Account;

import java.time.Instant;
import java.util.Map;

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
