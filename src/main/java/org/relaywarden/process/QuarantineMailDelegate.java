package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.quarantine.QuarantineService;
import org.springframework.stereotype.Component;

import static org.relaywarden.process.RemediationVariables.QUARANTINED_COUNT;

/** Task_QuarantineQueuedMail, Task_QuarantineHeldMail: move the account's queued mail into quarantine. */
@Component("quarantineMail")
class QuarantineMailDelegate extends RemediationDelegate {

    private final QuarantineService quarantine;

    QuarantineMailDelegate(CaseRecords cases, QuarantineService quarantine) {
        super(cases);
        this.quarantine = quarantine;
    }

    @Override
    protected void run(DelegateExecution execution, CaseReference ref, Account account) {
        QUARANTINED_COUNT.set(execution, quarantine.quarantine(ref, account));
    }
}
