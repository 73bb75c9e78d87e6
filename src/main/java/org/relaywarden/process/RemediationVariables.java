package org.relaywarden.process;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every variable of {@code relay-remediation}, typed and declared in one place. The process
 * holds references and small values; the case store holds answers, evidence and letters.
 */
public final class RemediationVariables {

    /**
     * The SASL login, a display value for Cockpit only: delegates and listeners take the account from
     * the case record by business key (the case reference), never from this variable.
     */
    public static final ProcessVariable<String> ACCOUNT = string("account");
    public static final ProcessVariable<Boolean> ORIGINATOR = bool("originator");
    /** Policy inputs, (re)loaded from the case record right before the decision ({@link PolicyFactsListener}). */
    public static final ProcessVariable<Integer> EARLIER_INCIDENTS = integer("earlierIncidents");
    public static final ProcessVariable<Long> VOLUME = longVar("volume");
    public static final ProcessVariable<Integer> FAILED_ATTEMPTS = integer("failedAttempts");
    /** Policy output: {@link RelayRemediation.Routes}. */
    public static final ProcessVariable<String> ROUTE = string("route");
    public static final ProcessVariable<Long> QUARANTINED_COUNT = longVar("quarantinedCount");
    public static final ProcessVariable<Long> RELEASED_COUNT = longVar("releasedCount");
    /** Carried by relaywarden.AnswersReceived. */
    public static final ProcessVariable<Boolean> ANSWERS_COMPLETE = bool("answersComplete");
    public static final ProcessVariable<String> MISSING_QUESTIONS = string("missingQuestions");
    /** Set by the review form: {@link RelayRemediation.ReviewDecisions}. */
    public static final ProcessVariable<String> REVIEW_DECISION = string("reviewDecision");
    public static final ProcessVariable<String> REVIEW_COMMENT = string("reviewComment");
    public static final ProcessVariable<Boolean> TERMINATION_CONFIRMED = bool("terminationConfirmed");
    public static final ProcessVariable<String> TERMINATION_COMMENT = string("terminationComment");
    public static final ProcessVariable<String> UNRESPONSIVE_DECISION = string("unresponsiveDecision");
    public static final ProcessVariable<String> SUSPENSION_DECISION = string("suspensionDecision");
    public static final ProcessVariable<String> SUSPENSION_COMMENT = string("suspensionComment");
    /** Set by the "review held mail" form: {@link RelayRemediation.HeldMailDecisions}, and the reviewer's note. */
    public static final ProcessVariable<String> HELD_MAIL_DECISION = string("heldMailDecision");
    public static final ProcessVariable<String> HELD_MAIL_NOTE = string("heldMailNote");
    /** Set by Task_CheckQueueClaim (read by the gateway right after it, same transaction): a {@code QueueClaimCheck.Verdict} name. */
    public static final ProcessVariable<String> QUEUE_CLAIM = string("queueClaim");
    /** Carried by relaywarden.BurstDetected. */
    public static final ProcessVariable<Long> BURST_MESSAGES = longVar("burstMessages");
    public static final ProcessVariable<Long> BURST_SECONDS = longVar("burstSeconds");
    /** Carried by relaywarden.CaseClosedByOperator. */
    public static final ProcessVariable<String> FINAL_RELAY_STATE = string("finalRelayState");
    public static final ProcessVariable<String> CLOSED_BY = string("closedBy");
    public static final ProcessVariable<String> CLOSE_REASON = string("closeReason");
    /**
     * Durations as variables: set and read only by instances started before the case record kept them
     * (earlier model versions). The current model's timers read {@link CaseTimings}.
     */
    public static final ProcessVariable<String> RETRY_CYCLE = string("retryCycle");
    public static final ProcessVariable<String> REMINDER_CYCLE = string("reminderCycle");
    public static final ProcessVariable<String> UNRESPONSIVE_AFTER = string("unresponsiveAfter");
    public static final ProcessVariable<String> WATCH_WINDOW = string("watchWindow");
    public static final ProcessVariable<String> PROBATION_PERIOD = string("probationPeriod");
    /** Local input parameters of service tasks. */
    public static final ProcessVariable<String> LETTER_KIND = string("letterKind");
    public static final ProcessVariable<String> OUTCOME = string("outcome");

    private RemediationVariables() {
    }

    /** How many letters of one kind this case has sent: part of each letter's idempotency key. */
    public static ProcessVariable<Integer> lettersSent(String kind) {
        return integer("lettersSent_" + kind);
    }

    /** A map for starting or correlating, built from typed entries. */
    public static Map<String, Object> values(Entry<?>... entries) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Entry<?> e : entries) {
            map.put(e.variable().name(), e.value());
        }
        return map;
    }

    public static <T> Entry<T> entry(ProcessVariable<T> variable, T value) {
        return new Entry<>(variable, value);
    }

    public record Entry<T>(ProcessVariable<T> variable, T value) {
    }

    private static ProcessVariable<String> string(String name) {
        return new ProcessVariable<>(name, String.class);
    }

    private static ProcessVariable<Boolean> bool(String name) {
        return new ProcessVariable<>(name, Boolean.class);
    }

    private static ProcessVariable<Integer> integer(String name) {
        return new ProcessVariable<>(name, Integer.class);
    }

    private static ProcessVariable<Long> longVar(String name) {
        return new ProcessVariable<>(name, Long.class);
    }
}
