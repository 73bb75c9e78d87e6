package org.relaywarden.process;

import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.relaywarden.cases.CaseReference;

import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.assertj.core.api.Assertions;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.*;
import static org.relaywarden.process.RelayRemediation.Elements.*;
import static org.relaywarden.process.RelayRemediation.Messages.*;

/**
 * Engine tests of {@code relay-remediation}, one per path of the foundation issue (a-l). The
 * delegates are stand-ins ({@link ProcessRecorder}); savepoints are passed with execute(job()).
 * The class fails if its tests together cover less than 95% of the process's flow nodes and flows.
 */
@Deployment(resources = {"bpmn/relay-remediation.bpmn", "bpmn/remediation-policy.dmn"})
class RelayRemediationProcessTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = ProcessEngineCoverageExtension.builder("process-test.camunda.cfg.xml")
            .assertClassCoverageAtLeast(0.95)
            .build();

    static final String CASE = "RW-7";
    ProcessRecorder recorder;

    @BeforeEach
    void setUp() {
        init(engine.getProcessEngine());
        recorder = new ProcessRecorder();
        recorder.register();
    }

    @AfterEach
    void tearDown() {
        Mocks.reset();
        ClockUtil.reset();
    }

    // ---- helpers ---------------------------------------------------------------------------

    ProcessInstance start(boolean originator) {
        Map<String, Object> v = new HashMap<>();
        v.put("account", "kunde@example.test");
        v.put("originator", originator);
        v.put("failedAttempts", 0);
        ProcessInstance pi = runtimeService().createMessageCorrelation(ABUSE_SUSPECTED)
                .processInstanceBusinessKey(CASE).setVariables(v).correlateStartMessage();
        // the risk's and the blast-radius gateways ask the case record in the start's own transaction (the alert's)
        assertThat(pi).hasPassed(recorder.heldByRisk.held ? HELD_BY_RISK : NEEDS_CONFIRMATION);
        return pi;
    }

    void pass(ProcessInstance pi, String activityId) {
        assertThat(pi).isWaitingAt(activityId);
        execute(job(activityId));
    }

    /** b-e: suspend, quarantine and gather evidence; the policy table has decided. */
    ProcessInstance startToPolicy(boolean originator) {
        ProcessInstance pi = start(originator);
        pass(pi, SUSPEND_RELAY);
        pass(pi, QUARANTINE_QUEUED_MAIL);
        pass(pi, GATHER_EVIDENCE);
        return pi;
    }

    /** a-f: alert to the first notice, waiting for answers. */
    ProcessInstance startToAwaitingAnswers() {
        ProcessInstance pi = startToPolicy(false);
        pass(pi, SEND_FIRST_NOTICE);
        assertThat(pi).isWaitingAt(AWAIT_ANSWERS);
        return pi;
    }

    /** Moves the engine's clock to the timer's due date and fires it, as time passing would. */
    void fireTimer(String activityId) {
        Job timer = job(activityId);
        ClockUtil.setCurrentTime(new Date(timer.getDuedate().getTime() + 1000));
        execute(timer);
    }

    void answers(boolean complete, String missing) {
        runtimeService().createMessageCorrelation(ANSWERS_RECEIVED).processInstanceBusinessKey(CASE)
                .setVariable("answersComplete", complete).setVariable("missingQuestions", missing).correlate();
    }

    void burst(long messages, long seconds) {
        runtimeService().createMessageCorrelation(BURST_DETECTED).processInstanceBusinessKey(CASE)
                .setVariable("burstMessages", messages).setVariable("burstSeconds", seconds).correlate();
    }

    ProcessInstance toStagedReenable() {
        ProcessInstance pi = startToAwaitingAnswers();
        answers(true, "");
        assertThat(pi).isWaitingAt(REVIEW_ANSWERS);
        complete(task(REVIEW_ANSWERS), withVariables("reviewDecision", "approve"));
        pass(pi, CHECK_QUEUE_CLAIM);
        pass(pi, STAGE_REENABLE);
        assertThat(pi).isWaitingAt(TIMER_WATCH_WINDOW_OVER);
        return pi;
    }

    /** k: a quiet watch window, held mail released, probation started. */
    ProcessInstance toProbation() {
        ProcessInstance pi = toStagedReenable();
        fireTimer(TIMER_WATCH_WINDOW_OVER);
        pass(pi, RELEASE_HELD_MAIL);
        pass(pi, START_PROBATION);
        return pi;
    }

    // ---- a-f -----------------------------------------------------------------------------------

    @Test
    void a_to_f_alertSuspendsQuarantinesGathersEvidenceAndSendsTheFirstNotice() {
        ProcessInstance pi = start(false);
        assertThat(pi).isStarted().hasBusinessKey(CASE).isWaitingAt(SUSPEND_RELAY);
        pass(pi, SUSPEND_RELAY);
        pass(pi, QUARANTINE_QUEUED_MAIL);
        pass(pi, GATHER_EVIDENCE);
        pass(pi, SEND_FIRST_NOTICE);
        assertThat(pi).isWaitingAt(AWAIT_ANSWERS);
        Assertions.assertThat(recorder.calls).containsSubsequence("suspendRelay@" + SUSPEND_RELAY,
                "quarantineMail@" + QUARANTINE_QUEUED_MAIL, "gatherEvidence@" + GATHER_EVIDENCE,
                "sendLetter@" + SEND_FIRST_NOTICE);
        Assertions.assertThat(recorder.letters).containsExactly("FIRST_NOTICE");
        Assertions.assertThat(recorder.stages).containsExactly("SUSPENDED", "QUARANTINED", "AWAITING_ANSWERS");
        assertThat(pi).hasPassed(DECIDE_POLICY, FIRST_NOTICE_DUE).variables().containsEntry("route", "questionnaire");
    }

    @Test
    void b_suspendFailureIsRetriedThenBecomesAnIncident() {
        ProcessInstance pi = start(false);
        assertThat(pi).isWaitingAt(SUSPEND_RELAY);
        recorder.failing.set("suspendRelay");
        Job suspend = job(SUSPEND_RELAY);
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> managementService().executeJob(suspend.getId()))
                    .hasMessageContaining("simulated failure of suspendRelay");
        }
        Job failed = managementService().createJobQuery().jobId(suspend.getId()).singleResult();
        Assertions.assertThat(failed.getRetries()).isZero();
        Assertions.assertThat(runtimeService().createIncidentQuery().processInstanceId(pi.getId()).activityId(SUSPEND_RELAY).count())
                .isEqualTo(1);
        // the relay comes back, an operator retries the job: the case goes on
        recorder.failing.set(null);
        managementService().setJobRetries(suspend.getId(), 1);
        execute(job(SUSPEND_RELAY));
        assertThat(pi).isWaitingAt(QUARANTINE_QUEUED_MAIL);
        Assertions.assertThat(runtimeService().createIncidentQuery().processInstanceId(pi.getId()).count()).isZero();
    }

    @Test
    void c_quarantineFailureIsRetriedWithoutRepeatingTheSuspension() {
        ProcessInstance pi = start(false);
        pass(pi, SUSPEND_RELAY);
        recorder.failing.set("quarantineMail");
        assertThatThrownBy(() -> execute(job(QUARANTINE_QUEUED_MAIL))).hasMessageContaining("simulated failure");
        Assertions.assertThat(job(QUARANTINE_QUEUED_MAIL).getRetries()).isEqualTo(1);
        recorder.failing.set(null);
        execute(job(QUARANTINE_QUEUED_MAIL));
        assertThat(pi).isWaitingAt(GATHER_EVIDENCE);
        Assertions.assertThat(recorder.calls.stream().filter(c -> c.startsWith("suspendRelay")).count()).isEqualTo(1);
    }

    @Test
    void d_evidenceFeedsThePolicyTable() {
        recorder.volume = 60_000;
        ProcessInstance pi = startToPolicy(false);
        assertThat(pi).variables().containsEntry("volume", 60_000L).containsEntry("earlierIncidents", 0)
                .containsEntry("route", "termination-review");
        assertThat(pi).isWaitingAt(TERMINATION_REVIEW);
    }

    // ---- e: policy and termination review ----------------------------------------------------

    @Test
    void e_originatorGoesToTerminationReviewAndConfirmedTerminationClosesTheCase() {
        ProcessInstance pi = startToPolicy(true);
        assertThat(pi).isWaitingAt(TERMINATION_REVIEW);
        assertThat(task()).hasCandidateGroup("relaywarden-leads");
        complete(task(TERMINATION_REVIEW), withVariables("terminationConfirmed", true, "terminationComment", "originator"));
        pass(pi, SEND_TERMINATION_LETTER);
        pass(pi, CLOSE_TERMINATED);
        assertThat(pi).isEnded().hasPassed(END_TERMINATED);
        Assertions.assertThat(recorder.letters).containsExactly("TERMINATION");
        Assertions.assertThat(recorder.calls).contains("closed:TERMINATED:SUSPENDED");
    }

    @Test
    void e_rejectedTerminationGoesToTheQuestionnaire() {
        recorder.earlierIncidents = 2;
        ProcessInstance pi = startToPolicy(false);
        assertThat(pi).isWaitingAt(TERMINATION_REVIEW);
        complete(task(TERMINATION_REVIEW), withVariables("terminationConfirmed", false));
        pass(pi, SEND_FIRST_NOTICE);
        assertThat(pi).isWaitingAt(AWAIT_ANSWERS);
        Assertions.assertThat(recorder.letters).containsExactly("FIRST_NOTICE");
    }

    // ---- g: waiting, reminders, unresponsive ---------------------------------------------------

    @Test
    void g_twoRemindersThenAnAgentIsAskedAndCanKeepWaiting() {
        ProcessInstance pi = startToAwaitingAnswers();
        fireTimer(TIMER_REMINDER);
        pass(pi, SEND_REMINDER);
        fireTimer(TIMER_REMINDER);
        pass(pi, SEND_REMINDER);
        Assertions.assertThat(managementService().createJobQuery().activityId(TIMER_REMINDER).count()).isZero();
        Assertions.assertThat(recorder.letters).containsExactly("FIRST_NOTICE", "REMINDER", "REMINDER");
        fireTimer(TIMER_UNRESPONSIVE);
        assertThat(pi).isWaitingAt(CUSTOMER_UNRESPONSIVE);
        assertThat(task()).hasCandidateGroup("relaywarden-agents");
        complete(task(CUSTOMER_UNRESPONSIVE), withVariables("unresponsiveDecision", "keepWaiting"));
        assertThat(pi).isWaitingAt(AWAIT_ANSWERS);
        assertThat(pi).hasPassed(END_REMINDER_SENT);
    }

    @Test
    void g_unresponsiveCustomerCanGoToTerminationReview() {
        ProcessInstance pi = startToAwaitingAnswers();
        fireTimer(TIMER_UNRESPONSIVE);
        complete(task(CUSTOMER_UNRESPONSIVE), withVariables("unresponsiveDecision", "terminationReview"));
        assertThat(pi).isWaitingAt(TERMINATION_REVIEW);
    }

    @Test
    void g_reminderTimerIsConfiguredPerCase() {
        ProcessInstance pi = startToAwaitingAnswers();
        Job reminder = job(TIMER_REMINDER);
        Job unresponsive = job(TIMER_UNRESPONSIVE);
        long days = (unresponsive.getDuedate().getTime() - reminder.getDuedate().getTime()) / 86_400_000L;
        Assertions.assertThat(days).isEqualTo(11); // 14 days - 3 days
        assertThat(pi).isWaitingAt(AWAIT_ANSWERS);
    }

    // ---- h: completeness -----------------------------------------------------------------------

    @Test
    void h_incompleteAnswersGetAFollowUpAndTheCaseWaitsAgain() {
        ProcessInstance pi = startToAwaitingAnswers();
        answers(false, "2,3");
        pass(pi, SEND_FOLLOW_UP);
        assertThat(pi).isWaitingAt(AWAIT_ANSWERS).variables().containsEntry("missingQuestions", "2,3");
        Assertions.assertThat(recorder.letters).containsExactly("FIRST_NOTICE", "FOLLOW_UP");
        answers(true, "");
        assertThat(pi).isWaitingAt(REVIEW_ANSWERS);
    }

    // ---- i: review -----------------------------------------------------------------------------

    @Test
    void i_reviewCanAskAgainWithTheAgentsComment() {
        ProcessInstance pi = startToAwaitingAnswers();
        answers(true, "");
        assertThat(task()).hasCandidateGroup("relaywarden-agents");
        Assertions.assertThat(recorder.calls).contains("prepareReviewTask");
        complete(task(REVIEW_ANSWERS), withVariables("reviewDecision", "askAgain", "reviewComment", "Bitte die Queue leeren"));
        pass(pi, SEND_ASK_AGAIN);
        assertThat(pi).isWaitingAt(AWAIT_ANSWERS);
        Assertions.assertThat(recorder.letters).containsExactly("FIRST_NOTICE", "ASK_AGAIN");
    }

    @Test
    void i_reviewCanOfferHostingAndWaitForAnswers() {
        ProcessInstance pi = startToAwaitingAnswers();
        answers(true, "");
        complete(task(REVIEW_ANSWERS), withVariables("reviewDecision", "offerHosting"));
        pass(pi, SEND_HOSTING_OFFER);
        assertThat(pi).isWaitingAt(AWAIT_ANSWERS);
    }

    @Test
    void i_reviewCanSendTheCaseToTerminationReview() {
        ProcessInstance pi = startToAwaitingAnswers();
        answers(true, "");
        complete(task(REVIEW_ANSWERS), withVariables("reviewDecision", "terminationReview"));
        assertThat(pi).isWaitingAt(TERMINATION_REVIEW);
    }

    // ---- j: staged re-enable and burst ---------------------------------------------------------

    @Test
    void j_burstDuringStagedReenableResuspendsQuarantinesAndAsksAgain() {
        ProcessInstance pi = toStagedReenable();
        Assertions.assertThat(recorder.stages).endsWith("STAGED_REENABLE");
        burst(400, 3);
        pass(pi, RESUSPEND_RELAY);
        pass(pi, QUARANTINE_HELD_MAIL);
        pass(pi, SEND_REENABLE_FAILED);
        assertThat(pi).hasPassed(RECORD_FAILED_ATTEMPT).variables().containsEntry("failedAttempts", 1)
                .containsEntry("route", "questionnaire");
        // the re-enable-failed letter asked again: no second first notice
        assertThat(pi).isWaitingAt(AWAIT_ANSWERS);
        Assertions.assertThat(recorder.letters).containsExactly("FIRST_NOTICE", "REENABLE_FAILED");
    }

    @Test
    void j_secondFailedReenableGoesToTerminationReview() {
        ProcessInstance pi = toStagedReenable();
        for (int attempt = 1; attempt <= 2; attempt++) {
            if (attempt == 2) {
                answers(true, "");
                complete(task(REVIEW_ANSWERS), withVariables("reviewDecision", "approve"));
                pass(pi, CHECK_QUEUE_CLAIM);
                pass(pi, STAGE_REENABLE);
            }
            burst(300, 2);
            pass(pi, RESUSPEND_RELAY);
            pass(pi, QUARANTINE_HELD_MAIL);
            pass(pi, SEND_REENABLE_FAILED);
        }
        assertThat(pi).variables().containsEntry("failedAttempts", 2).containsEntry("route", "termination-review");
        assertThat(pi).isWaitingAt(TERMINATION_REVIEW);
    }

    // ---- k: release, probation, close -----------------------------------------------------------

    @Test
    void k_quietWatchWindowReleasesHeldMailThenProbationThenRemediated() {
        ProcessInstance pi = toProbation();
        assertThat(pi).isWaitingAt(TIMER_PROBATION_OVER);
        fireTimer(TIMER_PROBATION_OVER);
        pass(pi, SEND_CASE_CLOSED);
        pass(pi, CLOSE_REMEDIATED);
        assertThat(pi).isEnded().hasPassed(END_REMEDIATED);
        Assertions.assertThat(recorder.calls).contains("closed:REMEDIATED:ACTIVE");
        Assertions.assertThat(recorder.stages).containsSubsequence("STAGED_REENABLE", "PROBATION");
        Assertions.assertThat(recorder.letters).endsWith("CASE_CLOSED");
    }

    @Test
    void i_aBurstWhileTheHoldIsStillBeingSetUpInterruptsTheStagedReenable() {
        ProcessInstance pi = startToAwaitingAnswers();
        answers(true, "");
        complete(task(REVIEW_ANSWERS), withVariables("reviewDecision", "approve"));
        pass(pi, CHECK_QUEUE_CLAIM);
        // the stage and the burst boundary event are committed before the task that holds the account runs
        assertThat(pi).isWaitingAt(STAGE_REENABLE);
        Assertions.assertThat(recorder.stages).endsWith("STAGED_REENABLE");
        burst(300, 1);
        assertThat(pi).isWaitingAt(RESUSPEND_RELAY).hasPassed(BURST_DURING_STAGING);
        Assertions.assertThat(managementService().createJobQuery().activityId(STAGE_REENABLE).count()).isZero();
        pass(pi, RESUSPEND_RELAY);
        assertThat(pi).isWaitingAt(QUARANTINE_HELD_MAIL);
    }

    @Test
    void k_aBurstWhileProbationIsStillBeingSetUpResuspends() {
        ProcessInstance pi = toStagedReenable();
        fireTimer(TIMER_WATCH_WINDOW_OVER);
        pass(pi, RELEASE_HELD_MAIL);
        assertThat(pi).isWaitingAt(START_PROBATION);
        Assertions.assertThat(recorder.stages).endsWith("PROBATION");
        burst(150, 1);
        assertThat(pi).isWaitingAt(RESUSPEND_RELAY).hasPassed(BURST_DURING_PROBATION);
    }

    @Test
    void k_burstDuringProbationResuspends() {
        ProcessInstance pi = toProbation();
        burst(150, 60);
        pass(pi, RESUSPEND_RELAY);
        assertThat(pi).isWaitingAt(QUARANTINE_HELD_MAIL);
        assertThat(pi).hasPassed(BURST_DURING_PROBATION);
    }

    // ---- l: operator close ---------------------------------------------------------------------

    @Test
    void l_operatorClosesTheCaseWhileWaitingForAnswers() {
        ProcessInstance pi = startToAwaitingAnswers();
        runtimeService().createMessageCorrelation(CASE_CLOSED_BY_OPERATOR).processInstanceBusinessKey(CASE)
                .setVariable("finalRelayState", "ACTIVE").setVariable("closedBy", "operator")
                .setVariable("closeReason", "customer moved to hosted mailboxes").correlate();
        pass(pi, APPLY_OPERATOR_CLOSE);
        assertThat(pi).isEnded().hasPassed(START_CLOSED_BY_OPERATOR, END_CLOSED_BY_OPERATOR);
        Assertions.assertThat(recorder.calls).contains("operatorClosed:ACTIVE:operator");
    }

    @Test
    void l_operatorClosesTheCaseDuringStagedReenable() {
        ProcessInstance pi = toStagedReenable();
        runtimeService().createMessageCorrelation(CASE_CLOSED_BY_OPERATOR).processInstanceBusinessKey(CASE)
                .setVariable("finalRelayState", "SUSPENDED").setVariable("closedBy", "olga").correlate();
        pass(pi, APPLY_OPERATOR_CLOSE);
        assertThat(pi).isEnded();
        Assertions.assertThat(recorder.calls).contains("operatorClosed:SUSPENDED:olga");
    }

    // ---- the queue claim checked against refused retries ------------------------------------

    @Test
    void queueClaimContradictedByRetriesSendsTheFiguresLetterAndWaitsForAnswersAgain() {
        ProcessInstance pi = startToAwaitingAnswers();
        answers(true, "");
        recorder.queueClaims.add("CONTRADICTED");
        complete(task(REVIEW_ANSWERS), withVariables("reviewDecision", "approve"));
        pass(pi, CHECK_QUEUE_CLAIM);
        pass(pi, SEND_QUEUE_NOT_EMPTY);
        assertThat(pi).isWaitingAt(AWAIT_ANSWERS).hasNotPassed(STAGE_REENABLE);
        Assertions.assertThat(recorder.letters).containsExactly("FIRST_NOTICE", "QUEUE_NOT_EMPTY");
        Assertions.assertThat(recorder.calls).noneMatch(c -> c.startsWith("stageReenable"));
        Assertions.assertThat(recorder.stages).endsWith("IN_REVIEW", "AWAITING_ANSWERS");

        // the customer empties the queue for real and answers again: this time the claim holds
        answers(true, "");
        complete(task(REVIEW_ANSWERS), withVariables("reviewDecision", "approve"));
        pass(pi, CHECK_QUEUE_CLAIM);
        pass(pi, STAGE_REENABLE);
        assertThat(pi).isWaitingAt(TIMER_WATCH_WINDOW_OVER).hasPassed(QUEUE_CLAIM_HOLDS);
    }

    @Test
    void queueClaimNotObservableGoesToTheStagedReenable() {
        ProcessInstance pi = startToAwaitingAnswers();
        answers(true, "");
        recorder.queueClaims.add("NOT_OBSERVABLE");
        complete(task(REVIEW_ANSWERS), withVariables("reviewDecision", "approve"));
        pass(pi, CHECK_QUEUE_CLAIM);
        assertThat(pi).isWaitingAt(STAGE_REENABLE);
    }

    @Test
    void approvedBeforeTheGraceIsOverTheCheckWaitsForItAndRunsAgain() {
        ProcessInstance pi = startToAwaitingAnswers();
        answers(true, "");
        recorder.queueClaims.add("PENDING");
        recorder.queueClaims.add("CONTRADICTED");
        complete(task(REVIEW_ANSWERS), withVariables("reviewDecision", "approve"));
        pass(pi, CHECK_QUEUE_CLAIM);
        assertThat(pi).isWaitingAt(TIMER_QUEUE_CLAIM_GRACE_OVER);
        Job grace = job(TIMER_QUEUE_CLAIM_GRACE_OVER);
        Assertions.assertThat(grace.getDuedate()).isEqualTo(recorder.recheckAt);
        fireTimer(TIMER_QUEUE_CLAIM_GRACE_OVER);
        pass(pi, CHECK_QUEUE_CLAIM);
        pass(pi, SEND_QUEUE_NOT_EMPTY);
        assertThat(pi).isWaitingAt(AWAIT_ANSWERS);
        Assertions.assertThat(recorder.calls.stream().filter(c -> c.startsWith("checkQueueClaim")).count()).isEqualTo(2);
    }

    // ---- issue 15: the case is the source of truth --------------------------------------------

    /** Durations written into variables (as a task could) change no timer: they come from the case (CaseTimings). */
    @Test
    void timersAndRetriesReadTheCaseNotVariables() {
        recorder.timings.watchWindow = "PT20M";
        ProcessInstance pi = startToAwaitingAnswers();
        runtimeService().setVariable(pi.getId(), "watchWindow", "PT1S");
        runtimeService().setVariable(pi.getId(), "retryCycle", "R0/PT1S");
        answers(true, "");
        complete(task(REVIEW_ANSWERS), withVariables("reviewDecision", "approve"));
        pass(pi, CHECK_QUEUE_CLAIM);
        pass(pi, STAGE_REENABLE);
        Job watch = job(TIMER_WATCH_WINDOW_OVER);
        long minutes = (watch.getDuedate().getTime() - ClockUtil.getCurrentTime().getTime()) / 60_000L;
        Assertions.assertThat(minutes).isBetween(19L, 20L);
        recorder.failing.set("releaseHeldMail");
        fireTimer(TIMER_WATCH_WINDOW_OVER);
        Job release = job(RELEASE_HELD_MAIL);
        Assertions.assertThatThrownBy(() -> execute(release)).hasMessageContaining("simulated failure");
        // R2/PT1M from the case: one retry left after the first failure (R0 from the variable would leave none)
        Assertions.assertThat(managementService().createJobQuery().jobId(release.getId()).singleResult().getRetries())
                .isEqualTo(1);
    }

    /** The policy table's facts are loaded from the case right before it decides, and again before the first-notice gateway. */
    @Test
    void policyFactsAreLoadedBeforeTheDecisionAndTheFirstNoticeGateway() {
        startToPolicy(false);
        Assertions.assertThat(recorder.calls).containsSubsequence("gatherEvidence@" + GATHER_EVIDENCE,
                "loadPolicyFacts@" + RelayRemediation.Elements.DECIDE_POLICY,
                "loadPolicyFacts@" + RelayRemediation.Elements.FIRST_NOTICE_DUE);
    }

    /** Every user task's completion is handed to the decision audit, with the form's decision. */
    @Test
    void everyUserTaskDecisionIsAudited() {
        ProcessInstance pi = startToAwaitingAnswers();
        answers(true, "");
        complete(task(REVIEW_ANSWERS), withVariables("reviewDecision", "askAgain", "reviewComment", "please paste the queue"));
        pass(pi, SEND_ASK_AGAIN);
        answers(true, "");
        complete(task(REVIEW_ANSWERS), withVariables("reviewDecision", "terminationReview"));
        complete(task(TERMINATION_REVIEW), withVariables("terminationConfirmed", false));
        Assertions.assertThat(recorder.decisions).containsExactly(REVIEW_ANSWERS + ":askAgain",
                REVIEW_ANSWERS + ":terminationReview", TERMINATION_REVIEW + ":false");
    }

    // ---- issue 16.4: the blast-radius guard ----------------------------------------------------

    /** A held case waits for an operator before relaying is suspended; "suspend" goes on as usual. */
    @Test
    void heldCaseWaitsForTheOperatorAndIsSuspendedWhenConfirmed() {
        recorder.blastRadius.held = true;
        ProcessInstance pi = start(false);
        assertThat(pi).isWaitingAt(CONFIRM_SUSPENSION).task().hasCandidateGroup("relaywarden-operators");
        Assertions.assertThat(recorder.calls).isEmpty();
        // a variable written by a task or an API client changes nothing: the gateway asked the case record
        complete(task(CONFIRM_SUSPENSION), withVariables("suspensionDecision", "suspend", "suspensionComment", "real"));
        pass(pi, SUSPEND_RELAY);
        pass(pi, QUARANTINE_QUEUED_MAIL);
        Assertions.assertThat(recorder.calls).containsSubsequence("suspendRelay@" + SUSPEND_RELAY,
                "quarantineMail@" + QUARANTINE_QUEUED_MAIL);
        Assertions.assertThat(recorder.decisions).containsExactly(CONFIRM_SUSPENSION + ":suspend");
    }

    /** "close" closes the held case with relaying left open, and nothing is suspended. */
    @Test
    void heldCaseClosedByTheOperatorIsNeverSuspended() {
        recorder.blastRadius.held = true;
        ProcessInstance pi = start(false);
        assertThat(pi).isWaitingAt(CONFIRM_SUSPENSION);
        complete(task(CONFIRM_SUSPENSION), withVariables("suspensionDecision", "close"));
        pass(pi, CLOSE_UNCONFIRMED);
        assertThat(pi).isEnded().hasPassed(END_NOT_CONFIRMED).hasNotPassed(SUSPEND_RELAY);
        Assertions.assertThat(recorder.calls).containsExactly("closeCase@" + CLOSE_UNCONFIRMED,
                "closed:CLOSED_BY_OPERATOR:ACTIVE");
        Assertions.assertThat(recorder.decisions).containsExactly(CONFIRM_SUSPENSION + ":close");
    }

    /** A case the guard did not hold goes straight to the suspension, whatever variables it was started with. */
    @Test
    void caseNotHeldIsSuspendedAtOnce() {
        recorder.blastRadius.held = false;
        ProcessInstance pi = runtimeService().createMessageCorrelation(ABUSE_SUSPECTED).processInstanceBusinessKey(CASE)
                .setVariable("account", "kunde@example.test").setVariable("needsConfirmation", true)
                .correlateStartMessage();
        assertThat(pi).isWaitingAt(SUSPEND_RELAY).hasPassed(NEEDS_CONFIRMATION);
        Assertions.assertThat(taskService().createTaskQuery().count()).isZero();
    }

    // ---- issue 29: held for review ---------------------------------------------------------------

    /** A case the risk opened with HOLD: the stage at once, the hold on the relays, then the desk's review. */
    ProcessInstance startHeldForReview() {
        recorder.heldByRisk.held = true;
        ProcessInstance pi = start(false);
        assertThat(pi).hasPassed(HELD_BY_RISK).hasNotPassed(NEEDS_CONFIRMATION);
        Assertions.assertThat(recorder.stages).containsExactly("HELD_FOR_REVIEW");
        pass(pi, HOLD_FOR_REVIEW);
        assertThat(pi).isWaitingAt(REVIEW_HELD_MAIL).task().hasCandidateGroup("relaywarden-operators");
        Assertions.assertThat(recorder.calls).containsExactly("holdForReview@" + HOLD_FOR_REVIEW, "prepareHeldReview");
        return pi;
    }

    void decideHeldMail(String decision, String note) {
        complete(task(REVIEW_HELD_MAIL), withVariables(RemediationVariables.HELD_MAIL_DECISION.name(), decision,
                RemediationVariables.HELD_MAIL_NOTE.name(), note));
    }

    @Test
    void heldForReviewLegitimateReleasesTheHeldMailAndClosesAsAFalsePositive() {
        ProcessInstance pi = startHeldForReview();
        decideHeldMail(RelayRemediation.HeldMailDecisions.LEGITIMATE, "the shop's newsletter");
        pass(pi, RELEASE_HELD_FOR_REVIEW);
        pass(pi, CLOSE_FALSE_POSITIVE);
        assertThat(pi).isEnded().hasPassed(END_HELD_MAIL_REVIEWED, END_FALSE_POSITIVE).hasNotPassed(SUSPEND_RELAY);
        Assertions.assertThat(recorder.calls).containsSubsequence("recordHeldDecision:legitimate",
                "releaseHeldForReview@" + RELEASE_HELD_FOR_REVIEW, "closeFalsePositive@" + CLOSE_FALSE_POSITIVE);
        Assertions.assertThat(recorder.calls).noneMatch(c -> c.startsWith("suspendRelay") || c.startsWith("quarantineMail"));
        Assertions.assertThat(recorder.decisions).containsExactly(REVIEW_HELD_MAIL + ":legitimate");
        Assertions.assertThat(recorder.letters).isEmpty();
    }

    @Test
    void heldForReviewSpamSuspendsQuarantinesAndWritesTheFirstNotice() {
        ProcessInstance pi = startHeldForReview();
        decideHeldMail(RelayRemediation.HeldMailDecisions.SPAM, "forged senders");
        assertThat(pi).hasPassed(HELD_MAIL_DECISION, JOIN_SUSPEND);
        pass(pi, SUSPEND_RELAY);
        pass(pi, QUARANTINE_QUEUED_MAIL);
        pass(pi, GATHER_EVIDENCE);
        pass(pi, SEND_FIRST_NOTICE);
        assertThat(pi).isWaitingAt(AWAIT_ANSWERS).hasNotPassed(RELEASE_HELD_FOR_REVIEW);
        Assertions.assertThat(recorder.stages).containsExactly("HELD_FOR_REVIEW", "SUSPENDED", "QUARANTINED", "AWAITING_ANSWERS");
        Assertions.assertThat(recorder.letters).containsExactly("FIRST_NOTICE");
        Assertions.assertThat(recorder.calls).contains("recordHeldDecision:spam");
    }

    @Test
    void riskRisingToSuspendWhileTheDeskReviewsTakesTheSuspensionPath() {
        ProcessInstance pi = startHeldForReview();
        runtimeService().createMessageCorrelation(RISK_RAISED).processInstanceBusinessKey(CASE).correlate();
        assertThat(pi).hasPassed(RISK_ROSE_DURING_REVIEW, JOIN_SUSPEND).isWaitingAt(SUSPEND_RELAY);
        Assertions.assertThat(taskService().createTaskQuery().taskDefinitionKey(REVIEW_HELD_MAIL).count()).isZero();
        pass(pi, SUSPEND_RELAY);
        assertThat(pi).isWaitingAt(QUARANTINE_QUEUED_MAIL);
        Assertions.assertThat(recorder.decisions).isEmpty();
    }

    /** The rising risk is heard from the moment the case opens: before the hold has even been set on the relays. */
    @Test
    void riskRisingBeforeTheHoldIsSetSuspendsWithoutHolding() {
        recorder.heldByRisk.held = true;
        ProcessInstance pi = start(false);
        assertThat(pi).isWaitingAt(HOLD_FOR_REVIEW);
        runtimeService().createMessageCorrelation(RISK_RAISED).processInstanceBusinessKey(CASE).correlate();
        pass(pi, SUSPEND_RELAY);
        Assertions.assertThat(recorder.calls).containsExactly("suspendRelay@" + SUSPEND_RELAY);
    }

    /**
     * The rise to SUSPEND comes while the job executor runs the hold (as in figure 9 on Exim: HOLD, SUSPEND 0.1 s later,
     * the hold's job under way): the rise is not told while the job runs (instead of pulling the execution tree from
     * under it: the job failed with ENGINE-16004 NullPointerException or an OptimisticLockingException), and it does not
     * wait either (the caller asks again later); told after the job has committed, it suspends.
     */
    @Test
    void riskRisingWhileTheHoldRunsIsToldAgainAfterItThenSuspends() throws Exception {
        recorder.heldByRisk.held = true;
        ProcessInstance pi = start(false);
        Job hold = job(HOLD_FOR_REVIEW);
        lockAsTheJobExecutorWould(hold);
        CountDownLatch holding = new CountDownLatch(1), release = new CountDownLatch(1);
        recorder.duringHold = () -> {
            holding.countDown();
            await(release);
        };
        // the service taken on this thread: camunda-bpm-assert finds its engine per thread (another thread sees every
        // engine of the JVM and refuses to choose when there are two, as in the full build)
        ManagementService management = managementService();
        CompletableFuture<Void> job = withMocks(() -> management.executeJob(hold.getId()));
        awaitHolding(holding, job);
        CamundaRemediationProcess process = new CamundaRemediationProcess(runtimeService(), managementService(), null, null,
                taskService(), null, null);
        Assertions.assertThat(process.riskRaised(CaseReference.parse(CASE), false))
                .as("the rise is not told while the hold's job runs").isFalse();
        Assertions.assertThat(runtimeService().createExecutionQuery().processInstanceBusinessKey(CASE)
                .messageEventSubscriptionName(RISK_RAISED).count()).as("the case still waits for the rise").isOne();
        release.countDown();
        job.get(30, TimeUnit.SECONDS); // the hold's job commits: no NullPointerException, no OptimisticLockingException
        CompletableFuture<Boolean> rise = new CompletableFuture<>();
        withMocks(() -> rise.complete(process.riskRaised(CaseReference.parse(CASE), false))).get(30, TimeUnit.SECONDS);
        Assertions.assertThat(rise.get()).as("told once the hold's job has committed").isTrue();
        assertThat(pi).hasPassed(HOLD_FOR_REVIEW, RISK_ROSE_DURING_REVIEW, JOIN_SUSPEND).isWaitingAt(SUSPEND_RELAY);
        pass(pi, SUSPEND_RELAY);
        Assertions.assertThat(recorder.calls).containsSubsequence("holdForReview@" + HOLD_FOR_REVIEW, "suspendRelay@" + SUSPEND_RELAY);
    }

    /**
     * Waits until the hold's delegate runs; fails at once with the job's own error when the job ended without it, and
     * with the job thread's stack when it neither ran nor ended (CI saw this wait give up once, without a trace).
     */
    void awaitHolding(CountDownLatch holding, CompletableFuture<Void> job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!holding.await(50, TimeUnit.MILLISECONDS)) {
            if (job.isDone()) {
                job.get(); // throws the job's error
                Assertions.fail("the hold's job ended without running the hold's delegate");
            }
            if (System.nanoTime() - deadline > 0) {
                StringBuilder stacks = new StringBuilder();
                Thread.getAllStackTraces().forEach((t, frames) -> {
                    if (t.getName().startsWith(JOB_THREAD)) {
                        stacks.append(t.getName()).append(" ").append(t.getState()).append('\n');
                        for (StackTraceElement f : frames) {
                            stacks.append("    at ").append(f).append('\n');
                        }
                    }
                });
                Assertions.fail("the hold's delegate did not run within 60 s; the job's thread:\n" + stacks);
            }
        }
    }

    static final String JOB_THREAD = "process-test-job-";
    static final AtomicInteger THREADS = new AtomicInteger();

    /** Runs on a thread of its own with the process's stand-ins (Camunda's Mocks are per thread). */
    CompletableFuture<Void> withMocks(Runnable body) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            recorder.register();
            try {
                body.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            } finally {
                Mocks.reset();
            }
        }, JOB_THREAD + THREADS.incrementAndGet());
        t.setDaemon(true);
        t.start();
        return done;
    }

    /** What the job executor's acquisition does to a job it runs (ManagementService#executeJob does not lock). */
    void lockAsTheJobExecutorWould(Job job) {
        ((ProcessEngineConfigurationImpl) engine.getProcessEngine().getProcessEngineConfiguration()).getCommandExecutorTxRequired()
                .execute(ctx -> {
                    JobEntity entity = ctx.getJobManager().findJobById(job.getId());
                    entity.setLockOwner("job-executor-under-test");
                    entity.setLockExpirationTime(new Date(ClockUtil.getCurrentTime().getTime() + 300_000));
                    return null;
                });
    }

    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void accountSuspendedOnTheRelaysIsNotHeldButTakesTheSuspensionPath() {
        recorder.heldByRisk.held = true;
        recorder.accountSuspendedOnRelays = true;
        ProcessInstance pi = start(false);
        execute(job(HOLD_FOR_REVIEW));
        assertThat(pi).hasPassed(ACCOUNT_ALREADY_SUSPENDED, JOIN_SUSPEND).isWaitingAt(SUSPEND_RELAY);
        Assertions.assertThat(runtimeService().createIncidentQuery().processInstanceId(pi.getId()).count()).isZero();
    }

    @Test
    void holdFailureIsRetriedThenBecomesAnIncidentWhileTheCaseStaysHeldForReview() {
        recorder.heldByRisk.held = true;
        ProcessInstance pi = start(false);
        recorder.failing.set("holdForReview");
        Job hold = job(HOLD_FOR_REVIEW);
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> managementService().executeJob(hold.getId())).hasMessageContaining("simulated failure");
        }
        Assertions.assertThat(runtimeService().createIncidentQuery().processInstanceId(pi.getId())
                .activityId(HOLD_FOR_REVIEW).count()).isEqualTo(1);
        Assertions.assertThat(recorder.stages).containsExactly("HELD_FOR_REVIEW");
    }

    /** Unattended: the desk is reminded on the case's cycle; after the deadline the case is suspended. */
    @Test
    void unattendedHeldCaseRemindsTheDeskThenIsSuspendedAtTheDeadline() {
        recorder.timings.heldReviewReminder = "R3/PT4H";
        recorder.timings.heldReviewDeadline = "PT10H";
        ProcessInstance pi = startHeldForReview();
        Job reminder = job(TIMER_REVIEW_OVERDUE);
        Job deadline = job(TIMER_REVIEW_DEADLINE);
        Assertions.assertThat(deadline.getDuedate().getTime() - reminder.getDuedate().getTime())
                .isCloseTo(Duration.ofHours(6).toMillis(), Assertions.within(5_000L));
        fireTimer(TIMER_REVIEW_OVERDUE);
        pass(pi, REMIND_DESK);
        assertThat(pi).isWaitingAt(REVIEW_HELD_MAIL).hasPassed(END_DESK_REMINDED);
        fireTimer(TIMER_REVIEW_OVERDUE);
        pass(pi, REMIND_DESK);
        Assertions.assertThat(recorder.calls.stream().filter(c -> c.startsWith("remindDesk")).count()).isEqualTo(2);
        fireTimer(TIMER_REVIEW_DEADLINE);
        assertThat(pi).hasPassed(JOIN_SUSPEND).isWaitingAt(SUSPEND_RELAY);
        Assertions.assertThat(taskService().createTaskQuery().taskDefinitionKey(REVIEW_HELD_MAIL).count()).isZero();
        Assertions.assertThat(managementService().createJobQuery().activityId(TIMER_REVIEW_OVERDUE).count()).isZero();
    }

    /** A case another alert opened (or the risk opened with SUSPEND) is never held: the usual suspension. */
    @Test
    void caseNotOpenedHeldByTheRiskIsSuspendedAsUsual() {
        recorder.heldByRisk.held = false;
        ProcessInstance pi = start(false);
        assertThat(pi).isWaitingAt(SUSPEND_RELAY).hasNotPassed(HELD_FOR_REVIEW);
    }
}
