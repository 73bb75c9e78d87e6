package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.enforcement.EnforcementService;
import org.springframework.stereotype.Component;

/**
 * Task_HoldForReview: the account's new mail is held on every relay (relay state HELD) while the desk reviews.
 * An account suspended on the relays stays suspended: BPMN error {@code AccountAlreadySuspended}, and the case takes
 * the suspension path.
 */
@Component("holdForReview")
class HoldForReviewDelegate extends RemediationDelegate {

    private final EnforcementService enforcement;

    HoldForReviewDelegate(CaseRecords cases, EnforcementService enforcement) {
        super(cases);
        this.enforcement = enforcement;
    }

    @Override
    protected void run(DelegateExecution execution, CaseReference ref, Account account) {
        if (!enforcement.holdForReview(ref, account)) {
            throw new BpmnError(RelayRemediation.Errors.ACCOUNT_ALREADY_SUSPENDED, account + " is suspended on the relays");
        }
    }
}
