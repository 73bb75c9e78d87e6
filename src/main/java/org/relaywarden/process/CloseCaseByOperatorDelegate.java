package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseOutcome;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.enforcement.EnforcementService;
import org.relaywarden.enforcement.RelayState;
import org.springframework.stereotype.Component;

import static org.relaywarden.process.RemediationVariables.*;

/** Task_ApplyOperatorClose: the operator's chosen final relay state, the operator's name and reason into the audit trail. */
@Component("closeCaseByOperator")
class CloseCaseByOperatorDelegate extends RemediationDelegate {

    private final EnforcementService enforcement;

    CloseCaseByOperatorDelegate(CaseRecords cases, EnforcementService enforcement) {
        super(cases);
        this.enforcement = enforcement;
    }

    @Override
    protected void run(DelegateExecution execution, CaseReference ref, Account account) {
        enforcement.closeCase(ref, account, CaseOutcome.CLOSED_BY_OPERATOR,
                RelayState.valueOf(FINAL_RELAY_STATE.get(execution)), CLOSED_BY.get(execution),
                CLOSE_REASON.getOrNull(execution));
    }
}
