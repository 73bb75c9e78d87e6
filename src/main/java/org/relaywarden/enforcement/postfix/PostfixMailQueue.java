package org.relaywarden.enforcement.postfix;

import org.relaywarden.enforcement.command.RelayMailQueue;
import org.relaywarden.enforcement.command.Command;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link MailQueue} on every configured Postfix relay. A message belongs to the SASL login that
 * submitted it: first by the queue-id index the policy service built from END-OF-MESSAGE
 * requests, then (for mail that arrived before Relaywarden watched) by the
 * {@code sasl_username} record in the queue file, read with {@code postcat -e} in batches.
 * Never by the envelope sender. Every operation runs on every relay; a failing relay fails the
 * call after the others were done, naming the relay.
 */
public class PostfixMailQueue extends RelayMailQueue<PostfixRelay> {

    private static final Logger log = LoggerFactory.getLogger(PostfixMailQueue.class);
    static final int POSTCAT_BATCH = 500;
    static final int MAX_CACHED = 500_000;
    static final int CONTENT_BATCH = 500;
    static final long CONTENT_BATCH_BYTES = 32L * 1024 * 1024;
    private static final Pattern MISSING = Pattern.compile("open queue file (\\S+?):");

    /** relay/queue id → login ("" for none) found in queue files; long queue ids are never reused. */
    private final Map<String, String> postcatCache = new ConcurrentHashMap<>();

    public PostfixMailQueue(List<PostfixRelay> relays, PolicyJournal journal) {
        super(relays, journal, CONTENT_BATCH, CONTENT_BATCH_BYTES);
    }

    @Override
    protected List<QueuedMessage> messagesOf(PostfixRelay relay, Account account, Set<QueueName> queues) {
        List<QueuedMessage> mine = new ArrayList<>();
        Map<String, PostqueueJson.Entry> unknown = new LinkedHashMap<>();
        CommandRunner.Streamed<Void> s = relay.runner().stream(relay.postqueueJson(), in -> {
            PostqueueJson.read(in, e -> {
                if (!queues.contains(e.queue())) {
                    return;
                }
                Optional<Account> owner = knownOwner(relay, e.queueId());
                if (owner.isPresent()) {
                    if (owner.get().equals(account)) {
                        mine.add(toMessage(relay, e, account));
                    }
                } else {
                    unknown.put(e.queueId(), e);
                }
            });
            return null;
        });
        s.result().orThrow();
        if (!unknown.isEmpty()) {
            Map<String, String> logins = postcatLogins(relay, new ArrayList<>(unknown.keySet()));
            logins.forEach((id, login) -> {
                if (accountOrNobody(login).equals(account)) {
                    mine.add(toMessage(relay, unknown.get(id), account));
                }
            });
        }
        return mine;
    }

    @Override
    protected Map<Account, Long> deferredByAccount(PostfixRelay relay) {
        Map<Account, Long> counts = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        relay.runner().stream(relay.postqueueJson(), in -> {
            PostqueueJson.read(in, e -> {
                if (e.queue() != QueueName.DEFERRED) {
                    return;
                }
                knownOwner(relay, e.queueId()).ifPresentOrElse(a -> counts.merge(a, 1L, Long::sum),
                        () -> unknown.add(e.queueId()));
            });
            return null;
        }).result().orThrow();
        if (!unknown.isEmpty()) {
            postcatLogins(relay, unknown).values().forEach(login -> counts.merge(accountOrNobody(login), 1L, Long::sum));
        }
        return counts;
    }

    private Optional<Account> knownOwner(PostfixRelay relay, String queueId) {
        Optional<Account> fromPolicy = ownerFromPolicy(queueId);
        if (fromPolicy.isPresent()) {
            return fromPolicy;
        }
        String cached = postcatCache.get(relay.name() + "/" + queueId);
        return cached == null ? Optional.empty() : Optional.of(accountOrNobody(cached));
    }


    /**
     * The SASL login of each id, by {@code postcat -e} in batches. postcat aborts a batch at the
     * first id that left the queue meanwhile: that id is dropped and the rest of the batch read again.
     */
    Map<String, String> postcatLogins(PostfixRelay relay, List<String> ids) {
        if (postcatCache.size() > MAX_CACHED) {
            postcatCache.clear();
        }
        Map<String, String> found = new LinkedHashMap<>();
        for (int from = 0; from < ids.size(); from += POSTCAT_BATCH) {
            Map<String, String> batch = postcatBatch(relay, ids.subList(from, Math.min(ids.size(), from + POSTCAT_BATCH)),
                    relay::postcatEnvelopes, PostcatEnvelopes::read);
            batch.forEach((id, login) -> postcatCache.put(relay.name() + "/" + id, login));
            found.putAll(batch);
        }
        return found;
    }

    /**
     * Runs one postcat batch; if postcat stops at an id that has left the queue, runs the ids it
     * had not reached yet again without that one. Returns what was read completely.
     */
    private <T> Map<String, T> postcatBatch(PostfixRelay relay, List<String> ids,
                                            Function<List<String>, Command> command,
                                            CommandRunner.OutputReader<Map<String, T>> reader) {
        Map<String, T> found = new LinkedHashMap<>();
        List<String> pending = new ArrayList<>(ids);
        while (!pending.isEmpty()) {
            CommandRunner.Streamed<Map<String, T>> s = relay.runner().stream(command.apply(pending), reader);
            found.putAll(s.value());
            if (s.result().ok()) {
                break;
            }
            int firstUnread = 0;
            while (firstUnread < pending.size() && s.value().containsKey(pending.get(firstUnread))) {
                firstUnread++;
            }
            Matcher m = MISSING.matcher(s.result().stderr());
            String gone = m.find() ? m.group(1) : firstUnread < pending.size() ? pending.get(firstUnread) : null;
            int goneAt = gone == null ? -1 : pending.indexOf(gone);
            if (goneAt < 0) {
                throw new MailServerException("relay " + relay.name() + ": postcat failed: " + s.result().stderr().strip());
            }
            log.debug("relay {}: {} left the queue while it was read", relay.name(), gone);
            List<String> rest = new ArrayList<>();
            for (int i = 0; i < pending.size(); i++) {
                if (i != goneAt && !s.value().containsKey(pending.get(i))) {
                    rest.add(pending.get(i));
                }
            }
            pending = rest;
        }
        return found;
    }

    private static QueuedMessage toMessage(PostfixRelay relay, PostqueueJson.Entry e, Account account) {
        return new QueuedMessage(relay.name(), e.queueId(), e.queue(), account, e.sender(), e.recipients(), e.size(), e.arrival());
    }

    @Override
    public void hold(Collection<QueuedMessage> messages) {
        byRelay(messages, "holding", (relay, ids) -> relay.postsuper("-h", ids, null));
    }

    @Override
    public byte[] content(QueuedMessage message) {
        PostfixRelay relay = relay(message.relay());
        CommandResult r = relay.runner().run(relay.postcatMessage(message.queueId()));
        if (!r.ok()) {
            throw new MailServerException("relay " + relay.name() + ": cannot read message " + message.queueId() + ": "
                    + r.stderr().strip());
        }
        return r.stdout();
    }

    /**
     * One batch: the raw queue files from the hold queue in one tar stream, rendered here
     * ({@link QueueFile}, what {@code postcat -bh} prints); whatever is not in the hold queue or not
     * understood is read with {@code postcat -ebh -q} instead. Postfix's message size is the length
     * of the message's records in the queue file (a line of 128 bytes or more, or one split into
     * several records, takes more than its text and CR LF): a rendered file's segment must match the
     * listed size exactly; postcat's output, where the records are not seen, must not be larger. Batches
     * of up to {@link #CONTENT_BATCH} messages or {@link #CONTENT_BATCH_BYTES} bytes: one command per batch
     * instead of one per message.
     */
    @Override
    protected Map<String, byte[]> copies(PostfixRelay relay, List<QueuedMessage> batch) {
        Map<String, byte[]> read = new LinkedHashMap<>();
        Map<String, Long> listed = new HashMap<>();
        batch.forEach(m -> listed.put(m.queueId(), m.size()));
        CommandRunner.Streamed<Map<String, byte[]>> tar = relay.runner().stream(
                relay.tarQueueFiles("hold", batch.stream().map(QueuedMessage::queueId).toList()),
                in -> TarEntries.read(in, CONTENT_BATCH_BYTES * 4));
        if (!tar.result().ok()) {
            log.warn("relay {}: tar of the hold queue's files exited with {} ({}); postcat reads what it missed", relay.name(),
                    tar.result().exitCode(), tar.result().stderr().strip());
        }
        tar.value().forEach((path, file) -> QueueFile.rendered(file).ifPresent(r -> {
            String id = path.substring(path.lastIndexOf('/') + 1);
            long size = listed.getOrDefault(id, 0L);
            if (size > 0 && r.segmentSize() != size) {
                throw new MailServerException("relay " + relay.name() + ": the queue file of " + id + " holds a message of "
                        + r.segmentSize() + " bytes, the queue listing said " + size);
            }
            read.put(id, r.message());
        }));
        List<String> rest = batch.stream().map(QueuedMessage::queueId).filter(id -> !read.containsKey(id)).toList();
        if (!rest.isEmpty()) {
            log.debug("relay {}: {} of {} messages not read from the hold queue's files, asking postcat", relay.name(),
                    rest.size(), batch.size());
            read.putAll(postcatBatch(relay, rest, relay::postcatContents, in -> PostcatContents.parse(in.readAllBytes())));
        }
        return read;
    }

    /**
     * Each line of a message is at least one record of at least two bytes more than its text (as CR LF would be): a
     * copy whose lines need more than the listed size is not the listed message. (A rendered queue file's segment was
     * matched exactly already; this lower bound holds for it too.)
     */
    @Override
    protected String notWhole(QueuedMessage listed, byte[] copy) {
        long least = PostcatContents.queueSize(copy);
        return listed.size() > 0 && least > listed.size()
                ? "the copy of " + listed.queueId() + " has " + least + " bytes, more than the queue's " + listed.size() : null;
    }

    @Override
    public void deleteHeld(Collection<QueuedMessage> messages) {
        byRelay(messages, "deleting held messages", (relay, ids) -> relay.postsuper("-d", ids, "hold"));
    }

    @Override
    public void release(Collection<QueuedMessage> messages) {
        byRelay(messages, "releasing", (relay, ids) -> {
            relay.postsuper("-H", ids, "hold");
            for (String id : ids) {
                try {
                    relay.flush(id);
                } catch (MailServerException e) {
                    log.debug("relay {}: {} not flushed (left the queue?): {}", relay.name(), id, e.getMessage());
                }
            }
        });
    }

    @Override
    protected Command submission(PostfixRelay relay, String sender, List<String> recipients) {
        return relay.sendmail(sender, recipients);
    }
}
