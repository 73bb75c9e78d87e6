package org.relaywarden.process;

import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.cmd.AbstractAddIdentityLinkCmd;
import org.camunda.bpm.engine.impl.cmd.AssignTaskCmd;
import org.camunda.bpm.engine.impl.cmd.ClaimTaskCmd;
import org.camunda.bpm.engine.impl.cmd.DelegateTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SaveTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SetTaskOwnerCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.task.IdentityLink;
import org.relaywarden.security.MachineAccounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Supplier;

/**
 * A machine account (a member of relaywarden-monitoring, an API token) is never assignee, owner, delegate or
 * candidate of a user task, whoever tries to make it one (issue 27.3: an agent delegated a review to
 * {@code monitoring}, which then approved it). Two places, for every entry point and every role:
 * <ul>
 *   <li>as a command interceptor, before a claim, delegation, assignment, owner change, task save or identity
 *       link (candidate user or group, assignee, owner) reaches the engine: {@link BadUserRequestException}, the
 *       REST API answers 400 and nothing changed;</li>
 *   <li>as a built-in task listener of every user task on create, assignment and update, the backstop for any
 *       other way: the whole command is rolled back (the engine wraps a listener's exception: 500).</li>
 * </ul>
 */
class UserTaskGuard extends CommandInterceptor implements TaskListener {

    private static final Logger log = LoggerFactory.getLogger(UserTaskGuard.class);

    /** The task events the listener is added for. */
    static final List<String> EVENTS = List.of(TaskListener.EVENTNAME_CREATE, TaskListener.EVENTNAME_ASSIGNMENT,
            TaskListener.EVENTNAME_UPDATE);

    private final Supplier<IdentityService> identity;

    UserTaskGuard(Supplier<IdentityService> identity) {
        this.identity = identity;
    }

    @Override
    public <T> T execute(Command<T> command) {
        String userId = null;
        String groupId = null;
        if (command instanceof AbstractAddIdentityLinkCmd) {
            userId = (String) CommandFields.read(command, "userId");
            groupId = (String) CommandFields.read(command, "groupId");
        } else if (command instanceof ClaimTaskCmd || command instanceof DelegateTaskCmd) {
            userId = (String) CommandFields.read(command, "userId");
        } else if (command instanceof AssignTaskCmd || command instanceof SetTaskOwnerCmd) {
            userId = (String) CommandFields.read(command, "value");
        } else if (command instanceof SaveTaskCmd) {
            TaskEntity task = (TaskEntity) CommandFields.read(command, "task");
            if (task != null) {
                refuse(task.getAssignee(), null, task.getId());
                userId = task.getOwner();
            }
        }
        if (userId != null || groupId != null) {
            refuse(userId, groupId, command instanceof SaveTaskCmd ? "(saved)" : String.valueOf(CommandFields.read(command, "taskId")));
        }
        return next.execute(command);
    }

    /** Before the command: a refusal is a {@link BadUserRequestException}, which the REST API answers with 400. */
    private void refuse(String userId, String groupId, String task) {
        if (userId == null && groupId == null) {
            return;
        }
        boolean machine = next.execute(context -> context.runWithoutAuthorization(() -> machine(userId, groupId)));
        if (machine) {
            throw refusal(userId, groupId, task);
        }
    }

    /** The backstop for any other way (the engine wraps a listener's exception: the REST API then answers 500). */
    @Override
    public void notify(DelegateTask task) {
        String where = task.getTaskDefinitionKey() == null ? task.getId() : task.getTaskDefinitionKey();
        Context.getCommandContext().runWithoutAuthorization(() -> {
            check(task.getAssignee(), null, where);
            check(task.getOwner(), null, where);
            for (IdentityLink link : task.getCandidates()) {
                check(link.getUserId(), link.getGroupId(), where);
            }
            return null;
        });
    }

    private void check(String userId, String groupId, String task) {
        if (machine(userId, groupId)) {
            throw refusal(userId, groupId, task);
        }
    }

    private boolean machine(String userId, String groupId) {
        return MachineAccounts.isMachineGroup(groupId) || MachineAccounts.isMachineUser(identity.get(), userId);
    }

    private static BadUserRequestException refusal(String userId, String groupId, String task) {
        String who = MachineAccounts.isMachineGroup(groupId) ? "group '" + groupId + "'" : "user '" + userId + "'";
        log.warn("refused: the machine account {} as assignee, owner or candidate of task {}", who, task);
        return new BadUserRequestException("Relaywarden: " + who + " is a machine account (monitoring or API token):"
                + " it cannot be assignee, delegate, owner or candidate of a user task");
    }
}
