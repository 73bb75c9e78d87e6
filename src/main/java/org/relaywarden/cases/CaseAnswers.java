package org.relaywarden.cases;

import java.time.Instant;
import java.util.Optional;

/**
 * Outbound port to the questionnaire: the latest answers of a case as the case view shows them, each with the
 * judgement of its content and the reason (e.g. "irrelevant to an open relay: protects a PC from incoming mail
 * ..."). The judgements are made by the questionnaire; the case view only shows them.
 */
public interface CaseAnswers {

    Optional<Latest> latest(CaseReference ref);

    /** One answer and how it was judged. */
    record Judged(String answer, String judgement) {
    }

    /** The latest round: where it came from, whether it is complete, and the three answers judged. */
    record Latest(int round, String channel, Instant receivedAt, boolean complete, String missingQuestions,
                  Judged cause, Judged prevention, Judged queue) {
    }
}
