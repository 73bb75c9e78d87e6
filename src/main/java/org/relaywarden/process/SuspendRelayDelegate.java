package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.enforcement.EnforcementService;
import org.springframework.stereotype.Component;

/** Task_SuspendRelay, Task_ResuspendRelay: refuse the account's relaying on every relay. */
@Component("suspendRelay")
class SuspendRelayDelegate extends RemediationDelegate {

    private final EnforcementService enforcement;

    SuspendRelayDelegate(CaseRecords cases, EnforcementService enforcement) {
        super(cases);
        this.enforcement = enforcement;
    }

    @Override
    protected void run(DelegateExecution execution, CaseReference ref, Account account) {
        enforcement.suspend(ref, account);
    }
}
