package org.relaywarden.process;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseRisk;
import org.relaywarden.metrics.RelaywardenMetrics;
import org.springframework.stereotype.Component;

import java.util.Locale;

import static org.relaywarden.process.RemediationVariables.HELD_MAIL_DECISION;
import static org.relaywarden.process.RemediationVariables.HELD_MAIL_NOTE;

/**
 * Task_ReviewHeldMail, on complete: the desk's decision into the case record, in the name of the person who
 * completed the review (the logged-in user, else the assignee), with the note. The steps after it (the release, the
 * false positive's close and quiet period) read who decided from there, never from a variable.
 */
@Component("recordHeldDecision")
class RecordHeldDecisionListener implements TaskListener {

    private final CaseRisk risk;
    private final IdentityService identity;
    private final RelaywardenMetrics metrics;

    RecordHeldDecisionListener(CaseRisk risk, IdentityService identity, RelaywardenMetrics metrics) {
        this.risk = risk;
        this.identity = identity;
        this.metrics = metrics;
    }

    @Override
    public void notify(DelegateTask task) {
        String decision = HELD_MAIL_DECISION.get(task);
        CaseRisk.Decision d = switch (decision) {
            case RelayRemediation.HeldMailDecisions.LEGITIMATE -> CaseRisk.Decision.LEGITIMATE;
            case RelayRemediation.HeldMailDecisions.SPAM -> CaseRisk.Decision.SPAM;
            default -> throw new IllegalArgumentException("heldMailDecision must be legitimate or spam, not " + decision);
        };
        risk.recordDecision(CaseReference.parse(task.getExecution().getProcessBusinessKey()), d,
                DecisionAuditListener.actor(identity, task), HELD_MAIL_NOTE.getOrNull(task));
        metrics.heldReview(d.name().toLowerCase(Locale.ROOT));
    }
}
