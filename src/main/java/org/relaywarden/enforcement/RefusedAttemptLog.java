package org.relaywarden.enforcement;

import org.relaywarden.account.Account;

import java.time.Instant;
import java.util.List;

/**
 * Outbound port: the attempts the relays refused because the account was suspended, which is
 * what a customer's server does with the mail still in its queue (a 451 makes it retry, with
 * backoff, for days). A retried message has the same sender and the same recipients, so the
 * attempts also estimate how many distinct messages the customer's server still holds.
 * An adapter that cannot see refused attempts says so ({@link #observable()} false): its
 * silence is "not observable", never "no retries".
 */
public interface RefusedAttemptLog {

    /** Whether a mail-server adapter feeds refused attempts here at all. */
    boolean observable();

    /** The account's refused attempts since a moment, with the last {@code latest} of them (newest first). */
    Summary since(Account account, Instant since, int latest);

    /** One refused mail transaction: when it began, from where, for whom. */
    record Attempt(Instant at, String client, String sender, List<String> recipients, int recipientCount, long size) {
    }

    /**
     * @param attempts         refused transactions
     * @param distinctMessages distinct (sender, set of recipients): the estimated messages behind them
     * @param first            the first attempt's time, null if none
     * @param last             the last attempt's time, null if none
     * @param latest           the newest attempts, newest first
     */
    record Summary(boolean observable, long attempts, long distinctMessages, Instant first, Instant last,
                   List<Attempt> latest) {
        public static Summary notObservable() {
            return new Summary(false, 0, 0, null, null, List.of());
        }
    }
}
