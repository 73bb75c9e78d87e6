package org.relaywarden.enforcement.command;

import org.relaywarden.enforcement.MailServerException;
import org.relaywarden.enforcement.QueuedMessage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * An operation on several relays, the same for every adapter: each relay is tried, and the call
 * fails after all were tried, naming each relay that failed (so a retried job repeats only what
 * is idempotent anyway, and an operator reads which relay to look at).
 */
public final class RelayCalls {

    private RelayCalls() {
    }

    /** The configured relay of that name. */
    public static <R extends Relay> R named(Map<String, R> relays, String name) {
        R r = relays.get(name);
        if (r == null) {
            throw new MailServerException("no relay named " + name + " is configured");
        }
        return r;
    }

    /** Runs {@code op} once per relay with the queue ids of the messages on that relay. */
    public static <R extends Relay> void byRelay(Map<String, R> relays, Collection<QueuedMessage> messages, String what,
                                                 BiConsumer<R, List<String>> op) {
        Map<String, List<String>> ids = new LinkedHashMap<>();
        for (QueuedMessage m : messages) {
            ids.computeIfAbsent(m.relay(), k -> new ArrayList<>()).add(m.queueId());
        }
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : ids.entrySet()) {
            R relay = named(relays, e.getKey());
            try {
                op.accept(relay, e.getValue());
            } catch (RuntimeException ex) {
                failures.add(relay.failure(what, ex).getMessage());
            }
        }
        throwIfAny(failures);
    }

    /** Runs {@code action} on every relay. */
    public static <R extends Relay> void forEach(Collection<R> relays, String what, Consumer<R> action) {
        List<String> failures = new ArrayList<>();
        for (R relay : relays) {
            try {
                action.accept(relay);
            } catch (RuntimeException e) {
                failures.add(relay.failure(what, e).getMessage());
            }
        }
        throwIfAny(failures);
    }

    private static void throwIfAny(List<String> failures) {
        if (!failures.isEmpty()) {
            throw new MailServerException(String.join("; ", failures));
        }
    }

    /**
     * Reads messages' contents relay by relay in batches of at most {@code maxCount} messages or
     * {@code maxBytes} listed bytes (one message larger than that is a batch of its own).
     */
    public static <R extends Relay> Map<QueuedMessage, byte[]> inBatches(Map<String, R> relays, List<QueuedMessage> messages,
                                                                          int maxCount, long maxBytes,
                                                                          BiFunction<R, List<QueuedMessage>, Map<QueuedMessage, byte[]>> read) {
        Map<QueuedMessage, byte[]> out = new LinkedHashMap<>();
        Map<String, List<QueuedMessage>> byRelay = new LinkedHashMap<>();
        messages.forEach(m -> byRelay.computeIfAbsent(m.relay(), k -> new ArrayList<>()).add(m));
        for (Map.Entry<String, List<QueuedMessage>> e : byRelay.entrySet()) {
            R relay = named(relays, e.getKey());
            List<QueuedMessage> batch = new ArrayList<>();
            long bytes = 0;
            for (QueuedMessage m : e.getValue()) {
                if (!batch.isEmpty() && (batch.size() >= maxCount || bytes + m.size() > maxBytes)) {
                    out.putAll(read.apply(relay, batch));
                    batch = new ArrayList<>();
                    bytes = 0;
                }
                batch.add(m);
                bytes += m.size();
            }
            if (!batch.isEmpty()) {
                out.putAll(read.apply(relay, batch));
            }
        }
        return out;
    }
}
