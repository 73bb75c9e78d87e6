package org.relaywarden.enforcement;

import org.relaywarden.account.Account;

import java.time.Instant;
import java.util.List;

/**
 * One message in a relay's queue, attributed to the SASL login that submitted it (never to the
 * envelope sender, which the client chooses freely).
 */
public record QueuedMessage(String relay, String queueId, QueueName queue, Account account, String sender,
                            List<String> recipients, long size, Instant arrival) {
    public QueuedMessage {
        recipients = List.copyOf(recipients);
    }
}
