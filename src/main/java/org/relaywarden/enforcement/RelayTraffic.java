package org.relaywarden.enforcement;

import org.relaywarden.account.Account;

import java.time.Instant;

/** Outbound port: what an account submitted to the relays (accepted, held or refused) since a moment. */
public interface RelayTraffic {

    Submissions submissionsSince(Account account, Instant since);

    /** How many submissions, and when the first and the last arrived (null if none). */
    record Submissions(long count, Instant first, Instant last) {
        public static Submissions none() {
            return new Submissions(0, null, null);
        }
    }
}
