package org.relaywarden.questionnaire;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A customer's answers to the three numbered questions. Question 3 is an explicit confirmation
 * that the server's queue was emptied, with the output of the queue command as proof. The pasted
 * output is judged here ({@link QueueOutput}), the same for every channel (page, mail reply, API):
 * a listing that still shows messages leaves question 3 unanswered, whatever the checkbox says.
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
        if (!Boolean.TRUE.equals(queueEmptied) || queueStillListsMessages()) {
            b.append("3,");
        }
        return b.isEmpty() ? "" : b.substring(0, b.length() - 1);
    }

    /** What the pasted queue output shows. */
    public QueueOutput.Reading queueReading() {
        return QueueOutput.read(queueOutput);
    }

    /** The pasted queue output still lists messages: the queue was not emptied. */
    public boolean queueStillListsMessages() {
        return queueReading().verdict() == QueueOutput.Verdict.LISTS_MESSAGES;
    }

    public boolean complete() {
        return missingQuestions().isEmpty();
    }
}
