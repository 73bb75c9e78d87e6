package org.relaywarden.process;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Durations of the remediation process (ISO 8601). They are copied into each case when it
 * starts, so a case keeps the timing it began with.
 *
 * @param retryCycle        job retries of every step that talks to a mail server or sends mail; then an incident
 * @param reminderCycle     reminder letters while waiting for answers
 * @param unresponsiveAfter when an agent is asked what to do with a silent customer
 * @param watchWindow       how long new mail is held after a re-enable, watching for a burst
 * @param probationPeriod   how long the account is watched with a stricter threshold after release
 * @param heldReviewReminder how often the desk is reminded of a case held for review (its held mail waits), a cycle
 * @param heldReviewDeadline when a case held for review that nobody decided takes the suspension path: the hold is
 *                           invisible to the customer, a suspension and the first letter are not
 */
@ConfigurationProperties("relaywarden.process")
public record RemediationSettings(String retryCycle, String reminderCycle, String unresponsiveAfter, String watchWindow,
                                  String probationPeriod, String heldReviewReminder, String heldReviewDeadline) {
    public RemediationSettings {
        retryCycle = retryCycle == null ? "R5/PT1M" : retryCycle;
        reminderCycle = reminderCycle == null ? "R2/P3D" : reminderCycle;
        unresponsiveAfter = unresponsiveAfter == null ? "P14D" : unresponsiveAfter;
        watchWindow = watchWindow == null ? "PT15M" : watchWindow;
        probationPeriod = probationPeriod == null ? "P7D" : probationPeriod;
        heldReviewReminder = heldReviewReminder == null ? "R11/PT4H" : heldReviewReminder;
        heldReviewDeadline = heldReviewDeadline == null ? "P2D" : heldReviewDeadline;
    }
}
