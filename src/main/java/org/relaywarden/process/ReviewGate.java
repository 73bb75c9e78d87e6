package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.credentials.CredentialCheck;
import org.relaywarden.credentials.CredentialService;
import org.springframework.stereotype.Component;

import static org.relaywarden.process.RemediationVariables.REVIEW_DECISION;

/**
 * Task_ReviewAnswers, on complete (added by {@link ReviewGatePlugin}, after the audit of the decision): an approved
 * re-enable is put to the decision {@code reenable-policy} with a fresh password check. REFUSE turns the approval
 * into "ask again": the ask-again letter explains that the password must be changed first (and the reviewer's
 * comment goes with it); WARN lets it through with an audit line. Both are audited.
 */
@Component("reviewGate")
class ReviewGate implements TaskListener {

    private final CredentialService credentials;
    private final ReenablePolicy policy;
    private final CaseRecords cases;

    ReviewGate(CredentialService credentials, ReenablePolicy policy, CaseRecords cases) {
        this.credentials = credentials;
        this.policy = policy;
        this.cases = cases;
    }

    @Override
    public void notify(DelegateTask task) {
        if (!RelayRemediation.ReviewDecisions.APPROVE.equals(REVIEW_DECISION.getOrNull(task))) {
            return;
        }
        CaseReference ref = CaseReference.parse(task.getExecution().getProcessBusinessKey());
        CredentialCheck check = credentials.check(ref);
        switch (policy.decide(check, task.getProcessDefinitionId())) {
            case ALLOW -> {
            }
            case WARN -> cases.audit(ref, CaseRecords.SYSTEM, "REENABLE_WARNING", "re-enable approved with a warning of the"
                    + " decision " + ReenablePolicy.DECISION_ID + ": " + check.summary());
            case REFUSE -> {
                REVIEW_DECISION.set(task.getExecution().getProcessInstance(), RelayRemediation.ReviewDecisions.ASK_AGAIN);
                cases.audit(ref, CaseRecords.SYSTEM, "REENABLE_REFUSED", "the approval was refused by the decision "
                        + ReenablePolicy.DECISION_ID + " (" + check.summary() + "): the customer is asked again, with a letter"
                        + " explaining that the password must be changed first");
            }
        }
    }
}
