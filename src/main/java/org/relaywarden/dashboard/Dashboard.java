package org.relaywarden.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The abuse desk's figures (issue 22), all computed from Relaywarden's own tables, except who is waiting for a
 * person and which process instance runs a case (the engine, through {@link WaitingWork}).
 */
public record Dashboard(
        Instant at,
        Map<String, Long> openByStage,
        List<OpenCase> openCases,
        List<Waiting> waitingForPerson,
        Window last7Days,
        Window last30Days,
        FirstRound firstRound) {

    /**
     * An open case and how many of its messages are in the quarantine; {@code processInstanceId} is null when no
     * process instance runs it (anymore).
     */
    public record OpenCase(String caseId, String account, String stage, Instant stageSince, long quarantined,
                           String processInstanceId) {
    }

    /** A case waiting for a person: the open user task and how long it has been open. */
    public record Waiting(String caseId, String task, Instant since, long waitingSeconds) {
    }

    /**
     * A time window: alert to suspension (seconds, nearest rank; null without suspensions), refused attempts
     * (spam the suspended relays stopped), messages quarantined, and failed re-enables (a suspension after a
     * re-enable of the same case).
     */
    public record Window(int days, long suspensions, Long alertToSuspensionP50Seconds, Long alertToSuspensionP99Seconds,
                         long refusedAttempts, long messagesQuarantined, long failedReenables) {
    }

    /** Of the cases that answered, how many answered completely in the first round; share null without answers. */
    public record FirstRound(long answered, long complete, Double share) {
    }
}
