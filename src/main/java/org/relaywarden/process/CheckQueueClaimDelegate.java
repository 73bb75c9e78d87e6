package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.questionnaire.QueueClaimCheck;
import org.springframework.stereotype.Component;

import static org.relaywarden.process.RemediationVariables.*;

/**
 * Task_CheckQueueClaim: checks the customer's "queue emptied" against the refused attempts after it;
 * the verdict routes Gateway_QueueClaimHolds, and a pending check waits for Timer_QueueClaimGraceOver
 * (its date from the answers and the configured grace: {@link CaseTimings#queueClaimGraceOver}).
 */
@Component("checkQueueClaim")
class CheckQueueClaimDelegate extends RemediationDelegate {

    private final QueueClaimCheck claims;

    CheckQueueClaimDelegate(CaseRecords cases, QueueClaimCheck claims) {
        super(cases);
        this.claims = claims;
    }

    @Override
    protected void run(DelegateExecution execution, CaseReference ref, Account account) {
        QueueClaimCheck.Result result = claims.check(ref);
        QUEUE_CLAIM.set(execution, result.verdict().name());
    }
}
