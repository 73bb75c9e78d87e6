package org.relaywarden.enforcement;

import org.relaywarden.account.Account;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Outbound port to the relays' mail queues. Queue ids are those the adapter returned; an id
 * that has left the queue meanwhile is skipped, never an error. Every method is idempotent.
 */
public interface MailQueue {

    /** The account's messages in the given queues, on every relay. */
    List<QueuedMessage> messagesOf(Account account, Set<QueueName> queues);

    /** Moves the messages to the hold queue, so that nothing delivers them while they are copied. */
    void hold(Collection<QueuedMessage> messages);

    /** The exact message (headers and body) as the relay would deliver it. */
    byte[] content(QueuedMessage message);

    /**
     * The exact messages of several queued messages at once (an adapter may fetch them in
     * batches). A message that left the queue meanwhile is missing from the result.
     */
    default Map<QueuedMessage, byte[]> contents(List<QueuedMessage> messages) {
        Map<QueuedMessage, byte[]> out = new LinkedHashMap<>();
        for (QueuedMessage m : messages) {
            out.put(m, content(m));
        }
        return out;
    }

    /**
     * How many messages each account has in the deferred queue, per relay (for the deferred-queue
     * detector, the seed's own signal). Mail without a valid SASL login is not counted.
     */
    Map<String, Map<Account, Long>> deferredByAccount();

    /**
     * Deletes messages that {@link #hold} put in the hold queue. A message not found there (it had
     * left the queue, or was still on its way into the hold queue) is left alone: whoever needs to
     * know what was deleted lists the queue again, as the relay's own tools do not say reliably.
     */
    void deleteHeld(Collection<QueuedMessage> messages);

    /**
     * Releases held messages and asks the relay to deliver them now. Like {@link #deleteHeld}, it
     * does not count: list the hold queue again to learn which were released.
     */
    void release(Collection<QueuedMessage> messages);

    /**
     * Hands a message (one released from quarantine) back to the named relay for delivery to these
     * recipients, with this envelope sender. Not idempotent by itself: the caller makes sure it
     * happens once.
     */
    void resubmit(String relay, String sender, List<String> recipients, byte[] message);

    /**
     * How long a message can still be on its way into a queue after the relay answered its
     * transaction (the policy said HOLD at the end of data just before a suspension, the relay then
     * writes the queue file): the quarantine looks once more after this before it calls an account's
     * queues empty. Real relays: 2 s.
     */
    default Duration inFlightSettle() {
        return Duration.ofSeconds(2);
    }
}
