package org.relaywarden.process;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.notification.LetterTemplates;
import org.relaywarden.questionnaire.mail.AgentInbox;
import org.relaywarden.questionnaire.Answers;
import org.relaywarden.questionnaire.mail.IncomingReply;
import org.relaywarden.questionnaire.mail.ReadingConfidence;
import org.relaywarden.questionnaire.mail.ReplyReading;
import org.relaywarden.security.Roles;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link AgentInbox} as a standalone Camunda task for the agents' group (here, because only the
 * process package talks to the engine), next to the process's user tasks in
 * Tasklist. The raw text, sender, subject and case travel as task variables; the agent enters the
 * answers through {@code POST /api/v1/cases/{id}/answers} and completes the task, or, for a reply the reader was
 * unsure of, confirms the pre-filled reading with one click (which completes the task).
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
        newTask(ref, reply, reason, "Read customer reply", Map.of());
    }

    /**
     * The reader's best reading is pre-filled in the variables the review form uses for answers ({@code answerCause},
     * {@code answerPrevention}, {@code answerQueueEmptied}, {@code answerQueueOutput}, with the judgements), for the agent
     * to see; the confirmation ({@code confirmReading}) submits the copy kept with the reply's record, never these
     * variables, which whoever works the task could change.
     */
    @Override
    public void confirmReading(CaseReference ref, IncomingReply reply, long replyId, ReplyReading reading) {
        Answers a = reading.answers();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("replyId", replyId);
        v.put("readingConfidence", reading.confidence().name());
        v.put("readingDoubts", String.join("; ", reading.doubts()));
        // how sure the reader is of each answer (0-100) and why, so the agent sees which one to look at
        v.put("readingScores", String.join("; ", reading.scores().values().stream().map(ReadingConfidence.Score::summary).toList()));
        v.put("answerCause", nz(a.cause()));
        v.put("answerCauseJudgement", a.causeJudgement().summary());
        v.put("answerPrevention", nz(a.prevention()));
        v.put("answerPreventionJudgement", a.preventionJudgement().summary());
        v.put("answerQueueEmptied", a.questionThree().summary());
        v.put("answerQueueOutput", nz(a.queueOutput()));
        v.put("missingQuestions", a.missingQuestions());
        v.put("confirmReading", "POST /api/v1/cases/" + ref + "/replies/" + replyId + "/confirm-reading");
        newTask(ref, reply, "the reader is unsure of its reading (" + String.join("; ", reading.doubts())
                + "): confirm the pre-filled reading or enter the answers", "Confirm the reading of a customer reply", v);
    }

    @Override
    public void readingConfirmed(String messageId) {
        for (Task t : tasks.createTaskQuery().taskVariableValueEquals("taskKind", TASK_KIND)
                .taskVariableValueEquals("replyMessageId", messageId).list()) {
            tasks.complete(t.getId());
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private void newTask(CaseReference ref, IncomingReply reply, String reason, String name, Map<String, Object> prefill) {
        Task task = tasks.newTask();
        task.setName(name + (ref == null ? " (no case matched)" : " for " + ref));
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
        v.putAll(prefill);
        tasks.setVariablesLocal(task.getId(), v);
    }
}
