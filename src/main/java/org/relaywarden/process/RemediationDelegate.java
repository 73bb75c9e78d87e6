package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the process's delegates: resolves the case and the account, logs, and rethrows
 * technical failures so that job retries and then an incident in Cockpit take over.
 * A delegate maps input, makes one call into a feature's service and maps output.
 */
abstract class RemediationDelegate implements JavaDelegate {

    private final Logger log = LoggerFactory.getLogger(getClass());

    @Override
    public final void execute(DelegateExecution execution) {
        CaseReference ref = CaseReference.parse(execution.getProcessBusinessKey());
        Account account = Account.parse(RemediationVariables.ACCOUNT.get(execution));
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
