package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseRisk;
import org.relaywarden.enforcement.EnforcementService;
import org.springframework.stereotype.Component;

import static org.relaywarden.process.RemediationVariables.RELEASED_COUNT;

/**
 * Task_ReleaseHeldForReview: the desk found the held mail legitimate: the policy core learns it (since the case
 * record's held-since), the account relays again and the held mail is released. Idempotent: a second run finds
 * the relays active and the hold queue empty.
 */
@Component("releaseHeldForReview")
class ReleaseHeldForReviewDelegate extends RemediationDelegate {

    private final EnforcementService enforcement;
    private final CaseRisk risk;

    ReleaseHeldForReviewDelegate(CaseRecords cases, EnforcementService enforcement, CaseRisk risk) {
        super(cases);
        this.enforcement = enforcement;
        this.risk = risk;
    }

    @Override
    protected void run(DelegateExecution execution, CaseReference ref, Account account) {
        CaseRisk.HeldReview review = risk.heldReview(ref)
                .orElseThrow(() -> new IllegalStateException(ref + " has no held review in its case record"));
        RELEASED_COUNT.set(execution, enforcement.releaseHeldForReview(ref, account, review.heldSince()));
    }
}
