package org.relaywarden.cases;

/**
 * The process's durations of one case (ISO 8601), kept with the case record: copied from
 * configuration when the case opens, changed for one case only through
 * {@code PUT /api/v1/cases/{id}/durations} (operators, audited). The timers read them from here.
 *
 * @param retryCycle        job retries of the steps that talk to a mail server or send mail ({@code R5/PT1M})
 * @param reminderCycle     reminder letters while waiting for answers ({@code R2/P3D})
 * @param unresponsiveAfter when an agent is asked what to do with a silent customer
 * @param watchWindow       how long new mail is held after a re-enable, watching for a burst
 * @param probationPeriod   how long the account is watched with a stricter threshold after release
 */
public record CaseDurations(String retryCycle, String reminderCycle, String unresponsiveAfter, String watchWindow,
                            String probationPeriod) {

    /** These durations with every non-null value of {@code changes} taken over. */
    public CaseDurations with(CaseDurations changes) {
        return new CaseDurations(pick(changes.retryCycle, retryCycle), pick(changes.reminderCycle, reminderCycle),
                pick(changes.unresponsiveAfter, unresponsiveAfter), pick(changes.watchWindow, watchWindow),
                pick(changes.probationPeriod, probationPeriod));
    }

    private static String pick(String changed, String current) {
        return changed == null ? current : changed;
    }

    @Override
    public String toString() {
        return "retryCycle=" + retryCycle + ", reminderCycle=" + reminderCycle + ", unresponsiveAfter=" + unresponsiveAfter
                + ", watchWindow=" + watchWindow + ", probationPeriod=" + probationPeriod;
    }
}
