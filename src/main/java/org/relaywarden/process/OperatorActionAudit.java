package org.relaywarden.process;

import org.camunda.bpm.engine.impl.cmd.AbstractPatchVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractVariableCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.history.event.HistoricProcessInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.UserOperationLogEntryEventEntity;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandContextListener;
import org.camunda.bpm.engine.impl.interceptor.CommandInvocationContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.HistoricProcessInstanceEntity;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.UnknownCaseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Copies the engine's user operation log (written for every authenticated user's operation: a job
 * retry, a variable change, a cancellation, a modification, a task completion ...) into the case's
 * audit trail, in the same transaction: actor = the user, action = {@code ENGINE_<operation>},
 * detail = what changed (the variables' names and new values for a variable change). One audit
 * line per operation. Added next to the engine's own history handler, which keeps writing.
 */
class OperatorActionAudit implements HistoryEventHandler {

    private static final Logger log = LoggerFactory.getLogger(OperatorActionAudit.class);
    /** Per running command: its audit lines, written when it closes. */
    private final Map<CommandContext, Map<String, Line>> pending = Collections.synchronizedMap(new WeakHashMap<>());

    private final CaseRecords cases;

    OperatorActionAudit(CaseRecords cases) {
        this.cases = cases;
    }

    @Override
    public void handleEvents(List<HistoryEvent> events) {
        events.forEach(this::handleEvent);
    }

    @Override
    public void handleEvent(HistoryEvent event) {
        if (!(event instanceof UserOperationLogEntryEventEntity entry) || entry.getProcessInstanceId() == null
                || entry.getUserId() == null) {
            return;
        }
        CommandContext context = Context.getCommandContext();
        CaseReference ref = caseOf(context, entry.getProcessInstanceId());
        if (ref == null) {
            return;
        }
        pending(context).computeIfAbsent(entry.getOperationId() + "|" + ref,
                k -> new Line(ref, entry.getUserId(), entry.getOperationType(), entry.getEntityType(), variables(), new StringBuilder()))
                .properties(entry);
    }

    record Line(CaseReference ref, String actor, String operation, String entity, String variables, StringBuilder changes) {
        void properties(UserOperationLogEntryEventEntity entry) {
            if (entry.getProperty() != null) {
                changes.append(changes.isEmpty() ? "" : ", ").append(entry.getProperty()).append(": ")
                        .append(entry.getOrgValue()).append(" -> ").append(entry.getNewValue());
            }
        }

        String detail() {
            return entity + (variables == null ? "" : " " + variables) + (changes.isEmpty() ? "" : " (" + changes + ")");
        }
    }

    /** The lines of this command, written once when it closes (one line per operation, not per property). */
    private Map<String, Line> pending(CommandContext context) {
        Map<String, Line> existing = pending.get(context);
        if (existing != null) {
            return existing;
        }
        Map<String, Line> lines = new LinkedHashMap<>();
        pending.put(context, lines);
        context.registerCommandContextListener(new CommandContextListener() {
            @Override
            public void onCommandContextClose(CommandContext commandContext) {
                pending.remove(commandContext);
                for (Line line : lines.values()) {
                    try {
                        cases.audit(line.ref(), line.actor(), "ENGINE_" + line.operation(), line.detail());
                    } catch (RuntimeException e) {
                        // the engine's operation itself stands; the case table may not know this business key
                        log.warn("operation log of {} not copied into the case: {}", line.ref(), e.toString());
                    }
                }
            }

            @Override
            public void onCommandFailed(CommandContext commandContext, Throwable t) {
                pending.remove(commandContext);
            }
        });
        return lines;
    }

    /** The case of a relay-remediation instance by its business key (also for an instance being deleted). */
    private static CaseReference caseOf(CommandContext context, String processInstanceId) {
        String businessKey = null;
        ExecutionEntity execution = context.getExecutionManager().findExecutionById(processInstanceId);
        if (execution != null) {
            businessKey = execution.getBusinessKey();
        } else {
            HistoricProcessInstanceEventEntity historic = context.getDbEntityManager()
                    .selectById(HistoricProcessInstanceEntity.class, processInstanceId);
            businessKey = historic == null ? null : historic.getBusinessKey();
        }
        try {
            return businessKey == null ? null : CaseReference.parse(businessKey);
        } catch (UnknownCaseException e) {
            return null;
        }
    }

    /** For a variable command: the names and new values it sets, or the names it removes. */
    private static String variables() {
        CommandInvocationContext invocation = Context.getCommandInvocationContext();
        Object command = invocation == null ? null : invocation.getCommand();
        if (!(command instanceof AbstractVariableCmd) && !(command instanceof AbstractPatchVariablesCmd)) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (String field : new String[]{"variables", "deletions", "variableNames"}) {
            Object value = read(command, field);
            if (value instanceof Map<?, ?> m && !m.isEmpty()) {
                Map<Object, Object> plain = new LinkedHashMap<>();
                m.forEach((k, v) -> plain.put(k, v instanceof TypedValue t ? t.getValue() : v));
                b.append(b.isEmpty() ? "" : "; ").append("set ").append(plain);
            } else if (value instanceof Collection<?> c && !c.isEmpty()) {
                b.append(b.isEmpty() ? "" : "; ").append("removed ").append(c);
            }
        }
        return b.isEmpty() ? null : b.toString();
    }

    /** The field's value, or null where the command has none (the audit is best effort; the guard is not). */
    private static Object read(Object command, String name) {
        try {
            return CommandFields.read(command, name);
        } catch (IllegalStateException e) {
            return null;
        }
    }
}
