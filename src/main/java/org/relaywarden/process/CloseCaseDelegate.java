package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseOutcome;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.enforcement.EnforcementService;
import org.relaywarden.enforcement.RelayState;
import org.springframework.stereotype.Component;

import static org.relaywarden.process.RemediationVariables.FINAL_RELAY_STATE;
import static org.relaywarden.process.RemediationVariables.OUTCOME;

/** Task_CloseRemediated, Task_CloseTerminated: final relay state and outcome come from the task's input parameters. */
@Component("closeCase")
class CloseCaseDelegate extends RemediationDelegate {

    private final EnforcementService enforcement;

    CloseCaseDelegate(CaseRecords cases, EnforcementService enforcement) {
        super(cases);
        this.enforcement = enforcement;
    }

    @Override
    protected void run(DelegateExecution execution, CaseReference ref, Account account) {
        enforcement.closeCase(ref, account, CaseOutcome.valueOf(OUTCOME.get(execution)),
                RelayState.valueOf(FINAL_RELAY_STATE.get(execution)), CaseRecords.SYSTEM, null);
    }
}
