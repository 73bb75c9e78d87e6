package org.relaywarden.quarantine;

import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.enforcement.MailQueue;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.QueuedMessage;
import org.relaywarden.metrics.RelaywardenMetrics;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Moves an account's queued mail into quarantine: hold it, copy each message, verify the copy,
 * commit its index entry, and only then delete the original. Idempotent and resumable: a re-run
 * after a crash at any point copies what is missing, deletes what is left, and duplicates nothing.
 */
@Service
public class QuarantineService {

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final MailQueue queue;
    private final QuarantineStore store;
    private final QuarantineIndex index;
    private final CaseRecords cases;
    private final Clock clock;
    private final RelaywardenMetrics metrics;

    QuarantineService(MailQueue queue, QuarantineStore store, QuarantineIndex index, CaseRecords cases, Clock clock,
                      RelaywardenMetrics metrics) {
        this.metrics = metrics;
        this.queue = queue;
        this.store = store;
        this.index = index;
        this.cases = cases;
        this.clock = clock;
    }

    /** Quarantines every queued message of the account; returns how many messages this run took out of the queues. */
    public long quarantine(CaseReference ref, Account account) {
        List<QueuedMessage> messages = queue.messagesOf(account, EnumSet.allOf(QueueName.class));
        if (messages.isEmpty()) {
            cases.audit(ref, CaseRecords.SYSTEM, "QUARANTINE", "no queued mail of " + account);
            return 0;
        }
        queue.hold(messages);
        List<QueuedMessage> verified = new ArrayList<>();
        for (QueuedMessage m : messages) {
            String key = key(ref, m);
            if (!index.contains(ref, m)) {
                byte[] content = queue.content(m);
                String sha = store.put(key, content);
                index.recordCommitted(ref, m, sha, content.length, clock.instant());
            } else if (!store.exists(key)) {
                throw new QuarantineIntegrityException("index lists " + key + " but the file is missing");
            }
            verified.add(m);
        }
        int deleted = queue.delete(verified);
        metrics.messages("quarantined", deleted);
        metrics.messages("held", verified.stream().filter(m -> m.queue() == QueueName.HOLD).count());
        cases.audit(ref, CaseRecords.SYSTEM, "QUARANTINE", verified.size() + " messages of " + account
                + " copied and verified, " + deleted + " deleted from the queues");
        return verified.size();
    }

    public List<QuarantinedMessage> ofCase(CaseReference ref) {
        return index.ofCase(ref);
    }

    /** The stored message as it was queued (an .eml). */
    public byte[] content(CaseReference ref, long id) {
        QuarantinedMessage m = index.find(ref, id)
                .orElseThrow(() -> new org.relaywarden.cases.UnknownCaseException("no quarantined message " + id + " in " + ref));
        return store.read(ref.id() + "/" + m.relay() + "/" + m.queueId() + ".eml");
    }

    static String key(CaseReference ref, QueuedMessage m) {
        if (!SAFE_ID.matcher(m.relay()).matches() || !SAFE_ID.matcher(m.queueId()).matches()) {
            throw new IllegalArgumentException("relay or queue id not fit for a file name");
        }
        return ref.id() + "/" + m.relay() + "/" + m.queueId() + ".eml";
    }
}
