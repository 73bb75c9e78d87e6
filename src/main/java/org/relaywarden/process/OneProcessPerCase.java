package org.relaywarden.process;

import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.context.Context;
import org.relaywarden.cases.CaseReference;

import java.util.Optional;

/**
 * A {@code relay-remediation} instance runs only for a case, and only one per case (issue 27.5: a start without
 * a business key answered 500, and an operator could start a second process for an existing case). A built-in
 * listener at the start of every instance, from any entry point (Relaywarden's own start message, a message
 * correlated over {@code /engine-rest}, Cockpit, the Java API), refuses with {@link BadUserRequestException}
 * (400 over REST) and nothing is started. Camunda's REST resource for a start by definition answers every
 * engine exception but an authorization's with 500, so {@code security/EngineRequestGuard} asks
 * {@link #refusal} before such a request reaches the engine (400, or 409 for a second start).
 */
public class OneProcessPerCase implements ExecutionListener {

    /** Why the request may not start an instance: the business key is not a case reference. */
    public record Refusal(boolean conflict, String message) {
    }

    @Override
    public void notify(DelegateExecution execution) {
        String id = execution.getProcessInstanceId();
        Context.getCommandContext().runWithoutAuthorization(() -> refusal(execution.getProcessEngineServices()
                .getRuntimeService(), execution.getProcessBusinessKey(), id)).ifPresent(r -> {
            throw new BadUserRequestException(r.message());
        });
    }

    /** Why an instance with this business key may not start; empty when it may. Counts other running instances. */
    public static Optional<Refusal> refusal(RuntimeService runtime, String businessKey, String startingInstance) {
        CaseReference ref;
        try {
            ref = CaseReference.parse(businessKey);
        } catch (RuntimeException notACase) {
            return Optional.of(new Refusal(false, "Relaywarden: a " + RelayRemediation.PROCESS_ID + " process starts"
                    + " only for a case: its business key must be a case reference such as RW-1 (cases are opened by"
                    + " alerts), not " + (businessKey == null ? "none" : "'" + businessKey.replaceAll("\\p{Cntrl}", "?") + "'")));
        }
        long others = runtime.createProcessInstanceQuery().processDefinitionKey(RelayRemediation.PROCESS_ID)
                .processInstanceBusinessKey(ref.toString()).list().stream()
                .filter(p -> !p.getId().equals(startingInstance)).count();
        return others == 0 ? Optional.empty() : Optional.of(new Refusal(true, "Relaywarden: case " + ref
                + " already has its " + RelayRemediation.PROCESS_ID + " process: one process per case"));
    }
}
