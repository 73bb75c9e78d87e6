package org.relaywarden.questionnaire;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A customer's answers to the three numbered questions. Question 3 is an explicit confirmation
 * that the server's queue was emptied, with the output of the queue command as proof.
 */
public record Answers(@Size(max = 10_000) String cause,
                      @Size(max = 10_000) String prevention,
                      @NotNull Boolean queueEmptied,
                      @Size(max = 20_000) String queueOutput) {

    /** The numbers of the questions without an acceptable answer, e.g. {@code "2,3"}; empty if complete. */
    public String missingQuestions() {
        StringBuilder b = new StringBuilder();
        if (cause == null || cause.isBlank()) {
            b.append("1,");
        }
        if (prevention == null || prevention.isBlank()) {
            b.append("2,");
        }
        if (!Boolean.TRUE.equals(queueEmptied)) {
            b.append("3,");
        }
        return b.isEmpty() ? "" : b.substring(0, b.length() - 1);
    }

    public boolean complete() {
        return missingQuestions().isEmpty();
    }
}
