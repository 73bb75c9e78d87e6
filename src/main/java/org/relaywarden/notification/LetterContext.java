package org.relaywarden.notification;

/**
 * What the process adds to a letter beyond the case record: which questions are missing
 * (e.g. {@code "2,3"}), the agent's comment, and the numbers of a failed re-enable: the burst that
 * was caught ({@code burstMessages} within {@code burstSeconds}) and how many held messages were then
 * quarantined ({@code quarantinedMessages}, the number the letter quotes; null where unknown).
 */
public record LetterContext(String missingQuestions, String comment, Long burstMessages, Long burstSeconds,
                            Long quarantinedMessages) {
    public static LetterContext none() {
        return new LetterContext(null, null, null, null, null);
    }
}
