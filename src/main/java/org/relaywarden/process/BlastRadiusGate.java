package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.springframework.stereotype.Component;

/**
 * Gateway_NeedsConfirmation ({@code ${blastRadius.needsConfirmation(execution)}}): whether the blast-radius guard
 * held the case when it opened, read by business key from the case record, never from a process variable (which
 * a task could write). The gateway runs in the alert's own transaction (the engine joins it), which has just written
 * the case: no savepoint before it, so a case that is not held reaches its suspension job one job hop sooner. A case
 * that cannot be read fails the start and with it the alert (the monitoring system sends it again), never counts as
 * "not held". Public, as the expression language calls only public methods of public classes.
 */
@Component("blastRadius")
public class BlastRadiusGate {

    private final CaseRecords cases;

    BlastRadiusGate(CaseRecords cases) {
        this.cases = cases;
    }

    public boolean needsConfirmation(DelegateExecution execution) {
        return cases.needsConfirmation(CaseReference.parse(execution.getProcessBusinessKey()));
    }
}
