package org.relaywarden.process;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.springframework.stereotype.Component;

/**
 * Every user task, on complete: the decision into the case's audit trail, with who decided (the
 * authenticated user, else the assignee), the task by its BPMN name, the decision and the comment; the
 * audit line carries the time.
 */
@Component("auditDecision")
class DecisionAuditListener implements TaskListener {

    static final String ACTION = "DECISION";

    private final CaseRecords cases;
    private final IdentityService identity;

    DecisionAuditListener(CaseRecords cases, IdentityService identity) {
        this.cases = cases;
        this.identity = identity;
    }

    @Override
    public void notify(DelegateTask task) {
        CaseReference ref = CaseReference.parse(task.getExecution().getProcessBusinessKey());
        RelayRemediation.TaskForm form = RelayRemediation.TASK_FORMS.get(task.getTaskDefinitionKey());
        if (form == null) {
            throw new IllegalStateException("no form fields are declared for " + task.getTaskDefinitionKey());
        }
        Object decision = form.decision().getOrNull(task);
        String comment = form.comment() == null ? null : form.comment().getOrNull(task);
        cases.audit(ref, actor(identity, task), ACTION, definitionName(task) + ": " + form.decision().name() + "=" + decision
                + (comment == null || comment.isBlank() ? "" : "; comment: " + comment));
    }

    /**
     * The task as the BPMN names it, never the task's own name: anyone who may update a task could rename it
     * (issue 27.3: the audit read the name an agent had chosen).
     */
    static String definitionName(DelegateTask task) {
        UserTask element = task.getBpmnModelElementInstance();
        return element != null && element.getName() != null && !element.getName().isBlank() ? element.getName()
                : task.getTaskDefinitionKey();
    }

    /** Who completes the task: the authenticated user, else the assignee. */
    static String actor(IdentityService identity, DelegateTask task) {
        Authentication who = identity.getCurrentAuthentication();
        if (who != null && who.getUserId() != null) {
            return who.getUserId();
        }
        return task.getAssignee() == null ? "unknown" : task.getAssignee();
    }
}
