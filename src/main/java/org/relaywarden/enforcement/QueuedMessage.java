package org.relaywarden.enforcement;

import org.relaywarden.account.Account;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One message in a relay's queue, attributed to the SASL login that submitted it (never to the
 * envelope sender, which the client chooses freely).
 */
public record QueuedMessage(String relay, String queueId, QueueName queue, Account account, String sender,
                            List<String> recipients, long size, Instant arrival) {
    public QueuedMessage {
        recipients = List.copyOf(recipients);
    }

    /** How many of {@code before} are not in {@code after} (by relay and queue id): what left the queue between two listings. */
    public static long leftOut(Collection<QueuedMessage> before, Collection<QueuedMessage> after) {
        Set<String> still = new HashSet<>();
        after.forEach(m -> still.add(m.where()));
        return before.stream().filter(m -> !still.contains(m.where())).count();
    }

    /** Which message this is, whichever queue it was listed in: {@code relay/queueId}. */
    public String where() {
        return relay + "/" + queueId;
    }
}
