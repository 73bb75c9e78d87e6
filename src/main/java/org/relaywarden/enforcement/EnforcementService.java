package org.relaywarden.enforcement;

import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseOutcome;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseStage;
import org.relaywarden.cases.RemediationCase;
import org.relaywarden.enforcement.risk.RiskFeedback;
import org.relaywarden.metrics.RelaywardenMetrics;
import org.springframework.beans.factory.ObjectProvider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

    private final ObjectProvider<RiskFeedback> feedback;

    EnforcementService(RelayControl relays, MailQueue queue, CaseRecords cases, RelaywardenMetrics metrics, Clock clock,
                       ObjectProvider<RiskFeedback> feedback) {
        this.feedback = feedback;
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

    /**
     * A case held for review: the account's new mail is accepted and held on every relay (the durable layer of the
     * staged re-enable's hold). Returns false, and changes nothing, if the account is suspended on the relays (an
     * earlier case ended so): a hold must never lift a suspension.
     */
    public boolean holdForReview(CaseReference ref, Account account) {
        if (relays.stateOf(account) == RelayState.SUSPENDED) {
            cases.audit(ref, CaseRecords.SYSTEM, "HOLD_REFUSED", account + ": suspended on the relays, not held instead");
            return false;
        }
        relays.hold(account, "held for review, case " + ref);
        cases.audit(ref, CaseRecords.SYSTEM, "RELAY_HELD", account + ": new mail accepted and held for review, not delivered");
        return true;
    }

    /**
     * The desk found the held mail legitimate: the policy core learns the account's mail since {@code heldSince} as
     * normal (and lifts its own hold), the relays relay again, then the held mail is released (in this order, so
     * that nothing arrives into a hold after its release). Returns how many messages were released.
     */
    public long releaseHeldForReview(CaseReference ref, Account account, Instant heldSince) {
        feedback.getIfAvailable(() -> RiskFeedback.NONE).legitimate(account, heldSince);
        relays.restore(account);
        cases.audit(ref, CaseRecords.SYSTEM, "RELAY_ACTIVE", account + ": relaying again; the policy core learns its mail since "
                + heldSince + " as normal");
        return releaseHeld(ref, account);
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
