package org.relaywarden.process;

import org.relaywarden.cases.CaseStage;

import java.util.Map;
import java.util.Set;

/** Names of the {@code relay-remediation} process: its id, messages and element ids. They are API. */
public final class RelayRemediation {

    public static final String PROCESS_ID = "relay-remediation";
    public static final String DECISION_ID = "remediation-policy";

    private RelayRemediation() {
    }

    public static final class Messages {
        public static final String ABUSE_SUSPECTED = "relaywarden.AbuseSuspected";
        public static final String ANSWERS_RECEIVED = "relaywarden.AnswersReceived";
        public static final String BURST_DETECTED = "relaywarden.BurstDetected";
        public static final String CASE_CLOSED_BY_OPERATOR = "relaywarden.CaseClosedByOperator";
        /** The policy core's risk for a case held for review rose to SUSPEND. */
        public static final String RISK_RAISED = "relaywarden.RiskRaised";

        private Messages() {
        }
    }

    public static final class Elements {
        public static final String START_ABUSE_SUSPECTED = "StartEvent_AbuseSuspected";
        public static final String HELD_BY_RISK = "Gateway_HeldByRisk";
        public static final String HELD_FOR_REVIEW = "SubProcess_HeldForReview";
        public static final String HOLD_FOR_REVIEW = "Task_HoldForReview";
        public static final String REVIEW_HELD_MAIL = "Task_ReviewHeldMail";
        public static final String END_HELD_MAIL_REVIEWED = "End_HeldMailReviewed";
        public static final String TIMER_REVIEW_OVERDUE = "Timer_ReviewOverdue";
        public static final String REMIND_DESK = "Task_RemindDesk";
        public static final String END_DESK_REMINDED = "End_DeskReminded";
        public static final String TIMER_REVIEW_DEADLINE = "Timer_ReviewDeadline";
        public static final String RISK_ROSE_DURING_REVIEW = "Event_RiskRaised";
        public static final String ACCOUNT_ALREADY_SUSPENDED = "Event_AccountAlreadySuspended";
        public static final String HELD_MAIL_DECISION = "Gateway_HeldMailDecision";
        public static final String RELEASE_HELD_FOR_REVIEW = "Task_ReleaseHeldForReview";
        public static final String CLOSE_FALSE_POSITIVE = "Task_CloseFalsePositive";
        public static final String END_FALSE_POSITIVE = "End_FalsePositive";
        public static final String JOIN_SUSPEND = "Gateway_JoinSuspend";
        public static final String NEEDS_CONFIRMATION = "Gateway_NeedsConfirmation";
        public static final String CONFIRM_SUSPENSION = "Task_ConfirmSuspension";
        public static final String CLOSE_UNCONFIRMED = "Task_CloseUnconfirmed";
        public static final String END_NOT_CONFIRMED = "End_NotConfirmed";
        public static final String SUSPEND_RELAY = "Task_SuspendRelay";
        public static final String QUARANTINE_QUEUED_MAIL = "Task_QuarantineQueuedMail";
        public static final String GATHER_EVIDENCE = "Task_GatherEvidence";
        public static final String DECIDE_POLICY = "Task_DecidePolicy";
        public static final String FIRST_NOTICE_DUE = "Gateway_FirstNoticeDue";
        public static final String SEND_FIRST_NOTICE = "Task_SendFirstNotice";
        public static final String AWAIT_ANSWERS = "Task_AwaitAnswers";
        public static final String TIMER_REMINDER = "Timer_Reminder";
        public static final String SEND_REMINDER = "Task_SendReminder";
        public static final String END_REMINDER_SENT = "End_ReminderSent";
        public static final String TIMER_UNRESPONSIVE = "Timer_CustomerUnresponsive";
        public static final String CUSTOMER_UNRESPONSIVE = "Task_CustomerUnresponsive";
        public static final String SEND_FOLLOW_UP = "Task_SendFollowUp";
        public static final String REVIEW_ANSWERS = "Task_ReviewAnswers";
        public static final String SEND_ASK_AGAIN = "Task_SendAskAgain";
        public static final String SEND_HOSTING_OFFER = "Task_SendHostingOffer";
        public static final String TERMINATION_REVIEW = "Task_TerminationReview";
        public static final String SEND_TERMINATION_LETTER = "Task_SendTerminationLetter";
        public static final String CLOSE_TERMINATED = "Task_CloseTerminated";
        public static final String END_TERMINATED = "End_Terminated";
        public static final String JOIN_QUEUE_CLAIM = "Gateway_JoinQueueClaim";
        public static final String CHECK_QUEUE_CLAIM = "Task_CheckQueueClaim";
        public static final String QUEUE_CLAIM_HOLDS = "Gateway_QueueClaimHolds";
        public static final String TIMER_QUEUE_CLAIM_GRACE_OVER = "Timer_QueueClaimGraceOver";
        public static final String SEND_QUEUE_NOT_EMPTY = "Task_SendQueueNotEmpty";
        public static final String STAGED_REENABLE = "SubProcess_StagedReenable";
        public static final String STAGE_REENABLE = "Task_StageReenable";
        public static final String TIMER_WATCH_WINDOW_OVER = "Timer_WatchWindowOver";
        public static final String BURST_DURING_STAGING = "Event_BurstDuringStaging";
        public static final String RELEASE_HELD_MAIL = "Task_ReleaseHeldMail";
        public static final String PROBATION = "SubProcess_Probation";
        public static final String START_PROBATION = "Task_StartProbation";
        public static final String TIMER_PROBATION_OVER = "Timer_ProbationOver";
        public static final String BURST_DURING_PROBATION = "Event_BurstDuringProbation";
        public static final String SEND_CASE_CLOSED = "Task_SendCaseClosed";
        public static final String CLOSE_REMEDIATED = "Task_CloseRemediated";
        public static final String END_REMEDIATED = "End_Remediated";
        public static final String RESUSPEND_RELAY = "Task_ResuspendRelay";
        public static final String QUARANTINE_HELD_MAIL = "Task_QuarantineHeldMail";
        public static final String RECORD_FAILED_ATTEMPT = "Task_RecordFailedAttempt";
        public static final String SEND_REENABLE_FAILED = "Task_SendReenableFailed";
        public static final String START_CLOSED_BY_OPERATOR = "StartEvent_CaseClosedByOperator";
        public static final String APPLY_OPERATOR_CLOSE = "Task_ApplyOperatorClose";
        public static final String END_CLOSED_BY_OPERATOR = "End_ClosedByOperator";

        private Elements() {
        }
    }

    /** Values of the route the policy table decides. */
    public static final class Routes {
        public static final String QUESTIONNAIRE = "questionnaire";
        public static final String TERMINATION_REVIEW = "termination-review";

        private Routes() {
        }
    }

    /** Values of the review form's decision. */
    public static final class ReviewDecisions {
        public static final String APPROVE = "approve";
        public static final String ASK_AGAIN = "askAgain";
        public static final String TERMINATION_REVIEW = "terminationReview";
        public static final String OFFER_HOSTING = "offerHosting";

        private ReviewDecisions() {
        }
    }

    /** Values of the "review held mail" form's decision. */
    public static final class HeldMailDecisions {
        public static final String LEGITIMATE = "legitimate";
        public static final String SPAM = "spam";

        private HeldMailDecisions() {
        }
    }

    /** BPMN error codes: business outcomes a delegate reports, caught by modelled boundary events. */
    public static final class Errors {
        /** Task_HoldForReview: the account is suspended on the relays; a hold must never lift a suspension. */
        public static final String ACCOUNT_ALREADY_SUSPENDED = "AccountAlreadySuspended";

        private Errors() {
        }
    }

    /** Values of the "confirm suspension" form's decision (the blast-radius guard). */
    public static final class SuspensionDecisions {
        public static final String SUSPEND = "suspend";
        public static final String CLOSE = "close";

        private SuspensionDecisions() {
        }
    }

    /** Values of the "customer unresponsive" form's decision. */
    public static final class UnresponsiveDecisions {
        public static final String KEEP_WAITING = "keepWaiting";
        public static final String TERMINATION_REVIEW = "terminationReview";

        private UnresponsiveDecisions() {
        }
    }

    /**
     * What the form of each user task submits (its {@code forms/*.form} without the disabled fields):
     * the decision and the comment. Completing a task may set these variables and no others
     * ({@link VariableGuard}); the decision and comment go into the case's audit trail
     * ({@link DecisionAuditListener}).
     */
    record TaskForm(ProcessVariable<?> decision, ProcessVariable<String> comment, Set<Object> choices) {
        Set<String> fields() {
            return comment == null ? Set.of(decision.name()) : Set.of(decision.name(), comment.name());
        }
    }

    static final Map<String, TaskForm> TASK_FORMS = Map.of(
            Elements.REVIEW_ANSWERS, new TaskForm(RemediationVariables.REVIEW_DECISION, RemediationVariables.REVIEW_COMMENT,
                    Set.of(ReviewDecisions.APPROVE, ReviewDecisions.ASK_AGAIN, ReviewDecisions.OFFER_HOSTING,
                            ReviewDecisions.TERMINATION_REVIEW)),
            Elements.TERMINATION_REVIEW, new TaskForm(RemediationVariables.TERMINATION_CONFIRMED,
                    RemediationVariables.TERMINATION_COMMENT, Set.of(true, false)),
            Elements.CUSTOMER_UNRESPONSIVE, new TaskForm(RemediationVariables.UNRESPONSIVE_DECISION, null,
                    Set.of(UnresponsiveDecisions.KEEP_WAITING, UnresponsiveDecisions.TERMINATION_REVIEW)),
            Elements.CONFIRM_SUSPENSION, new TaskForm(RemediationVariables.SUSPENSION_DECISION,
                    RemediationVariables.SUSPENSION_COMMENT,
                    Set.of(SuspensionDecisions.SUSPEND, SuspensionDecisions.CLOSE)),
            Elements.REVIEW_HELD_MAIL, new TaskForm(RemediationVariables.HELD_MAIL_DECISION,
                    RemediationVariables.HELD_MAIL_NOTE, Set.of(HeldMailDecisions.LEGITIMATE, HeldMailDecisions.SPAM)));

    /**
     * Which case stage an element's start or end enters, read by {@link CaseStageListener}.
     * Keys are {@code elementId:event}.
     */
    static final Map<String, CaseStage> STAGE_ENTRIES = Map.of(
            // in the alert's own transaction, with the sub-process's boundary events: the case shows the stage (and
            // a rising risk can be told to it) before the task inside holds the mail on the relays
            Elements.HELD_FOR_REVIEW + ":start", CaseStage.HELD_FOR_REVIEW,
            Elements.SUSPEND_RELAY + ":end", CaseStage.SUSPENDED,
            Elements.QUARANTINE_QUEUED_MAIL + ":end", CaseStage.QUARANTINED,
            Elements.AWAIT_ANSWERS + ":start", CaseStage.AWAITING_ANSWERS,
            Elements.REVIEW_ANSWERS + ":start", CaseStage.IN_REVIEW,
            Elements.TERMINATION_REVIEW + ":start", CaseStage.TERMINATION_REVIEW,
            Elements.CUSTOMER_UNRESPONSIVE + ":start", CaseStage.AWAITING_ANSWERS,
            // at the start of the sub-processes, committed with their burst boundary events before the task inside
            // changes the relay: the burst watch sees the stage and counts from before the relay opens, and a burst
            // right after it opens can be told to the case while the task still writes the access maps
            Elements.STAGED_REENABLE + ":start", CaseStage.STAGED_REENABLE,
            Elements.PROBATION + ":start", CaseStage.PROBATION,
            Elements.RESUSPEND_RELAY + ":end", CaseStage.SUSPENDED);

    /**
     * Stage entries of earlier versions of the model, for process instances still running on them
     * (Camunda keeps an instance on the version it started with): until the staged re-enable and
     * probation became sub-processes, their tasks entered the stages.
     */
    static final Map<String, CaseStage> EARLIER_STAGE_ENTRIES = Map.of(
            Elements.STAGE_REENABLE + ":start", CaseStage.STAGED_REENABLE,
            Elements.START_PROBATION + ":end", CaseStage.PROBATION);
}
