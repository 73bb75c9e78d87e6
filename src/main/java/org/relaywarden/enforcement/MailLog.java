package org.relaywarden.enforcement;

import org.relaywarden.account.Account;

import java.time.Instant;
import java.util.List;

/** Outbound port: the relays' log lines about one account's submissions, as evidence for the case. */
public interface MailLog {

    /** Up to {@code limit} submission log lines of the account since {@code since}, oldest first. */
    List<LogLine> excerpts(Account account, Instant since, int limit);

    record LogLine(Instant time, String relay, String clientAddress, int recipientCount, String text) {
    }
}
