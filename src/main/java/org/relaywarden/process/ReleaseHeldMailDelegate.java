package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.enforcement.EnforcementService;
import org.springframework.stereotype.Component;

import static org.relaywarden.process.RemediationVariables.RELEASED_COUNT;

/** Task_ReleaseHeldMail: the watch window passed without a burst; deliver what was held. */
@Component("releaseHeldMail")
class ReleaseHeldMailDelegate extends RemediationDelegate {

    private final EnforcementService enforcement;

    ReleaseHeldMailDelegate(CaseRecords cases, EnforcementService enforcement) {
        super(cases);
        this.enforcement = enforcement;
    }

    @Override
    protected void run(DelegateExecution execution, CaseReference ref, Account account) {
        RELEASED_COUNT.set(execution, enforcement.releaseHeld(ref, account));
    }
}
