package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.enforcement.EnforcementService;
import org.springframework.stereotype.Component;

/** Task_StageReenable: accept the account's mail again, but hold it (nothing is delivered). */
@Component("stageReenable")
class StageReenableDelegate extends RemediationDelegate {

    private final EnforcementService enforcement;

    StageReenableDelegate(CaseRecords cases, EnforcementService enforcement) {
        super(cases);
        this.enforcement = enforcement;
    }

    @Override
    protected void run(DelegateExecution execution, CaseReference ref, Account account) {
        enforcement.hold(ref, account);
    }
}
