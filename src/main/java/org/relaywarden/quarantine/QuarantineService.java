package org.relaywarden.quarantine;

import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.UnknownCaseException;
import org.relaywarden.enforcement.MailQueue;
import org.relaywarden.enforcement.MailServerException;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.QueuedMessage;
import org.relaywarden.metrics.RelaywardenMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Moves an account's queued mail into quarantine: hold it, copy each message, verify the copy,
 * commit its index entry, and only then delete the original. In batches of {@link #COPY_BATCH}:
 * one read from the queue, one durable write of the copies and one index transaction per batch;
 * a committed batch is deleted on other threads ({@code relaywarden.quarantine.delete-processes}
 * calls at a time) while the next one is copied. Idempotent and
 * resumable: a re-run after a crash at any point copies what is missing, deletes what is left,
 * and duplicates nothing.
 */
@Service
public class QuarantineService {

    /** How many messages are copied per call to the mail queue (an adapter may fetch them in one go). */
    static final int COPY_BATCH = 500;
    /** The first batch of a round is smaller, so that deleting starts early. */
    static final int FIRST_BATCH = 100;
    /** A batch is also cut at this much listed message size: the batch being stored and the next one are in memory. */
    static final long BATCH_BYTES = 64L << 20;
    private static final Logger log = LoggerFactory.getLogger(QuarantineService.class);
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final MailQueue queue;
    private final QuarantineStore store;
    private final QuarantineIndex index;
    private final CaseRecords cases;
    private final Clock clock;
    private final RelaywardenMetrics metrics;
    private final int deleteProcesses;

    QuarantineService(MailQueue queue, QuarantineStore store, QuarantineIndex index, CaseRecords cases, Clock clock,
                      RelaywardenMetrics metrics,
                      @org.springframework.beans.factory.annotation.Value("${relaywarden.quarantine.delete-processes:3}") int deleteProcesses) {
        if (deleteProcesses < 1 || deleteProcesses > 16) {
            throw new IllegalArgumentException("relaywarden.quarantine.delete-processes must be 1 to 16, not " + deleteProcesses);
        }
        this.deleteProcesses = deleteProcesses;
        this.metrics = metrics;
        this.queue = queue;
        this.store = store;
        this.index = index;
        this.cases = cases;
        this.clock = clock;
    }

    /** Rounds of listing and quarantining at most: a message still on its way into a queue shows up in the next. */
    static final int ROUNDS = 3;

    /**
     * Quarantines every queued message of the account; returns how many messages this run copied
     * and verified. Lists again after each round: that listing tells which messages the round
     * deleted (the relay's tools do not count reliably), and a message that was moving between
     * queues (from incoming to hold, say) while the relay was read is taken in the next round.
     */
    public long quarantine(CaseReference ref, Account account) {
        List<QueuedMessage> messages = settled(account, listed(account));
        if (messages.isEmpty()) {
            cases.audit(ref, CaseRecords.SYSTEM, "QUARANTINE", "no queued mail of " + account);
            return 0;
        }
        long total = 0;
        for (int round = 1; round <= ROUNDS && !messages.isEmpty(); round++) {
            long started = System.nanoTime();
            List<QueuedMessage> verified = round(ref, account, messages);
            messages = listed(account);
            long deleted = QueuedMessage.leftOut(verified, messages);
            log.info("quarantine of {} for case {}, round {}: {} copied and verified, {} of them gone from the queues "
                    + "(round and listing {} ms)", account, ref, round, verified.size(), deleted, (System.nanoTime() - started) / 1_000_000);
            metrics.messages("quarantined", deleted);
            metrics.messages("held", verified.stream().filter(m -> m.queue() == QueueName.HOLD).count());
            cases.audit(ref, CaseRecords.SYSTEM, "QUARANTINE", verified.size() + " messages of " + account
                    + " copied and verified, " + deleted + " of them deleted from the queues");
            total += verified.size();
            if (messages.isEmpty() && round < ROUNDS) {
                messages = settled(account, messages);
            }
        }
        if (!messages.isEmpty()) {
            throw new MailServerException(messages.size() + " messages of " + account
                    + " still queued after " + ROUNDS + " rounds of quarantine (is the account still submitting?)");
        }
        return total;
    }

    /**
     * The account's messages in every queue of the relay, each once: a relay's listing walks its queues one after the
     * other, so a message its queue manager moves meanwhile (Postfix: incoming to active to deferred, seen in a full
     * build as a duplicate key of the quarantine index) is listed in both; it is kept once, where the listing saw it last.
     */
    private List<QueuedMessage> listed(Account account) {
        Map<String, QueuedMessage> once = new LinkedHashMap<>();
        for (QueuedMessage m : queue.messagesOf(account, EnumSet.allOf(QueueName.class))) {
            once.put(m.where(), m);
        }
        return List.copyOf(once.values());
    }

    /**
     * An empty listing is looked at once more after the relay's settle time: a message whose
     * transaction the relay answered just before the suspension (HOLD at the end of data, say) may
     * still be on its way into a queue, and left there it would be released with the next re-enable.
     */
    private List<QueuedMessage> settled(Account account, List<QueuedMessage> listed) {
        Duration settle = queue.inFlightSettle();
        if (!listed.isEmpty() || settle.isZero()) {
            return listed;
        }
        try {
            Thread.sleep(settle.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailServerException("interrupted while waiting for mail in flight");
        }
        List<QueuedMessage> again = listed(account);
        if (!again.isEmpty()) {
            log.info("quarantine of {}: {} messages arrived in the queues after an empty listing (in flight)", account,
                    again.size());
        }
        return again;
    }

    /**
     * One round: holds the messages not on hold yet, then per batch copies, stores, verifies and commits the index
     * (the next batch is read from the relay meanwhile, see {@link BatchReader}),
     * and hands the committed batch to the deleting threads, which delete it from the hold queue while
     * the next batch is copied. Nothing is deleted before its copy is committed; after a failed
     * delete no further batch is deleted, and the failure is thrown once the copying is done.
     */
    private List<QueuedMessage> round(CaseReference ref, Account account, List<QueuedMessage> messages) {
        long started = System.nanoTime();
        List<QueuedMessage> notHeld = messages.stream().filter(m -> m.queue() != QueueName.HOLD).toList();
        if (!notHeld.isEmpty()) {
            queue.hold(notHeld);
        }
        long held = System.nanoTime();
        List<Batch> batches = plan(ref, messages, index.indexed(ref));
        long tRead = 0, tStore = 0;
        List<QueuedMessage> verified = new ArrayList<>();
        HoldQueueDeleter deleter = new HoldQueueDeleter(queue, deleteProcesses);
        BatchReader reader = new BatchReader(queue);
        try {
            reader.readAhead(batches.get(0).toCopy());
            for (int i = 0; i < batches.size(); i++) {
                Batch batch = batches.get(i);
                long a = System.nanoTime();
                Map<QueuedMessage, byte[]> contents = reader.next();
                tRead += System.nanoTime() - a;
                if (i + 1 < batches.size()) {
                    reader.readAhead(batches.get(i + 1).toCopy()); // read on while this batch is stored
                }
                Map<String, byte[]> byKey = new LinkedHashMap<>();
                for (QueuedMessage m : batch.toCopy()) {
                    byte[] content = contents.get(m);
                    if (content != null) { // null: left the queue meanwhile, nothing to copy, nothing to delete
                        byKey.put(key(ref, m), content);
                    }
                }
                a = System.nanoTime();
                Map<String, String> shas = byKey.isEmpty() ? Map.of() : store.putAll(byKey);
                tStore += System.nanoTime() - a;
                List<QuarantineIndex.Copy> copies = new ArrayList<>();
                for (QueuedMessage m : batch.toCopy()) {
                    String sha = shas.get(key(ref, m));
                    if (sha != null) {
                        copies.add(new QuarantineIndex.Copy(m, sha, byKey.get(key(ref, m)).length));
                    }
                }
                index.recordAllCommitted(ref, copies, clock.instant());
                List<QueuedMessage> done = new ArrayList<>(batch.done());
                copies.forEach(c -> done.add(c.message()));
                verified.addAll(done);
                deleter.delete(done);
            }
        } finally {
            reader.close();
            deleter.finish();
        }
        long copied = System.nanoTime();
        deleter.throwIfFailed();
        log.info("quarantine of {} for case {}: {} messages listed, held in {} ms, copied and verified in {} ms (waited {} ms "
                        + "for reads, stored {} ms), deletes waited for {} ms more ({})", account, ref, messages.size(),
                (held - started) / 1_000_000, (deleter.startedWaiting() - held) / 1_000_000, tRead / 1_000_000,
                tStore / 1_000_000, (copied - deleter.startedWaiting()) / 1_000_000, deleter.report());
        return verified;
    }

    /** A batch: messages already copied by an earlier run (to delete only) and messages to copy. */
    record Batch(List<QueuedMessage> done, List<QueuedMessage> toCopy) {
    }

    /**
     * Cuts the listing into batches: {@link #FIRST_BATCH} messages first (the deletes, the longest part for a big
     * queue, start sooner), then {@link #COPY_BATCH}, each also cut at {@link #BATCH_BYTES} of listed size (the
     * batch being stored and the one read ahead are in memory). Checks that what the index lists is in the store.
     */
    List<Batch> plan(CaseReference ref, List<QueuedMessage> messages, Set<String> indexed) {
        List<Batch> batches = new ArrayList<>();
        List<QueuedMessage> done = new ArrayList<>();
        List<QueuedMessage> toCopy = new ArrayList<>();
        long bytes = 0;
        int limit = FIRST_BATCH;
        for (QueuedMessage m : messages) {
            if (done.size() + toCopy.size() >= limit || (bytes + m.size() > BATCH_BYTES && !toCopy.isEmpty())) {
                batches.add(new Batch(done, toCopy));
                done = new ArrayList<>();
                toCopy = new ArrayList<>();
                bytes = 0;
                limit = COPY_BATCH;
            }
            if (!indexed.contains(m.where())) {
                toCopy.add(m);
                bytes += m.size();
            } else if (!store.exists(key(ref, m))) {
                throw new QuarantineIntegrityException("index lists " + key(ref, m) + " but the file is missing");
            } else {
                done.add(m);
            }
        }
        batches.add(new Batch(done, toCopy));
        return batches;
    }

    public List<QuarantinedMessage> ofCase(CaseReference ref) {
        return index.ofCase(ref);
    }

    /** The stored message as it was queued (an .eml). */
    public byte[] content(CaseReference ref, long id) {
        QuarantinedMessage m = find(ref, id);
        if (QuarantineIndex.PURGED.equals(m.state())) {
            throw new UnknownCaseException("quarantined message " + id + " of " + ref + " was purged");
        }
        return store.read(ref.id() + "/" + m.relay() + "/" + m.queueId() + ".eml");
    }

    private QuarantinedMessage find(CaseReference ref, long id) {
        return index.find(ref, id)
                .orElseThrow(() -> new UnknownCaseException("no quarantined message " + id + " in " + ref));
    }

    /**
     * Hands one quarantined message back to its relay for delivery (an operator found it was
     * legitimate mail). At most once: the entry moves STORED → RELEASING before the relay is
     * called and → RELEASED after; a failed call puts it back to STORED, a crash in between
     * leaves it RELEASING for an operator to look at, never sent twice.
     */
    public void release(CaseReference ref, long id, String actor) {
        QuarantinedMessage m = find(ref, id);
        if (!index.transition(ref.id(), id, QuarantineIndex.STORED, QuarantineIndex.RELEASING)) {
            throw new IllegalStateException("quarantined message " + id + " of " + ref + " is " + m.state() + ", not STORED");
        }
        try {
            byte[] content = store.read(key(ref, m.relay(), m.queueId()));
            queue.resubmit(m.relay(), m.sender(), m.recipients(), content);
        } catch (RuntimeException e) {
            index.transition(ref.id(), id, QuarantineIndex.RELEASING, QuarantineIndex.STORED);
            throw e;
        }
        index.transition(ref.id(), id, QuarantineIndex.RELEASING, QuarantineIndex.RELEASED);
        cases.audit(ref, actor, "QUARANTINE_RELEASED", "message " + m.queueId() + " from relay " + m.relay()
                + " handed back for delivery to " + m.recipients().size() + " recipients");
    }

    /**
     * An operator purges one quarantined message before its retention period is over (it was spam, or the
     * customer asked): its stored copy is deleted, the index keeps it as PURGED, and the case's audit trail
     * names who did it and why. A message being released (RELEASING) or purged already cannot be purged. The
     * entry moves to PURGED before the file is deleted, so a release starting meanwhile finds it gone, never a
     * message whose file is half deleted.
     */
    public void purgeOne(CaseReference ref, long id, String actor, String reason) {
        QuarantinedMessage m = find(ref, id);
        if (!(QuarantineIndex.STORED.equals(m.state()) || QuarantineIndex.RELEASED.equals(m.state()))
                || !index.transition(ref.id(), id, m.state(), QuarantineIndex.PURGED)) {
            throw new IllegalStateException("quarantined message " + id + " of " + ref + " is " + m.state()
                    + ", not STORED or RELEASED");
        }
        store.delete(key(ref, m.relay(), m.queueId()));
        cases.audit(ref, actor, "QUARANTINE_PURGED", "message " + m.queueId() + " from relay " + m.relay()
                + " (" + m.state() + ") deleted from quarantine" + (reason == null || reason.isBlank() ? "" : ": " + reason));
    }

    /** Deletes the files of messages stored longer than {@code retention}; the index keeps them as PURGED. */
    public int purge(Duration retention) {
        Instant before = clock.instant().minus(retention);
        int purged = 0;
        List<QuarantinedMessage> batch;
        do {
            batch = index.keptBefore(before, 500);
            for (QuarantinedMessage m : batch) {
                store.delete(key(new CaseReference(m.caseId()), m.relay(), m.queueId()));
                index.transition(m.caseId(), m.id(), m.state(), QuarantineIndex.PURGED);
                purged++;
            }
        } while (batch.size() == 500);
        return purged;
    }

    private static String key(CaseReference ref, String relay, String queueId) {
        if (!SAFE_ID.matcher(relay).matches() || !SAFE_ID.matcher(queueId).matches()) {
            throw new IllegalArgumentException("relay or queue id not fit for a file name");
        }
        return ref.id() + "/" + relay + "/" + queueId + ".eml";
    }

    static String key(CaseReference ref, QueuedMessage m) {
        return key(ref, m.relay(), m.queueId());
    }
}
