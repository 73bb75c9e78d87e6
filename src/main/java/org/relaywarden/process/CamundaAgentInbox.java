package org.relaywarden.process;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.notification.LetterTemplates;
import org.relaywarden.questionnaire.mail.AgentInbox;
import org.relaywarden.questionnaire.mail.IncomingReply;
import org.relaywarden.security.Roles;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link AgentInbox} as a standalone Camunda task for the agents' group (here, because only the
 * process package talks to the engine), next to the process's user tasks in
 * Tasklist. The raw text, sender, subject and case travel as task variables; the agent enters the
 * answers through {@code POST /api/v1/cases/{id}/answers} and completes the task.
 */
@Component
class CamundaAgentInbox implements AgentInbox {

    /** Set as the task variable {@code taskKind}: standalone tasks have no definition key. */
    static final String TASK_KIND = "readCustomerReply";

    private final TaskService tasks;

    CamundaAgentInbox(TaskService tasks) {
        this.tasks = tasks;
    }

    @Override
    public void readReply(CaseReference ref, IncomingReply reply, String reason) {
        Task task = tasks.newTask();
        task.setName("Read customer reply" + (ref == null ? " (no case matched)" : " for " + ref));
        String description = LetterTemplates.oneLine(reason + ": " + reply.subject());
        task.setDescription(description.length() > 3900 ? description.substring(0, 3900) : description);
        task.setPriority(60);
        tasks.saveTask(task);
        tasks.addCandidateGroup(task.getId(), Roles.AGENTS);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("taskKind", TASK_KIND);
        v.put("caseRef", ref == null ? "" : ref.toString());
        v.put("replyReason", reason);
        v.put("replyFrom", reply.from());
        v.put("replySubject", reply.subject());
        v.put("replyMessageId", reply.messageId());
        v.put("replyRawText", reply.text());
        tasks.setVariablesLocal(task.getId(), v);
    }
}
