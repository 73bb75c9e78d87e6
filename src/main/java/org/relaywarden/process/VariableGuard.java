package org.relaywarden.process;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.impl.cmd.AbstractCorrelateMessageCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractPatchVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractRestartProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractVariableCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.HandleExternalTaskCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskBpmnErrorCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskEscalationCmd;
import org.camunda.bpm.engine.impl.cmd.MessageEventReceivedCmd;
import org.camunda.bpm.engine.impl.cmd.ModifyProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.ProcessInstanceModificationCmd;
import org.camunda.bpm.engine.impl.cmd.ResolveTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SignalCmd;
import org.camunda.bpm.engine.impl.cmd.SignalEventReceivedCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceAtActivitiesCmd;
import org.camunda.bpm.engine.impl.cmd.StartProcessInstanceCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitStartFormCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.cmd.batch.variables.SetVariablesToProcessInstancesBatchCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.relaywarden.security.Roles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The engine-level guard of the process's facts, before every command from every entry point
 * (Java API, {@code /engine-rest}, Tasklist's {@code /camunda/api/engine/...}): a person who is
 * neither an operator nor a Camunda admin (agents, leads) sets no variable at all, except the
 * fields of a user task's own form while completing it ({@link RelayRemediation#TASK_FORMS}).
 * <ul>
 *   <li>completing or submitting a task with any other variable: {@link FormFieldValidationException}
 *       (the REST API answers 400 "Cannot complete task ...: ..."), the task stays open;</li>
 *   <li>setting, changing or removing variables of a task or execution, correlating a message, signalling,
 *       starting or modifying an instance: {@link AuthorizationException} (403);</li>
 *   <li>throwing a BPMN error or escalation on a task (which would end or divert it without its form):
 *       {@link AuthorizationException} (403).</li>
 * </ul>
 * Commands without an authenticated user (the job executor, Relaywarden's own services) and
 * commands nested in another command pass: the outermost command was checked.
 */
class VariableGuard extends CommandInterceptor {

    private static final Logger log = LoggerFactory.getLogger(VariableGuard.class);

    /** Commands that write variables, other than completing a task. */
    static final List<Class<?>> VARIABLE_WRITERS = List.of(AbstractVariableCmd.class, AbstractPatchVariablesCmd.class, AbstractCorrelateMessageCmd.class,
            MessageEventReceivedCmd.class, SignalCmd.class, SignalEventReceivedCmd.class, StartProcessInstanceCmd.class,
            StartProcessInstanceAtActivitiesCmd.class, SubmitStartFormCmd.class, ModifyProcessInstanceCmd.class,
            ProcessInstanceModificationCmd.class, AbstractRestartProcessInstanceCmd.class, ResolveTaskCmd.class,
            HandleExternalTaskCmd.class, SetVariablesToProcessInstancesBatchCmd.class);

    /** Commands that end or divert a task other than by its form (and may carry variables too). */
    static final List<Class<?>> TASK_DIVERTERS = List.of(HandleTaskBpmnErrorCmd.class, HandleTaskEscalationCmd.class);

    private final Supplier<IdentityService> identity;

    VariableGuard(Supplier<IdentityService> identity) {
        this.identity = identity;
    }

    @Override
    public <T> T execute(Command<T> command) {
        if (Context.getCommandContext() == null) {
            Authentication who = identity.get().getCurrentAuthentication();
            if (restricted(who)) {
                check(command, who.getUserId());
            }
            if (command instanceof CompleteTaskCmd || command instanceof SubmitTaskFormCmd) {
                checkDecision(command);
            }
        }
        return next.execute(command);
    }

    /**
     * For everyone: a task with a form is completed with one of its decision's values (issue 27.5: an unknown
     * review decision left the gateway without a way on, a 500). A decision set before (by an operator) counts.
     */
    private void checkDecision(Command<?> command) {
        String taskId = (String) read(command, "taskId");
        Map<?, ?> variables = (Map<?, ?>) read(command, command instanceof CompleteTaskCmd ? "variables" : "properties");
        record Found(String definitionKey, Object before) {
        }
        Found found = next.execute(ctx -> {
            TaskEntity task = ctx.getTaskManager().findTaskById(taskId);
            // a standalone task (e.g. "Read customer reply") has no definition key
            if (task == null || task.getTaskDefinitionKey() == null
                    || !RelayRemediation.TASK_FORMS.containsKey(task.getTaskDefinitionKey())) {
                return null;
            }
            String name = RelayRemediation.TASK_FORMS.get(task.getTaskDefinitionKey()).decision().name();
            return new Found(task.getTaskDefinitionKey(), task.getVariable(name));
        });
        if (found == null) {
            return;
        }
        RelayRemediation.TaskForm form = RelayRemediation.TASK_FORMS.get(found.definitionKey());
        String name = form.decision().name();
        boolean given = variables != null && variables.containsKey(name);
        Object value = given ? variables.get(name) : found.before();
        if (value instanceof TypedValue typed) {
            value = typed.getValue();
        }
        if (value == null || !form.choices().contains(value)) {
            Set<String> choices = new TreeSet<>();
            form.choices().forEach(c -> choices.add(String.valueOf(c)));
            log.warn("refused: completing task {} ({}) with {}={} (not one of {})", taskId, found.definitionKey(), name,
                    value, choices);
            throw new FormFieldValidationException(Set.of(name), "the decision " + name + " must be one of " + choices
                    + (value == null ? "; it is missing" : "; not " + value));
        }
    }

    /** Authenticated, but neither in relaywarden-operators nor in camunda-admin. */
    static boolean restricted(Authentication who) {
        if (who == null || who.getUserId() == null) {
            return false;
        }
        List<String> groups = who.getGroupIds() == null ? List.of() : who.getGroupIds();
        return !groups.contains(Roles.OPERATORS) && !groups.contains(Groups.CAMUNDA_ADMIN);
    }

    private void check(Command<?> command, String user) {
        if (command instanceof CompleteTaskCmd || command instanceof SubmitTaskFormCmd) {
            String taskId = (String) read(command, "taskId");
            Map<?, ?> variables = (Map<?, ?>) read(command, command instanceof CompleteTaskCmd ? "variables" : "properties");
            if (variables == null || variables.isEmpty()) {
                return;
            }
            String definitionKey = next.execute(ctx -> {
                TaskEntity task = ctx.getTaskManager().findTaskById(taskId);
                return task == null ? null : task.getTaskDefinitionKey();
            });
            RelayRemediation.TaskForm form = definitionKey == null ? null : RelayRemediation.TASK_FORMS.get(definitionKey);
            Set<String> allowed = form == null ? Set.of() : form.fields();
            Set<String> refused = new TreeSet<>();
            for (Object name : variables.keySet()) {
                if (!allowed.contains(String.valueOf(name))) {
                    refused.add(String.valueOf(name));
                }
            }
            if (!refused.isEmpty()) {
                log.warn("refused: {} completing task {} ({}) with variables {} outside its form", user, taskId,
                        definitionKey, refused);
                throw new FormFieldValidationException(refused, "this task accepts only its form's fields "
                        + new TreeSet<>(allowed) + "; not allowed: " + refused + " (the case record holds the account,"
                        + " the durations and the policy facts; operators change them through Relaywarden's API)");
            }
            return;
        }
        for (Class<?> diverter : TASK_DIVERTERS) {
            if (diverter.isInstance(command)) {
                log.warn("refused: {} tried {}", user, command.getClass().getSimpleName());
                throw new AuthorizationException("Relaywarden: only operators may throw a BPMN error or escalation on a"
                        + " task (" + command.getClass().getSimpleName() + " refused for " + user
                        + "); agents and leads complete a task with its form's fields");
            }
        }
        for (Class<?> writer : VARIABLE_WRITERS) {
            if (writer.isInstance(command)) {
                log.warn("refused: {} tried {} (agents and leads set no process variables)", user,
                        command.getClass().getSimpleName());
                throw new AuthorizationException("Relaywarden: only operators may set, change or remove process or task"
                        + " variables (" + command.getClass().getSimpleName() + " refused for " + user
                        + "); agents and leads complete a task with its form's fields");
            }
        }
    }

    private static Object read(Object command, String name) {
        return CommandFields.read(command, name);
    }
}
