package org.relaywarden.process;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.relaywarden.account.Account;
import org.relaywarden.cases.CaseDurations;
import org.relaywarden.cases.CaseNotWaitingException;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseRisk;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.RemediationProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.relaywarden.process.RemediationVariables.*;

/** The {@link RemediationProcess} port on the embedded Camunda engine: start and correlate by business key. */
@Component
class CamundaRemediationProcess implements RemediationProcess {

    private static final Logger log = LoggerFactory.getLogger(CamundaRemediationProcess.class);
    /** A correlation that met a concurrent change of the case is tried this often in all. */
    static final int CORRELATION_ATTEMPTS = 3;

    private final RuntimeService runtime;
    private final ManagementService management;
    private final CaseRecords cases;
    private final CaseTimings timings;
    private final TaskService tasks;

    private final CaseRisk risk;
    private final RemediationSettings settings;

    CamundaRemediationProcess(RuntimeService runtime, ManagementService management, CaseRecords cases,
                              CaseTimings timings, TaskService tasks, CaseRisk risk, RemediationSettings settings) {
        this.risk = risk;
        this.settings = settings;
        this.tasks = tasks;
        this.runtime = runtime;
        this.management = management;
        this.cases = cases;
        this.timings = timings;
    }

    /**
     * Keeps the configured durations with the case and starts its process. The account travels only
     * as a display value for Cockpit: delegates and listeners read the case record.
     */
    @Override
    public void start(CaseReference ref, Account account, boolean originator) {
        cases.keepDurations(ref, timings.configured());
        // a case the risk opened held: since when its mail is held and the review's durations, kept with the case
        risk.verdicts(ref).stream().findFirst().filter(v -> CaseRisk.HOLD.equals(v.level())).ifPresent(v ->
                risk.startHeldReview(ref, v.decidedAt(), settings.heldReviewReminder(), settings.heldReviewDeadline()));
        runtime.createMessageCorrelation(RelayRemediation.Messages.ABUSE_SUSPECTED)
                .processInstanceBusinessKey(ref.toString())
                .setVariables(values(
                        entry(ACCOUNT, account.login()),
                        entry(ORIGINATOR, originator),
                        entry(FAILED_ATTEMPTS, 0)))
                .correlateStartMessage();
    }

    /**
     * Keeps the new durations with the case (audited) and moves the due date of the case's timers
     * that already wait: the watch window, probation and unresponsive timers count from when they
     * were created, so a timer whose new end has passed fires at once. A changed reminder cycle
     * applies to the next reminder timer (the waiting one keeps its due date).
     */
    @Override
    @Transactional
    public CaseDurations changeDurations(CaseReference ref, CaseDurations changes, String operator) {
        CaseDurations now = cases.changeDurations(ref, changes, timings.configured(), operator);
        Map<String, String> timers = new LinkedHashMap<>();
        if (changes.watchWindow() != null) {
            timers.put(RelayRemediation.Elements.TIMER_WATCH_WINDOW_OVER, now.watchWindow());
        }
        if (changes.probationPeriod() != null) {
            timers.put(RelayRemediation.Elements.TIMER_PROBATION_OVER, now.probationPeriod());
        }
        if (changes.unresponsiveAfter() != null) {
            timers.put(RelayRemediation.Elements.TIMER_UNRESPONSIVE, now.unresponsiveAfter());
        }
        List<String> instances = runtime.createProcessInstanceQuery().processInstanceBusinessKey(ref.toString()).list()
                .stream().map(ProcessInstance::getId).toList();
        timers.forEach((activity, duration) -> instances.forEach(instance -> {
            for (Job job : management.createJobQuery().processInstanceId(instance).timers().activityId(activity).list()) {
                Instant due = job.getCreateTime().toInstant().plus(Duration.parse(duration));
                // the engine's clock decides when a timer is due
                Instant earliest = ClockUtil.getCurrentTime().toInstant();
                Date newDue = Date.from(due.isBefore(earliest) ? earliest : due);
                management.setJobDuedate(job.getId(), newDue);
                cases.audit(ref, operator, "TIMER_MOVED", activity + " due " + job.getDuedate().toInstant() + " -> "
                        + newDue.toInstant());
                log.info("{} {} moved to {} by {}", ref, activity, newDue.toInstant(), operator);
            }
        }));
        return now;
    }

    /**
     * Gives each job of the case's process instances that has no retries left one more (the engine resolves its
     * failed-job incident), in one transaction; audited with who, which activities and why.
     */
    @Override
    @Transactional
    public List<String> retryFailedSteps(CaseReference ref, String operator, String reason) {
        List<Job> failed = new ArrayList<>();
        for (ProcessInstance instance : runtime.createProcessInstanceQuery().processInstanceBusinessKey(ref.toString()).list()) {
            failed.addAll(management.createJobQuery().processInstanceId(instance.getId()).noRetriesLeft().list());
        }
        if (failed.isEmpty()) {
            throw new CaseNotWaitingException("case " + ref + " has no failed step to retry");
        }
        List<String> activities = new ArrayList<>();
        for (Job job : failed) {
            management.setJobRetries(job.getId(), 1);
            String activity = job.getFailedActivityId() != null ? job.getFailedActivityId() : "job " + job.getId();
            activities.add(activity);
        }
        cases.audit(ref, operator, "STEP_RETRIED", String.join(", ", activities) + " retried"
                + (reason == null || reason.isBlank() ? "" : ": " + reason));
        log.info("{}: failed steps {} retried by {}", ref, activities, operator);
        return activities;
    }

    @Override
    public void answersReceived(CaseReference ref, boolean complete, String missingQuestions) {
        correlate(ref, RelayRemediation.Messages.ANSWERS_RECEIVED, "waiting for answers",
                values(entry(ANSWERS_COMPLETE, complete), entry(MISSING_QUESTIONS, missingQuestions)));
    }

    @Override
    public void burstDetected(CaseReference ref, long messages, long seconds) {
        correlate(ref, RelayRemediation.Messages.BURST_DETECTED, "watching for a burst",
                values(entry(BURST_MESSAGES, messages), entry(BURST_SECONDS, seconds)));
    }

    @Override
    public void closeByOperator(CaseReference ref, String finalRelayState, String operator, String reason) {
        correlate(ref, RelayRemediation.Messages.CASE_CLOSED_BY_OPERATOR, "open",
                values(entry(FINAL_RELAY_STATE, finalRelayState), entry(CLOSED_BY, operator), entry(CLOSE_REASON, reason)));
    }

    /**
     * Tells a case held for review that the risk is sure now. Its message interrupts the held-for-review sub-process,
     * and the rise typically comes a fraction of a second after the HOLD that opened the case, while the job executor
     * runs the case's first job (Task_HoldForReview: holding on the relays takes seconds). Correlating then changes
     * the execution tree under the running job: whichever commits second fails, and the job failed with the engine's
     * ENGINE-16004 NullPointerException (its execution read before the correlation's commit, its tree after) or,
     * worse, the correlation failed and the rise was lost (the case stayed held). So while a job of the case is being
     * executed (or the correlation still meets a concurrent change) the rise is not told and the caller asks again
     * later, without waiting here (the caller's thread raises every other account's alerts); a job not yet started is
     * simply interrupted.
     */
    @Override
    public boolean riskRaised(CaseReference ref, boolean evenIfBusy) {
        if (!evenIfBusy && jobRunning(ref)) {
            return false;
        }
        try {
            correlate(ref, RelayRemediation.Messages.RISK_RAISED, "held for review", Map.of());
            return true;
        } catch (OptimisticLockingException concurrent) {
            if (evenIfBusy) {
                throw concurrent;
            }
            return false;
        }
    }

    private boolean jobRunning(CaseReference ref) {
        ProcessInstance pi = runtime.createProcessInstanceQuery().processInstanceBusinessKey(ref.toString()).singleResult();
        if (pi == null) {
            return false;
        }
        Date now = ClockUtil.getCurrentTime();
        return management.createJobQuery().processInstanceId(pi.getId()).list().stream()
                .map(JobEntity.class::cast)
                .anyMatch(j -> j.getLockOwner() != null && j.getLockExpirationTime() != null && j.getLockExpirationTime().after(now));
    }

    /**
     * Completes the case's Task_ReviewHeldMail as the operator with "legitimate" and the operator's note: the process
     * then releases the held mail, relays again, tells the policy core and closes the case as a false positive.
     */
    @Override
    public void releaseHeld(CaseReference ref, String operator, String note) {
        completeAs(ref, RelayRemediation.Elements.REVIEW_HELD_MAIL, "held for review", operator, values(
                entry(HELD_MAIL_DECISION, RelayRemediation.HeldMailDecisions.LEGITIMATE),
                entry(HELD_MAIL_NOTE, note)));
    }

    /**
     * Completes the case's Task_ConfirmSuspension as the operator (its assignee, whom the decision audit names).
     * The task's completion is the engine's own check: a task completed meanwhile is not waiting.
     */
    @Override
    public void confirmSuspension(CaseReference ref, boolean suspend, String operator, String reason) {
        completeAs(ref, RelayRemediation.Elements.CONFIRM_SUSPENSION, "waiting for a confirmation of its suspension",
                operator, values(
                        entry(SUSPENSION_DECISION, suspend ? RelayRemediation.SuspensionDecisions.SUSPEND
                                : RelayRemediation.SuspensionDecisions.CLOSE),
                        entry(SUSPENSION_COMMENT, reason)));
    }

    /**
     * Completes the case's waiting user task as the operator (its assignee, whom the decision audit names). The
     * task's completion is the engine's own check: a task completed meanwhile is not waiting.
     */
    private void completeAs(CaseReference ref, String taskId, String expected, String operator, Map<String, Object> form) {
        Task task = tasks.createTaskQuery().processInstanceBusinessKey(ref.toString()).taskDefinitionKey(taskId).singleResult();
        if (task == null) {
            throw new CaseNotWaitingException("case " + ref + " is not " + expected);
        }
        try {
            tasks.setAssignee(task.getId(), operator);
            tasks.complete(task.getId(), form);
        } catch (NullValueException | OptimisticLockingException gone) {
            throw new CaseNotWaitingException("case " + ref + " is not " + expected);
        }
    }

    /**
     * Correlates by business key. A case that is not waiting for the message is told so without
     * asking the engine to correlate (which would log an error for an ordinary 409 or for the
     * burst watch's next look); the engine's own check still decides a race.
     */
    private void correlate(CaseReference ref, String message, String expected, Map<String, Object> variables) {
        boolean waiting = runtime.createExecutionQuery().processInstanceBusinessKey(ref.toString())
                .messageEventSubscriptionName(message).count() > 0;
        if (!waiting) {
            throw new CaseNotWaitingException("case " + ref + " is not " + expected);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                runtime.createMessageCorrelation(message)
                        .processInstanceBusinessKey(ref.toString())
                        .setVariables(variables)
                        .correlate();
                return;
            } catch (MismatchingMessageCorrelationException e) {
                throw new CaseNotWaitingException("case " + ref + " is not " + expected);
            } catch (OptimisticLockingException concurrent) {
                // the case changed meanwhile (a job of its process committed first): ask again whether it still waits
                if (attempt == CORRELATION_ATTEMPTS) {
                    throw concurrent;
                }
                if (runtime.createExecutionQuery().processInstanceBusinessKey(ref.toString())
                        .messageEventSubscriptionName(message).count() == 0) {
                    throw new CaseNotWaitingException("case " + ref + " is not " + expected);
                }
            }
        }
    }
}
