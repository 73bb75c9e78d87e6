package org.relaywarden.enforcement.qmail;

import org.relaywarden.enforcement.command.Command;
import org.relaywarden.enforcement.command.RelayMailQueue;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.MailQueue;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.QueuedMessage;
import org.relaywarden.enforcement.command.CommandResult;
import org.relaywarden.enforcement.command.CommandRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@link MailQueue} on every configured qmail relay, through the installed queue tool
 * ({@code relaywarden-qmail-queue}, shipped beside the queue front). qmail has no hold queue:
 * Relaywarden's hold folder on the relay is it (the queue front stores held mail there, and
 * {@link #hold} moves queued mail there with qmail-send stopped only for the move).
 * <p>
 * A message belongs to its envelope sender, which on qmail is the SMTP AUTH login: the relay runs
 * qmail-smtpd with {@code FORCEAUTHMAILFROM} (docs/qmail.md), so an authenticated client cannot
 * send with another sender. Queues: preprocessed mail is {@link QueueName#DEFERRED} (qmail does not
 * tell a first attempt from a retry), mail not yet preprocessed ({@code todo/}, e.g. while qmail-send
 * is down) is {@link QueueName#INCOMING}, the hold folder is {@link QueueName#HOLD}.
 */
public class QmailMailQueue extends RelayMailQueue<QmailRelay> {

    private static final Logger log = LoggerFactory.getLogger(QmailMailQueue.class);
    static final int BATCH = 1000;
    static final long BATCH_BYTES = 64L * 1024 * 1024;

    public QmailMailQueue(List<QmailRelay> relays) {
        super(relays, null, BATCH, BATCH_BYTES);
    }

    /** One line of {@code list}. */
    record Listed(String state, String id, Instant arrival, long size, String sender, List<String> recipients) {
        QueueName queue() {
            return switch (state) {
                case "held" -> QueueName.HOLD;
                case "todo" -> QueueName.INCOMING;
                default -> QueueName.DEFERRED;
            };
        }

        /** The sender as the account (no valid login: bounces, local mail, is {@link #NOBODY}). */
        Account account() {
            return accountOrNobody(sender);
        }
    }

    static void readListing(InputStream in, Consumer<Listed> each) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            String[] f = line.split("\t", -1);
            if (f.length != 6) {
                throw new IOException("unexpected queue listing line: " + line);
            }
            List<String> rcpts = f[5].isEmpty() ? List.of() : Arrays.asList(f[5].split(" "));
            each.accept(new Listed(f[0], f[1], Instant.ofEpochSecond(Long.parseLong(f[2])), Long.parseLong(f[3]), f[4], rcpts));
        }
    }

    private List<Listed> list(QmailRelay relay, Account account) {
        List<Listed> out = new ArrayList<>();
        CommandRunner.Streamed<Void> s = relay.runner().stream(
                account == null ? relay.queueTool("list") : relay.queueTool("list", account.login()), in -> {
                    readListing(in, out::add);
                    return null;
                });
        s.result().orThrow();
        return out;
    }

    @Override
    protected List<QueuedMessage> messagesOf(QmailRelay relay, Account account, Set<QueueName> queues) {
        List<QueuedMessage> out = new ArrayList<>();
        for (Listed l : list(relay, account)) {
            if (queues.contains(l.queue()) && l.account().equals(account)) {
                out.add(new QueuedMessage(relay.name(), l.id(), l.queue(), account, l.sender(), l.recipients(), l.size(), l.arrival()));
            }
        }
        return out;
    }

    @Override
    protected Map<Account, Long> deferredByAccount(QmailRelay relay) {
        Map<Account, Long> counts = new LinkedHashMap<>();
        for (Listed l : list(relay, null)) {
            if (l.queue() == QueueName.DEFERRED) {
                counts.merge(l.account(), 1L, Long::sum);
            }
        }
        return counts;
    }

    /**
     * Moves queued messages into the hold folder (held ones are left as they are). The queue tool
     * stops qmail-send for the move and starts it again (also after a failure): per message copy,
     * sync, compare, commit, then delete from the queue, so a crash loses and doubles nothing.
     */
    @Override
    public void hold(Collection<QueuedMessage> messages) {
        byRelay(messages.stream().filter(m -> m.queue() != QueueName.HOLD).toList(), "holding", (relay, ids) -> {
            CommandResult r = relay.runner().run(relay.queueTool("hold", ids));
            r.orThrow();
        });
    }

    /** In batches of up to {@link #BATCH} messages or {@link #BATCH_BYTES}, one {@code cat} per batch; sizes must match the listing. */
    @Override
    protected Map<String, byte[]> copies(QmailRelay relay, List<QueuedMessage> batch) {
        CommandRunner.Streamed<Map<String, byte[]>> s = relay.runner().stream(
                relay.queueTool("cat", batch.stream().map(QueuedMessage::queueId).toList()), QmailMailQueue::readFrames);
        s.result().orThrow();
        return s.value();
    }

    @Override
    protected String notWhole(QueuedMessage listed, byte[] copy) {
        return listed.size() > 0 && copy.length != listed.size()
                ? "message " + listed.queueId() + " has " + copy.length + " bytes, the queue listing said " + listed.size() : null;
    }

    /** The {@code cat} output: {@code ID SIZE\n} and SIZE bytes, again and again. */
    static Map<String, byte[]> readFrames(InputStream in) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        while (true) {
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (header.size() > 100) {
                    throw new IOException("bad frame header from the queue tool");
                }
                header.write(b);
            }
            if (b == -1) {
                if (header.size() > 0) {
                    throw new IOException("truncated frame header from the queue tool");
                }
                return out;
            }
            String[] h = header.toString(StandardCharsets.US_ASCII).split(" ");
            if (h.length != 2 || !QmailRelay.QUEUE_ID.matcher(h[0]).matches()) {
                throw new IOException("bad frame header from the queue tool: " + header);
            }
            int size = Integer.parseInt(h[1]);
            byte[] body = in.readNBytes(size);
            if (body.length != size) {
                throw new IOException("message " + h[0] + " truncated: " + body.length + " of " + size + " bytes");
            }
            out.put(h[0], body);
        }
    }

    @Override
    public void deleteHeld(Collection<QueuedMessage> messages) {
        byRelay(messages, "deleting held messages", (relay, ids) -> relay.runner().run(relay.queueTool("delete-held", ids)).orThrow());
    }

    /** Hands held messages to qmail-queue (delivered at once: qmail has no retry schedule for new mail). */
    @Override
    public void release(Collection<QueuedMessage> messages) {
        byRelay(messages, "releasing", (relay, ids) -> relay.runner().run(relay.queueTool("release", ids)).orThrow());
    }

    @Override
    protected Command submission(QmailRelay relay, String sender, List<String> recipients) {
        List<String> args = new ArrayList<>();
        args.add(sender.isEmpty() ? "" : Account.checkedAddress(sender));
        recipients.forEach(r -> args.add(Account.checkedAddress(r)));
        return relay.queueTool("resubmit", args.toArray(String[]::new));
    }
}
