package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseRecords;
import org.springframework.stereotype.Component;

import static org.relaywarden.process.RemediationVariables.*;

/** Task_RecordFailedAttempt: count the failed re-enable with the case; the policy table reads the count. */
@Component("recordFailedAttempt")
class RecordFailedAttemptDelegate extends RemediationDelegate {

    private final CaseRecords cases;

    RecordFailedAttemptDelegate(CaseRecords cases) {
        super(cases);
        this.cases = cases;
    }

    @Override
    protected void run(DelegateExecution execution, CaseReference ref, Account account) {
        Long quarantined = QUARANTINED_COUNT.getOrNull(execution);
        String detail = BURST_MESSAGES.getOrDefault(execution, 0L) + " messages in "
                + BURST_SECONDS.getOrDefault(execution, 0L) + " s" + (quarantined == null ? "" : ", " + quarantined + " held quarantined");
        FAILED_ATTEMPTS.set(execution, cases.recordFailedAttempt(ref, detail));
    }
}
