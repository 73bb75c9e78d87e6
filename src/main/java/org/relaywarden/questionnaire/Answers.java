package org.relaywarden.questionnaire;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A customer's answers to the three numbered questions. Question 3 is an explicit confirmation
 * that the server's queue was emptied, with the output of the queue command as proof. Both are
 * judged here, the same for every channel (page, mail reply, API), by {@link QuestionThree}: a
 * listing that still shows messages, or words that speak against it ("will do tonight", "the
 * outbox in Outlook is empty"), leave question 3 unanswered, whatever the checkbox says. An
 * answer 2 that names only a measure with nothing to do with the relay (a spam filter on a PC)
 * leaves question 2 open ({@link ContentJudgement}).
 */
public record Answers(@Size(max = 10_000) String cause,
                      @Size(max = 10_000) String prevention,
                      @NotNull Boolean queueEmptied,
                      @Size(max = 20_000) String queueOutput) {

    /** The numbers of the questions without an acceptable answer, e.g. {@code "2,3"}; empty if complete. */
    public String missingQuestions() {
        StringBuilder b = new StringBuilder();
        ContentJudgement.Kind one = causeJudgement().kind();
        if (cause == null || cause.isBlank() || one == ContentJudgement.Kind.NONE || one == ContentJudgement.Kind.QUESTION_BACK
                || one == ContentJudgement.Kind.CAUSE_UNKNOWN || one == ContentJudgement.Kind.CAUSE_VAGUE
                || one == ContentJudgement.Kind.DENIES) {
            b.append("1,");
        }
        ContentJudgement.Kind two = preventionJudgement().kind();
        if (two == ContentJudgement.Kind.NONE || two == ContentJudgement.Kind.IRRELEVANT
                || two == ContentJudgement.Kind.QUESTION_BACK || two == ContentJudgement.Kind.NO_MEASURE) {
            b.append("2,");
        }
        if (!questionThree().confirmed()) {
            b.append("3,");
        }
        return b.isEmpty() ? "" : b.substring(0, b.length() - 1);
    }

    /** The verdict on question 3 with its reason. */
    public QuestionThree.Reading questionThree() {
        return QuestionThree.read(Boolean.TRUE.equals(queueEmptied), queueOutput);
    }

    /** What answer 1 is about. */
    public ContentJudgement.Judgement causeJudgement() {
        return ContentJudgement.cause(cause);
    }

    /** What answer 2 is about; {@link ContentJudgement.Kind#IRRELEVANT} leaves question 2 open. */
    public ContentJudgement.Judgement preventionJudgement() {
        return ContentJudgement.prevention(prevention);
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
