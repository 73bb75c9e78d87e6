package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.credentials.CredentialService;
import org.relaywarden.enforcement.EnforcementService;
import org.springframework.stereotype.Component;

/**
 * Task_SuspendRelay, Task_ResuspendRelay: refuse the account's relaying on every relay, then take the fingerprint
 * of its stored password (the baseline of "password changed since the suspension"; a store that cannot be read is
 * noted, never a reason to fail the suspension).
 */
@Component("suspendRelay")
class SuspendRelayDelegate extends RemediationDelegate {

    private final EnforcementService enforcement;
    private final CredentialService credentials;

    SuspendRelayDelegate(CaseRecords cases, EnforcementService enforcement, CredentialService credentials) {
        super(cases);
        this.enforcement = enforcement;
        this.credentials = credentials;
    }

    @Override
    protected void run(DelegateExecution execution, CaseReference ref, Account account) {
        enforcement.suspend(ref, account);
        credentials.fingerprintAtSuspension(ref, account);
    }
}
