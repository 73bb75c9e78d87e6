package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.test.mock.Mocks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.relaywarden.process.RemediationVariables.*;

/**
 * Stand-ins for the process's Spring beans in engine tests: each records what the process asked
 * for and produces the outputs the real delegate would (the real delegates run in the Spring
 * Boot scenario tests). {@link #failing} makes a step throw, to test retries and incidents.
 */
class ProcessRecorder {

    final List<String> calls = new ArrayList<>();
    final List<String> letters = new ArrayList<>();
    final List<String> stages = new ArrayList<>();
    final AtomicReference<String> failing = new AtomicReference<>();
    /** The verdicts the queue-claim check gives, one per check (then HOLDS). */
    final Deque<String> queueClaims = new ArrayDeque<>();
    Date recheckAt;
    final List<String> decisions = new ArrayList<>();
    final Timings timings = new Timings();
    final BlastRadius blastRadius = new BlastRadius();
    final HeldByRisk heldByRisk = new HeldByRisk();
    /** Task_HoldForReview finds the account suspended on the relays (the delegate's BPMN error). */
    boolean accountSuspendedOnRelays;
    /** Runs inside Task_HoldForReview's delegate: a test makes the hold take its time, as holding on real relays does. */
    Runnable duringHold = () -> { };
    long volume = 120;
    int earlierIncidents = 0;

    void register() {
        Mocks.register("suspendRelay", step("suspendRelay", e -> { }));
        Mocks.register("quarantineMail", step("quarantineMail", e -> QUARANTINED_COUNT.set(e, 120L)));
        Mocks.register("gatherEvidence", step("gatherEvidence", e -> {
            VOLUME.set(e, volume);
            EARLIER_INCIDENTS.set(e, earlierIncidents);
        }));
        Mocks.register("sendLetter", step("sendLetter", e -> letters.add(LETTER_KIND.get(e))));
        Mocks.register("checkQueueClaim", step("checkQueueClaim", e -> {
            QUEUE_CLAIM.set(e, queueClaims.isEmpty() ? "HOLDS" : queueClaims.poll());
            recheckAt = new Date(ClockUtil.getCurrentTime().getTime() / 1000 * 1000 + 600_000);
            timings.recorderRecheckAt.set(recheckAt);
        }));
        Mocks.register("stageReenable", step("stageReenable", e -> { }));
        Mocks.register("releaseHeldMail", step("releaseHeldMail", e -> RELEASED_COUNT.set(e, 3L)));
        Mocks.register("startProbation", step("startProbation", e -> { }));
        Mocks.register("recordFailedAttempt", step("recordFailedAttempt",
                e -> FAILED_ATTEMPTS.set(e, FAILED_ATTEMPTS.getOrDefault(e, 0) + 1)));
        Mocks.register("closeCase", step("closeCase", e -> calls.add("closed:" + OUTCOME.get(e) + ":" + FINAL_RELAY_STATE.get(e))));
        Mocks.register("closeCaseByOperator", step("closeCaseByOperator",
                e -> calls.add("operatorClosed:" + FINAL_RELAY_STATE.get(e) + ":" + CLOSED_BY.get(e))));
        Mocks.register("caseStageListener", (ExecutionListener) e -> {
            var stage = RelayRemediation.STAGE_ENTRIES.get(e.getCurrentActivityId() + ":" + e.getEventName());
            if (stage == null) {
                throw new IllegalStateException("no stage for " + e.getCurrentActivityId() + ":" + e.getEventName());
            }
            stages.add(stage.name());
        });
        Mocks.register("prepareReviewTask", (TaskListener) t -> calls.add("prepareReviewTask"));
        Mocks.register("auditDecision", (TaskListener) t -> decisions.add(t.getTaskDefinitionKey() + ":"
                + RelayRemediation.TASK_FORMS.get(t.getTaskDefinitionKey()).decision().getOrNull(t)));
        Mocks.register("loadPolicyFacts", (ExecutionListener) e -> calls.add("loadPolicyFacts@" + e.getCurrentActivityId()));
        Mocks.register("caseTimings", timings);
        Mocks.register("blastRadius", blastRadius);
        Mocks.register("heldByRisk", heldByRisk);
        Mocks.register("holdForReview", step("holdForReview", e -> {
            duringHold.run();
            if (accountSuspendedOnRelays) {
                throw new BpmnError(RelayRemediation.Errors.ACCOUNT_ALREADY_SUSPENDED);
            }
        }));
        Mocks.register("remindDesk", step("remindDesk", e -> { }));
        Mocks.register("releaseHeldForReview", step("releaseHeldForReview", e -> RELEASED_COUNT.set(e, 40L)));
        Mocks.register("closeFalsePositive", step("closeFalsePositive", e -> { }));
        Mocks.register("prepareHeldReview", (TaskListener) t -> calls.add("prepareHeldReview"));
        Mocks.register("recordHeldDecision", (TaskListener) t -> calls.add("recordHeldDecision:" + HELD_MAIL_DECISION.get(t)));
    }

    /**
     * Stand-in of CaseTimings: the durations of the case record, which the timers and retries read
     * (by business key in the real bean), whatever variables the instance holds.
     */
    public static final class Timings {
        String retryCycle = "R2/PT1M";
        String reminderCycle = "R2/P3D";
        String unresponsiveAfter = "P14D";
        String watchWindow = "PT15M";
        String probationPeriod = "P7D";
        String heldReviewReminder = "R11/PT4H";
        String heldReviewDeadline = "P2D";

        public String heldReviewReminder(DelegateExecution e) {
            return heldReviewReminder;
        }

        public String heldReviewDeadline(DelegateExecution e) {
            return heldReviewDeadline;
        }

        public String retryCycle(DelegateExecution e) {
            return retryCycle;
        }

        public String reminderCycle(DelegateExecution e) {
            return reminderCycle;
        }

        public String unresponsiveAfter(DelegateExecution e) {
            return unresponsiveAfter;
        }

        public String watchWindow(DelegateExecution e) {
            return watchWindow;
        }

        public String probationPeriod(DelegateExecution e) {
            return probationPeriod;
        }

        /** The grace after the claim: what the last check said (as the real bean reads it from the answers). */
        public Date queueClaimGraceOver(DelegateExecution e) {
            return recorderRecheckAt.get();
        }

        final AtomicReference<Date> recorderRecheckAt = new AtomicReference<>();
    }

    /** Stand-in of BlastRadiusGate: whether the case record says the case was held when it opened. */
    public static final class BlastRadius {
        boolean held;

        public boolean needsConfirmation(DelegateExecution e) {
            return held;
        }
    }

    /** Stand-in of HeldByRiskGate: whether the case record says the risk opened the case with HOLD. */
    public static final class HeldByRisk {
        boolean held;

        public boolean atOpening(DelegateExecution e) {
            return held;
        }
    }

    interface Body {
        void run(DelegateExecution execution);
    }

    private JavaDelegate step(String name, Body body) {
        return execution -> {
            if (name.equals(failing.get())) {
                throw new IllegalStateException("simulated failure of " + name);
            }
            calls.add(name + "@" + execution.getCurrentActivityId());
            body.run(execution);
        };
    }
}
