package org.relaywarden.enforcement.exim;

import org.relaywarden.enforcement.command.Command;
import org.relaywarden.enforcement.command.RelayMailQueue;
import org.relaywarden.enforcement.command.TarEntries;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.MailQueue;
import org.relaywarden.enforcement.MailServerException;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.QueuedMessage;
import org.relaywarden.enforcement.command.CommandResult;
import org.relaywarden.enforcement.command.CommandRunner;
import org.relaywarden.enforcement.PolicyJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * {@link MailQueue} on every configured Exim relay. Exim's queues as Relaywarden's:
 * <ul>
 *   <li>{@code HOLD}: the named queue {@code relaywarden_hold}, which no queue runner serves (a held
 *       account's mail arrives there by the ACL; {@link #hold} moves messages there), and the default queue's
 *       frozen messages (the DATA ACL freezes a message whose account was held after its RCPTs);</li>
 *   <li>{@code DEFERRED}: the default queue (Exim has no separate deferred queue: whatever is queued
 *       waits for a delivery attempt or its retry), except its frozen messages.</li>
 * </ul>
 * A message belongs to the SASL login that submitted it ({@code $authenticated_id} in its {@code -H}
 * file, listed with {@code exipick}; or the id the policy service learnt at end of data), never to its
 * envelope sender. {@link #hold} freezes ({@code -Mf}: no delivery starts) and then moves
 * ({@code -MG}); the copies are rendered from the raw spool files ({@code -H}, {@code -D}, read with one
 * {@code tar} per batch) and must have exactly the size exipick listed; {@link #deleteHeld} removes
 * only what is in the hold queue ({@code -Mrm}). Every operation runs on every relay; a failing relay
 * fails the call after the others were done, naming the relay.
 */
public class EximMailQueue extends RelayMailQueue<EximRelay> {

    private static final Logger log = LoggerFactory.getLogger(EximMailQueue.class);
    static final int CONTENT_BATCH = 500;
    static final long CONTENT_BATCH_BYTES = 32L * 1024 * 1024;
    /** What exim -Mf/-Mt/-MG/-Mrm print about ids that are gone or already where they should be. */
    private static final Pattern HARMLESS = Pattern.compile("^(\\s*|Message \\S+ (is now frozen|is already frozen|is no longer "
            + "frozen|is not frozen|has been removed( or did not exist)?)?\\s*|.*Spool data file for \\S+ does not exist\\s*"
            + "|Continuing,? to ensure all files removed|Spool read error for \\S+: No such file or directory)$");

    public EximMailQueue(List<EximRelay> relays, PolicyJournal journal) {
        super(relays, journal, CONTENT_BATCH, CONTENT_BATCH_BYTES);
    }

    @Override
    protected List<QueuedMessage> messagesOf(EximRelay relay, Account account, Set<QueueName> queues) {
        List<QueuedMessage> mine = new ArrayList<>();
        if (queues.contains(QueueName.DEFERRED) || queues.contains(QueueName.HOLD)) {
            // a frozen message in the default queue is kept, never delivered: held (the DATA ACL freezes a message whose
            // account was held after its RCPTs, where the hold queue can no longer be chosen; hold() freezes before it moves)
            listing(relay, "", e -> {
                QueueName queue = e.frozen() ? QueueName.HOLD : QueueName.DEFERRED;
                if (queues.contains(queue) && owner(e).equals(account)) {
                    mine.add(toMessage(relay, e, queue, account));
                }
            });
        }
        if (queues.contains(QueueName.HOLD)) {
            listing(relay, EximRelay.HOLD_QUEUE, e -> {
                if (owner(e).equals(account)) {
                    mine.add(toMessage(relay, e, QueueName.HOLD, account));
                }
            });
        }
        return mine;
    }

    private static void listing(EximRelay relay, String queue, Consumer<EximQueueListing.Entry> each) {
        CommandRunner.Streamed<Void> s = relay.runner().stream(relay.exipickListing(queue), in -> {
            EximQueueListing.read(in, each);
            return null;
        });
        if (!s.result().ok() && s.result().stderr().contains("Couldn't opendir")
                && s.result().stderr().contains("No such file or directory")) {
            return; // the named queue's folder appears with its first message: an empty queue
        }
        s.result().orThrow();
    }

    @Override
    protected Map<Account, Long> deferredByAccount(EximRelay relay) {
        Map<Account, Long> counts = new LinkedHashMap<>();
        listing(relay, "", e -> counts.merge(owner(e), 1L, Long::sum));
        return counts;
    }

    private Account owner(EximQueueListing.Entry e) {
        return ownerFromPolicy(e.id()).orElseGet(() -> accountOrNobody(e.login()));
    }


    private static QueuedMessage toMessage(EximRelay relay, EximQueueListing.Entry e, QueueName queue, Account account) {
        return new QueuedMessage(relay.name(), e.id(), queue, account, e.sender(), e.recipients(), e.size(), e.arrival());
    }

    /** Freezes the messages where they are (no delivery starts any more), then moves them into the hold queue. */
    @Override
    public void hold(Collection<QueuedMessage> messages) {
        byRelay(messages, "holding", (relay, ids) -> {
            checked(relay, relay.onMessages("", List.of("-Mf"), ids));
            checked(relay, relay.onMessages("", List.of("-MG", EximRelay.HOLD_QUEUE), ids));
        });
    }

    /**
     * One batch: the spool files from the hold queue (and, for what is not there, the default queue)
     * in one tar stream each, rendered here ({@link SpoolFiles}). A copy must be exactly as large as
     * exipick listed the message (headers not deleted, an empty line, the body), or the batch fails:
     * nothing is deleted that was not copied whole. A message found in neither queue left it: missing
     * from the result. Batches of up to {@link #CONTENT_BATCH} messages or {@link #CONTENT_BATCH_BYTES} bytes,
     * one tar per batch and queue.
     */
    @Override
    protected Map<String, byte[]> copies(EximRelay relay, List<QueuedMessage> batch) {
        Map<String, byte[]> read = new LinkedHashMap<>();
        List<String> pending = batch.stream().map(QueuedMessage::queueId).toList();
        for (String queue : List.of(EximRelay.HOLD_QUEUE, "")) {
            if (pending.isEmpty()) {
                break;
            }
            CommandRunner.Streamed<Map<String, byte[]>> tar = relay.runner().stream(relay.tarSpoolFiles(queue, pending),
                    in -> TarEntries.read(in, CONTENT_BATCH_BYTES * 4));
            Map<String, byte[]> files = new LinkedHashMap<>();
            tar.value().forEach((path, bytes) -> files.put(path.substring(path.lastIndexOf('/') + 1), bytes));
            for (String id : pending) {
                byte[] h = files.get(id + "-H");
                byte[] d = files.get(id + "-D");
                if (h != null && d != null) {
                    SpoolFiles.render(id, h, d).ifPresentOrElse(r -> read.put(id, r.message()), () -> {
                        throw new MailServerException("relay " + relay.name() + ": the spool files of " + id
                                + " are not in Exim's format (cut short, or being rewritten)");
                    });
                }
            }
            pending = pending.stream().filter(id -> !read.containsKey(id)).toList();
        }
        return read;
    }

    @Override
    protected String notWhole(QueuedMessage listed, byte[] copy) {
        return copy.length == listed.size() ? null
                : "the copy of " + listed.queueId() + " has " + copy.length + " bytes, the queue listing said " + listed.size();
    }

    /**
     * Only held messages: those of the default queue (held frozen, listed as held) first into the hold queue
     * ({@code exim -MG relaywarden_hold}), then {@code exim -qGrelaywarden_hold -Mrm}; an id in neither is left alone.
     */
    @Override
    public void deleteHeld(Collection<QueuedMessage> messages) {
        byRelay(messages, "deleting held messages", (relay, ids) -> {
            List<String> frozen = inDefaultQueue(relay, ids);
            if (!frozen.isEmpty()) {
                checked(relay, relay.onMessages("", List.of("-MG", EximRelay.HOLD_QUEUE), frozen));
            }
            checked(relay, relay.onMessages(EximRelay.HOLD_QUEUE, List.of("-Mrm"), ids));
        });
    }

    /**
     * Thaws them in the hold queue and in the default queue (held there frozen), moves the hold queue's back to the
     * default queue ({@code -MG ''}) and delivers them now ({@code -M}).
     */
    @Override
    public void release(Collection<QueuedMessage> messages) {
        byRelay(messages, "releasing", (relay, ids) -> {
            List<String> frozen = inDefaultQueue(relay, ids);
            List<String> inHoldQueue = ids.stream().filter(id -> !frozen.contains(id)).toList();
            if (!frozen.isEmpty()) {
                checked(relay, relay.onMessages("", List.of("-Mt"), frozen));
            }
            if (!inHoldQueue.isEmpty()) {
                checked(relay, relay.onMessages(EximRelay.HOLD_QUEUE, List.of("-Mt"), inHoldQueue));
                checked(relay, relay.onMessages(EximRelay.HOLD_QUEUE, List.of("-MG", ""), inHoldQueue));
            }
            for (CommandResult r : relay.onMessages("", List.of("-M"), ids)) {
                if (!r.ok()) {
                    // a delivery that defers is no failure of the release: the message waits in the default queue
                    log.debug("relay {}: exim -M exited {}: {}", relay.name(), r.exitCode(), (r.stdoutText() + r.stderr()).strip());
                }
            }
        });
    }

    /**
     * Which of these ids are in the default queue (held there frozen): {@code exim -MG} for an id that is not in the
     * queue it moves from prints only "Message ID" and fails, which cannot be told from a real failure.
     */
    private static List<String> inDefaultQueue(EximRelay relay, List<String> ids) {
        Set<String> wanted = new HashSet<>(ids);
        List<String> found = new ArrayList<>();
        listing(relay, "", e -> {
            if (wanted.contains(e.id())) {
                found.add(e.id());
            }
        });
        return found;
    }

    @Override
    protected Command submission(EximRelay relay, String sender, List<String> recipients) {
        return relay.submit(sender, recipients);
    }

    /**
     * Exim exits non-zero when any id of a call was not found (or already frozen, or not frozen):
     * that is what idempotence needs. Any other line it printed is a failure.
     */
    static void checked(EximRelay relay, List<CommandResult> results) {
        for (CommandResult r : results) {
            if (r.ok()) {
                continue;
            }
            String output = r.stdoutText() + "\n" + r.stderr();
            List<String> unexpected = output.lines().filter(l -> !HARMLESS.matcher(l).matches()).toList();
            if (!unexpected.isEmpty()) {
                List<String> argv = r.command().argv();
                String what = String.join(" ", argv.subList(0, Math.min(argv.size(), 5))) + (argv.size() > 5 ? " ..." : "");
                throw new MailServerException("relay " + relay.name() + ": " + what + " exited " + r.exitCode() + ": "
                        + String.join(" / ", unexpected.subList(0, Math.min(5, unexpected.size()))));
            }
        }
    }
}
