package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseOutcome;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseRisk;
import org.relaywarden.detection.AccountAllowances;
import org.relaywarden.enforcement.EnforcementService;
import org.relaywarden.enforcement.RelayState;
import org.springframework.stereotype.Component;

/**
 * Task_CloseFalsePositive: the held mail was legitimate: the account gets its quiet period (docs/false-positives.md)
 * and the case closes with the account ACTIVE, in the reviewer's name and with the reviewer's note from the case
 * record (written when the review was completed), never from a variable.
 */
@Component("closeFalsePositive")
class CloseFalsePositiveDelegate extends RemediationDelegate {

    private final EnforcementService enforcement;
    private final AccountAllowances allowances;
    private final CaseRisk risk;

    CloseFalsePositiveDelegate(CaseRecords cases, EnforcementService enforcement, AccountAllowances allowances, CaseRisk risk) {
        super(cases);
        this.enforcement = enforcement;
        this.allowances = allowances;
        this.risk = risk;
    }

    @Override
    protected void run(DelegateExecution execution, CaseReference ref, Account account) {
        CaseRisk.HeldReview review = risk.heldReview(ref)
                .filter(r -> r.decision() == CaseRisk.Decision.LEGITIMATE)
                .orElseThrow(() -> new IllegalStateException(ref + ": no 'legitimate' decision in the case record"));
        String why = "held mail legitimate" + (review.note() == null || review.note().isBlank() ? "" : ": " + review.note());
        // granted first, in the same transaction: the close stays the case's last audit line
        allowances.grantQuietPeriod(account, ref, review.decidedBy(), why);
        enforcement.closeCase(ref, account, CaseOutcome.CLOSED_BY_OPERATOR, RelayState.ACTIVE, review.decidedBy(), why);
    }
}
