package org.relaywarden.enforcement.command;

import org.relaywarden.account.Account;
import org.relaywarden.account.InvalidAccountException;
import org.relaywarden.enforcement.MailQueue;
import org.relaywarden.enforcement.MailServerException;
import org.relaywarden.enforcement.PolicyJournal;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.QueuedMessage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What every adapter's {@link MailQueue} does the same way on its relays: each operation runs on
 * every relay (a failing relay fails the call after the others were done, naming the relay), the
 * messages come back in arrival order, contents are read in batches, and a message without a valid
 * login belongs to {@link #NOBODY}. The adapter gives what is its own: how one relay's queue is
 * listed and counted, how a batch is copied, and the command that puts a message back.
 */
public abstract class RelayMailQueue<R extends Relay> implements MailQueue {

    /** Stands for "submitted without a valid login": never equal to an account Relaywarden acts on. */
    protected static final Account NOBODY = Account.parse("nobody@sasl-login.invalid");

    protected final Map<String, R> relays = new LinkedHashMap<>();
    private final PolicyJournal journal;
    private final int batchMessages;
    private final long batchBytes;

    /**
     * @param journal       what the policy core saw: the login of a queue id its END-OF-MESSAGE request carried
     *                      (null where the core never sees queue ids: qmail's queue front asks before there is one)
     * @param batchMessages the most messages one {@link #contentBatch} reads
     * @param batchBytes    the most listed bytes one {@link #contentBatch} reads (one larger message is a batch of its own)
     */
    protected RelayMailQueue(List<R> relays, PolicyJournal journal, int batchMessages, long batchBytes) {
        relays.forEach(r -> this.relays.put(r.name(), r));
        this.journal = journal;
        this.batchMessages = batchMessages;
        this.batchBytes = batchBytes;
    }

    /** The account the policy core saw submit this queue id, if it did. */
    protected final Optional<Account> ownerFromPolicy(String queueId) {
        return journal == null ? Optional.empty() : journal.accountOfQueueId(queueId);
    }

    /** The account's messages in those queues on one relay. */
    protected abstract List<QueuedMessage> messagesOf(R relay, Account account, Set<QueueName> queues);

    /** The deferred messages on one relay by owner ({@link #NOBODY} may be among them: it is left out). */
    protected abstract Map<Account, Long> deferredByAccount(R relay);

    /** One batch of copies from one relay by queue id; a message that left the queue is missing from the result. */
    protected abstract Map<String, byte[]> copies(R relay, List<QueuedMessage> batch);

    /** Why the copy cannot be the whole listed message (its size is not what the listing said), or null if it can. */
    protected abstract String notWhole(QueuedMessage listed, byte[] copy);

    /**
     * One batch: the adapter's copies, each checked against the listing (a copy that is not whole fails the batch:
     * nothing is deleted that was not copied whole); a message that left the queue is missing from the result.
     */
    private Map<QueuedMessage, byte[]> contentBatch(R relay, List<QueuedMessage> batch) {
        Map<String, byte[]> read;
        try {
            read = copies(relay, batch);
        } catch (RuntimeException e) {
            throw relay.failure("copying messages", e);
        }
        Map<QueuedMessage, byte[]> out = new LinkedHashMap<>();
        for (QueuedMessage m : batch) {
            byte[] content = read.get(m.queueId());
            if (content == null) {
                continue;
            }
            String notWhole = notWhole(m, content);
            if (notWhole != null) {
                throw new MailServerException("relay " + relay.name() + ": " + notWhole);
            }
            out.put(m, content);
        }
        return out;
    }

    /** The relay's command that queues a message again (the message comes on its standard input). */
    protected abstract Command submission(R relay, String sender, List<String> recipients);

    @Override
    public final List<QueuedMessage> messagesOf(Account account, Set<QueueName> queues) {
        List<QueuedMessage> out = new ArrayList<>();
        forEachRelay("listing the queue", relay -> out.addAll(messagesOf(relay, account, queues)));
        out.sort(Comparator.comparing(QueuedMessage::arrival).thenComparing(QueuedMessage::relay)
                .thenComparing(QueuedMessage::queueId));
        return out;
    }

    @Override
    public final Map<String, Map<Account, Long>> deferredByAccount() {
        Map<String, Map<Account, Long>> out = new LinkedHashMap<>();
        forEachRelay("counting deferred mail", relay -> {
            Map<Account, Long> counts = new LinkedHashMap<>(deferredByAccount(relay));
            counts.remove(NOBODY);
            out.put(relay.name(), counts);
        });
        return out;
    }

    /** One message's content, read as a batch of one. */
    @Override
    public byte[] content(QueuedMessage message) {
        byte[] content = contents(List.of(message)).get(message);
        if (content == null) {
            throw new MailServerException("relay " + message.relay() + ": message " + message.queueId() + " is not queued any more");
        }
        return content;
    }

    /** Relay by relay in batches of at most the adapter's number of messages or listed bytes. */
    @Override
    public final Map<QueuedMessage, byte[]> contents(List<QueuedMessage> messages) {
        return RelayCalls.inBatches(relays, messages, batchMessages, batchBytes, this::contentBatch);
    }

    @Override
    public final void resubmit(String relayName, String sender, List<String> recipients, byte[] message) {
        R relay = relay(relayName);
        try {
            relay.runner().run(submission(relay, sender, recipients).withStdin(message)).orThrow();
        } catch (RuntimeException e) {
            throw relay.failure("resubmitting a message", e);
        }
    }

    /** The login as an account; no login, or one that is not a valid account, is {@link #NOBODY}. */
    protected static Account accountOrNobody(String login) {
        if (login.isEmpty()) {
            return NOBODY;
        }
        try {
            return Account.parse(login);
        } catch (InvalidAccountException e) {
            return NOBODY;
        }
    }

    protected final R relay(String name) {
        return RelayCalls.named(relays, name);
    }

    protected final void byRelay(Collection<QueuedMessage> messages, String what, BiConsumer<R, List<String>> op) {
        RelayCalls.byRelay(relays, messages, what, op);
    }

    protected final void forEachRelay(String what, Consumer<R> action) {
        RelayCalls.forEach(relays.values(), what, action);
    }
}
