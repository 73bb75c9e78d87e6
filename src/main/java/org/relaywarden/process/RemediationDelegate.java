package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the process's delegates: resolves the case by business key and the account from the case
 * record (never from the {@code account} variable, which a task could write), logs, and rethrows
 * technical failures so that job retries and then an incident in Cockpit take over.
 * A delegate maps input, makes one call into a feature's service and maps output.
 */
abstract class RemediationDelegate implements JavaDelegate {

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final CaseRecords cases;

    protected RemediationDelegate(CaseRecords cases) {
        this.cases = cases;
    }

    @Override
    public final void execute(DelegateExecution execution) {
        CaseReference ref = CaseReference.parse(execution.getProcessBusinessKey());
        Account account = cases.get(ref).account();
        log.debug("{} {} for {}", ref, execution.getCurrentActivityId(), account);
        try {
            run(execution, ref, account);
        } catch (RuntimeException e) {
            log.warn("{} {} failed for {}: {}", ref, execution.getCurrentActivityId(), account, e.toString());
            throw e;
        }
    }

    protected abstract void run(DelegateExecution execution, CaseReference ref, Account account);
}
