package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.springframework.stereotype.Component;

/**
 * Gateway_NeedsConfirmation ({@code ${blastRadius.needsConfirmation(execution)}}): whether the blast-radius guard
 * held the case when it opened, read by business key from the case record, never from a process variable (which
 * a task could write). The gateway has a savepoint before it: the engine's start runs in a transaction of its own that does
 * not see the case the alert's transaction is still writing, so the gateway asks once that is committed (a case not
 * visible yet fails the job, which is retried, rather than count as "not held"). Public, as the expression language calls only public methods of public classes.
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
