package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.enforcement.EnforcementService;
import org.springframework.stereotype.Component;

/** Task_StartProbation: relay again, watched against the stricter probation threshold. */
@Component("startProbation")
class StartProbationDelegate extends RemediationDelegate {

    private final EnforcementService enforcement;

    StartProbationDelegate(CaseRecords cases, EnforcementService enforcement) {
        super(cases);
        this.enforcement = enforcement;
    }

    @Override
    protected void run(DelegateExecution execution, CaseReference ref, Account account) {
        enforcement.probation(ref, account);
    }
}
