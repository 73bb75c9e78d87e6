package org.relaywarden.enforcement;

import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseOutcome;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseStage;
import org.relaywarden.cases.RemediationCase;
import org.relaywarden.metrics.RelaywardenMetrics;

import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Service;

import java.util.EnumSet;
import java.util.List;

/**
 * Changes an account's relay state for a case and writes the audit trail. The relay calls are
 * idempotent, so a retried job repeats them harmlessly.
 */
@Service
public class EnforcementService {

    private final RelayControl relays;
    private final MailQueue queue;
    private final CaseRecords cases;

    private final RelaywardenMetrics metrics;
    private final Clock clock;

    EnforcementService(RelayControl relays, MailQueue queue, CaseRecords cases, RelaywardenMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
        this.relays = relays;
        this.queue = queue;
        this.cases = cases;
    }

    public void suspend(CaseReference ref, Account account) {
        relays.suspend(account, "relaying suspended, case " + ref);
        RemediationCase c = cases.get(ref);
        if (c.stage() == CaseStage.DETECTED) {
            metrics.suspendedAfter(Duration.between(c.createdAt(), clock.instant()));
        }
        cases.audit(ref, CaseRecords.SYSTEM, "RELAY_SUSPENDED", account + ": relaying refused, mail retrieval untouched");
    }

    public void hold(CaseReference ref, Account account) {
        relays.hold(account, "staged re-enable, case " + ref);
        cases.audit(ref, CaseRecords.SYSTEM, "RELAY_HELD", account + ": new mail accepted and held, not delivered");
    }

    public void probation(CaseReference ref, Account account) {
        relays.probation(account);
        cases.audit(ref, CaseRecords.SYSTEM, "RELAY_PROBATION", account + ": relaying again, watched closely");
    }

    /** Delivers the mail held during the watch window; returns how many messages were released. */
    public long releaseHeld(CaseReference ref, Account account) {
        List<QueuedMessage> held = queue.messagesOf(account, EnumSet.of(QueueName.HOLD));
        queue.release(held);
        long released = held.isEmpty() ? 0 : QueuedMessage.leftOut(held, queue.messagesOf(account, EnumSet.of(QueueName.HOLD)));
        metrics.messages("held", released);
        metrics.messages("released", released);
        cases.audit(ref, CaseRecords.SYSTEM, "HELD_MAIL_RELEASED", released + " held messages released for delivery");
        return released;
    }

    /** Sets the account's final relay state and closes the case. */
    public void closeCase(CaseReference ref, Account account, CaseOutcome outcome, RelayState finalState, String actor,
                          String why) {
        switch (finalState) {
            case ACTIVE -> relays.restore(account);
            case SUSPENDED -> relays.suspend(account, "relaying suspended, case " + ref + " closed");
            default -> throw new IllegalArgumentException("a case closes with the account ACTIVE or SUSPENDED, not " + finalState);
        }
        cases.close(ref, outcome, finalState.name(), actor, why);
    }
}
