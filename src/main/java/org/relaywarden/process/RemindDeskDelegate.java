package org.relaywarden.process;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.task.Task;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.metrics.RelaywardenMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Task_RemindDesk (Timer_ReviewOverdue, every relaywarden.process.held-review-reminder): a case held for review
 * waits, and with it the customer's mail. Its review task moves up in Tasklist (priority +10 per reminder, at most
 * 100), the audit trail says so ({@code REVIEW_OVERDUE}), the metric {@code relaywarden_risk_reviews_overdue_total}
 * counts it and the log warns.
 */
@Component("remindDesk")
class RemindDeskDelegate extends RemediationDelegate {

    private static final Logger log = LoggerFactory.getLogger(RemindDeskDelegate.class);
    static final int PRIORITY_STEP = 10;
    static final int MAX_PRIORITY = 100;

    private final CaseRecords cases;
    private final RelaywardenMetrics metrics;

    RemindDeskDelegate(CaseRecords cases, RelaywardenMetrics metrics) {
        super(cases);
        this.cases = cases;
        this.metrics = metrics;
    }

    @Override
    protected void run(DelegateExecution execution, CaseReference ref, Account account) {
        TaskService tasks = execution.getProcessEngineServices().getTaskService();
        for (Task task : tasks.createTaskQuery().processInstanceId(execution.getProcessInstanceId())
                .taskDefinitionKey(RelayRemediation.Elements.REVIEW_HELD_MAIL).list()) {
            tasks.setPriority(task.getId(), Math.min(MAX_PRIORITY, task.getPriority() + PRIORITY_STEP));
        }
        cases.audit(ref, CaseRecords.SYSTEM, "REVIEW_OVERDUE", account + ": held mail waits for the desk's review");
        metrics.heldReviewOverdue();
        log.warn("{}: mail of {} held for review waits for the desk", ref, account);
    }
}
