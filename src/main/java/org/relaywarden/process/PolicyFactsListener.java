package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.Evidence;
import org.relaywarden.cases.RemediationCase;
import org.springframework.stereotype.Component;

import static org.relaywarden.process.RemediationVariables.*;

/**
 * Task_DecidePolicy and Gateway_FirstNoticeDue, on start: (re)loads the facts that decide the
 * case's fate ({@code originator}, {@code failedAttempts}, {@code earlierIncidents}, {@code volume})
 * from the case record, in the same transaction as the decision, so that no earlier write to
 * those variables survives into it.
 */
@Component("loadPolicyFacts")
class PolicyFactsListener implements ExecutionListener {

    private final CaseRecords cases;

    PolicyFactsListener(CaseRecords cases) {
        this.cases = cases;
    }

    @Override
    public void notify(DelegateExecution execution) {
        CaseReference ref = CaseReference.parse(execution.getProcessBusinessKey());
        RemediationCase c = cases.get(ref);
        ORIGINATOR.set(execution, c.originator());
        FAILED_ATTEMPTS.set(execution, c.failedAttempts());
        EARLIER_INCIDENTS.set(execution, cases.earlierIncidents(ref));
        VOLUME.set(execution, cases.evidence(ref).map(Evidence::messageCount).orElse(0).longValue());
    }
}
