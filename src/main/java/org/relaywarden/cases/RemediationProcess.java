package org.relaywarden.cases;

import org.relaywarden.account.Account;

import java.util.List;

/**
 * Outbound port to the running remediation process of a case (the BPMN process
 * {@code relay-remediation}, business key = case reference). Features that learn something
 * about a case (an alert, answers, a burst, an operator's decision) tell the process through it.
 */
public interface RemediationProcess {

    void start(CaseReference ref, Account account, boolean originator);

    /** Throws {@link CaseNotWaitingException} if the case is not waiting for answers. */
    void answersReceived(CaseReference ref, boolean complete, String missingQuestions);

    /** Throws {@link CaseNotWaitingException} if the case is not watching for a burst. */
    void burstDetected(CaseReference ref, long messages, long seconds);

    /** Throws {@link CaseNotWaitingException} if the case has no running process. */
    void closeByOperator(CaseReference ref, String finalRelayState, String operator, String reason);

    /**
     * An operator changes some of the case's durations (non-null values of {@code changes}): kept with
     * the case (audited with who, old and new) and applied to the case's timers that are already
     * waiting. Returns the durations now in force. Throws {@link UnknownCaseException}.
     */
    CaseDurations changeDurations(CaseReference ref, CaseDurations changes, String operator);

    /**
     * An operator decides on a case the blast-radius guard held: suspend relaying (the case goes on) or close the
     * case with relaying left open. Throws {@link CaseNotWaitingException} if the case is not waiting for that.
     */
    void confirmSuspension(CaseReference ref, boolean suspend, String operator, String reason);

    /**
     * An operator retries the case's failed steps: every job of the case's process instance (found by the case's
     * reference, its business key) that has no retries left gets one more, which resolves its incident; audited.
     * Returns the activities retried. Throws {@link CaseNotWaitingException} if the case has no failed step.
     */
    List<String> retryFailedSteps(CaseReference ref, String operator, String reason);

    /**
     * The policy core's risk for a case held for review rose to SUSPEND: the case leaves the review for the
     * suspension path. Never waits: while a step of the case's process is being executed (the hold on the relays takes
     * seconds) it changes nothing and answers {@code false}, and the caller tells it again later; {@code evenIfBusy}
     * (the caller's patience is over) tells the case anyway. Throws {@link CaseNotWaitingException} if the case is not
     * held for review (one suspension per case: a second rise finds it no longer held).
     */
    boolean riskRaised(CaseReference ref, boolean evenIfBusy);

    /**
     * An operator releases the mail held for review as the customer's own ("legitimate", with the operator's note):
     * the process releases it, relays again, tells the policy core and closes the case as a false positive.
     * Throws {@link CaseNotWaitingException} if the case is not waiting for that review.
     */
    void releaseHeld(CaseReference ref, String operator, String note);
}
