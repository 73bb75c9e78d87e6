package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.relaywarden.cases.CaseDurations;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseRisk;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.questionnaire.QueueClaimCheck;
import org.springframework.stereotype.Component;

import java.util.Date;

/**
 * The durations the timers and job retries of {@code relay-remediation} read, by business key from
 * the case record ({@code ${caseTimings.watchWindow(execution)}}): never from a process variable,
 * which a task could write. A case opened before durations were kept with the case (V40) gets
 * the configured ones. Public, as the expression language calls only public methods of public classes.
 */
@Component("caseTimings")
public class CaseTimings {

    private final CaseRecords cases;
    private final RemediationSettings settings;
    private final QueueClaimCheck queueClaims;
    private final CaseRisk risk;

    CaseTimings(CaseRecords cases, RemediationSettings settings, QueueClaimCheck queueClaims, CaseRisk risk) {
        this.risk = risk;
        this.cases = cases;
        this.settings = settings;
        this.queueClaims = queueClaims;
    }

    /** The configured durations, as a new case keeps them. */
    CaseDurations configured() {
        return new CaseDurations(settings.retryCycle(), settings.reminderCycle(), settings.unresponsiveAfter(),
                settings.watchWindow(), settings.probationPeriod());
    }

    CaseDurations of(CaseReference ref) {
        return cases.durations(ref).orElseGet(this::configured);
    }

    public String retryCycle(DelegateExecution execution) {
        return of(execution).retryCycle();
    }

    public String reminderCycle(DelegateExecution execution) {
        return of(execution).reminderCycle();
    }

    public String unresponsiveAfter(DelegateExecution execution) {
        return of(execution).unresponsiveAfter();
    }

    public String watchWindow(DelegateExecution execution) {
        return of(execution).watchWindow();
    }

    public String probationPeriod(DelegateExecution execution) {
        return of(execution).probationPeriod();
    }

    /** Timer_ReviewOverdue: how often the desk is reminded of a case held for review (kept with the case, V75). */
    public String heldReviewReminder(DelegateExecution execution) {
        return risk.heldReview(ref(execution)).map(CaseRisk.HeldReview::reviewReminder)
                .orElse(settings.heldReviewReminder());
    }

    /** Timer_ReviewDeadline: when a case held for review that nobody decided is suspended (kept with the case, V75). */
    public String heldReviewDeadline(DelegateExecution execution) {
        return risk.heldReview(ref(execution)).map(CaseRisk.HeldReview::reviewDeadline)
                .orElse(settings.heldReviewDeadline());
    }

    /** Timer_QueueClaimGraceOver: when the grace after the customer's claim of an empty queue is over. */
    public Date queueClaimGraceOver(DelegateExecution execution) {
        return Date.from(queueClaims.graceOverAt(CaseReference.parse(execution.getProcessBusinessKey())));
    }

    private CaseDurations of(DelegateExecution execution) {
        return of(ref(execution));
    }

    private static CaseReference ref(DelegateExecution execution) {
        return CaseReference.parse(execution.getProcessBusinessKey());
    }
}
