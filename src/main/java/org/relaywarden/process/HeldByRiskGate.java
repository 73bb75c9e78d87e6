package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseRisk;
import org.springframework.stereotype.Component;

/**
 * Gateway_HeldByRisk ({@code ${heldByRisk.atOpening(execution)}}): whether the policy core's risk opened the case
 * with HOLD (the case is held for review) rather than SUSPEND or another alert (the usual suspension path). Read by
 * business key from the case record in the alert's own transaction, which has just written the verdict; never from
 * a process variable. Public, as the expression language calls only public methods of public classes.
 */
@Component("heldByRisk")
public class HeldByRiskGate {

    private final CaseRisk risk;

    HeldByRiskGate(CaseRisk risk) {
        this.risk = risk;
    }

    public boolean atOpening(DelegateExecution execution) {
        return risk.openedHeld(CaseReference.parse(execution.getProcessBusinessKey()));
    }
}
