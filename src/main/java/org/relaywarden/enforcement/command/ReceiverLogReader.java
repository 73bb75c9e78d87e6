package org.relaywarden.enforcement.command;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.PolicyJournal;
import org.relaywarden.enforcement.risk.ReceiverAnswers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One way of reading the receiving servers' answers from relays' logs for every adapter whose log shows them: each
 * relay's log read on from where the last read ended ({@link ReceiverLog}), each new line given to the adapter's
 * {@link #line}, which knows its log's format and calls {@link #answered} for a delivery the receiver accepted,
 * deferred or refused. The message's login comes from the log's own submission line, else from the policy service's
 * record of the message id ({@link PolicyJournal}). A relay without a log, or whose log cannot be read now, is passed
 * over until the next read.
 */
public abstract class ReceiverLogReader<R extends ConfiguredRelay> implements ReceiverAnswers {

    private static final Logger log = LoggerFactory.getLogger(ReceiverLogReader.class);

    private final List<R> relays;
    private final PolicyJournal journal;
    private final Map<String, ReceiverLog> logs = new HashMap<>();

    protected ReceiverLogReader(List<R> relays, PolicyJournal journal) {
        this.relays = List.copyOf(relays);
        this.journal = journal;
    }

    /** The relay's log read on from where the last read ended, or empty where the relay has no log configured. */
    protected abstract Optional<LogTail> tailOf(R relay);

    /** One new line of a relay's log: its submission line ({@link ReceiverLog#submitted}) or a delivery ({@link #answered}). */
    protected abstract void line(String line, ReceiverLog state, Map<Account, int[]> counted);

    @Override
    public synchronized List<Answers> read() {
        Map<Account, int[]> counted = new LinkedHashMap<>();
        for (R relay : relays) {
            ReceiverLog state = logs.get(relay.name());
            if (state == null) {
                Optional<LogTail> tail = tailOf(relay);
                if (tail.isEmpty()) {
                    continue;
                }
                state = new ReceiverLog(tail.get());
                logs.put(relay.name(), state);
            }
            List<String> lines;
            try {
                lines = state.tail().newLines();
            } catch (RuntimeException e) {
                log.debug("relay {}: log not read for the receivers' answers: {}", relay.name(), e.getMessage());
                continue;
            }
            for (String line : lines) {
                line(line, state, counted);
            }
        }
        return ReceiverLog.answers(counted);
    }

    /**
     * A receiver's answer for one recipient of message {@code id}: {@link ReceiverLog#ACCEPTED}, {@link ReceiverLog#DEFERRED}
     * (counted once however often the relay retries it) or {@link ReceiverLog#REFUSED}, counted for the message's login.
     */
    protected final void answered(ReceiverLog state, Map<Account, int[]> counted, String id, String recipient, int kind) {
        if (kind == ReceiverLog.DEFERRED && !state.firstDeferral(id, recipient)) {
            return;
        }
        Account a = state.loginOf(id);
        if (a == null) {
            Optional<Account> known = journal.accountOfQueueId(id);
            if (known.isEmpty()) {
                return;
            }
            a = known.get();
        }
        ReceiverLog.count(counted, a, kind);
    }
}
