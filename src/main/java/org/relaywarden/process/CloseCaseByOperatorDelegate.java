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

import static org.relaywarden.process.RemediationVariables.*;

/**
 * Task_ApplyOperatorClose: the operator's chosen final relay state, the operator's name and reason into the audit trail.
 * Closed with the account ACTIVE, the case was a false positive: the account gets its quiet period (issue 14 item 4),
 * and mail held for review is released (issue 29).
 */
@Component("closeCaseByOperator")
class CloseCaseByOperatorDelegate extends RemediationDelegate {

    private final EnforcementService enforcement;
    private final AccountAllowances allowances;
    private final CaseRisk risk;

    CloseCaseByOperatorDelegate(CaseRecords cases, EnforcementService enforcement, AccountAllowances allowances,
                                CaseRisk risk) {
        super(cases);
        this.enforcement = enforcement;
        this.allowances = allowances;
        this.risk = risk;
    }

    @Override
    protected void run(DelegateExecution execution, CaseReference ref, Account account) {
        RelayState finalState = RelayState.valueOf(FINAL_RELAY_STATE.get(execution));
        // granted first, in the same transaction: the close stays the case's last audit line
        if (finalState == RelayState.ACTIVE) {
            // a case held for review, closed with the account active: its held mail is the customer's own, released
            // (and the policy core told) as the review's "legitimate" would; else it would stay held for ever
            risk.heldReview(ref).filter(r -> r.decision() == null)
                    .ifPresent(r -> enforcement.releaseHeldForReview(ref, account, r.heldSince()));
            allowances.grantQuietPeriod(account, ref, CLOSED_BY.get(execution), CLOSE_REASON.getOrNull(execution));
        }
        enforcement.closeCase(ref, account, CaseOutcome.CLOSED_BY_OPERATOR, finalState, CLOSED_BY.get(execution),
                CLOSE_REASON.getOrNull(execution));
    }
}
