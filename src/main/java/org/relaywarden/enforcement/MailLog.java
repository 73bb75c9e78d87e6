package org.relaywarden.enforcement;

import org.relaywarden.account.Account;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Outbound port: the relays' log lines about one account's submissions, as evidence for the case. */
public interface MailLog {

    /** Up to {@code limit} submission log lines of the account since {@code since}, oldest first. */
    List<LogLine> excerpts(Account account, Instant since, int limit);

    /**
     * The SASL login that submitted the message a relay queued as {@code queueId} (the id the relay's own
     * {@code Received:} header carries: Postfix's queue id, Exim's message id, qmail-queue's pid), from the
     * relay's log line nearest to {@code around} (the header's date) within {@link #QUEUE_ID_WINDOW}. Empty
     * where no relay logged such a submission, or it was not authenticated.
     */
    Optional<Submission> loginOfQueueId(String queueId, Instant around);

    /** How far from a Received header's date the relay's log line of the same queue id may be. */
    Duration QUEUE_ID_WINDOW = Duration.ofHours(6);

    /** The submission nearest to {@code around}, if one lies within {@link #QUEUE_ID_WINDOW} of it. */
    static Optional<Submission> nearest(Collection<Submission> found, Instant around) {
        return found.stream()
                .filter(s -> Duration.between(s.time(), around).abs().compareTo(QUEUE_ID_WINDOW) <= 0)
                .min(Comparator.comparing(s -> Duration.between(s.time(), around).abs()));
    }

    record LogLine(Instant time, String relay, String clientAddress, int recipientCount, String text) {
    }

    /** Who submitted a message: the login, the relay that logged it, when, and the line that says so. */
    record Submission(Account account, String relay, Instant time, String text) {
    }
}
