package org.relaywarden.notification;

/**
 * Outbound port: delivers a letter to the customer. A technical failure is thrown, so the job
 * that sends the letter is retried and becomes an incident if it keeps failing.
 */
public interface CustomerNotifier {

    void deliver(Letter letter);

    /** A short name for the audit trail: how letters leave Relaywarden. */
    String channel();

    /** Whether a delivered letter has left Relaywarden (audited {@code LETTER_SENT}) or was only recorded ({@code LETTER_RECORDED}). */
    default boolean sends() {
        return true;
    }
}
