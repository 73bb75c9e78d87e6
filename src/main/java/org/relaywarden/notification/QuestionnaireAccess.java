package org.relaywarden.notification;

import org.relaywarden.cases.CaseReference;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Outbound port to the questionnaire: what a letter needs to let the customer answer. Each call
 * that creates something commits on its own, so that a letter that went out never points to a
 * token that a rolled-back job forgot.
 */
public interface QuestionnaireAccess {

    /**
     * Stands for the token in a rendered letter. The letter is recorded with it, and the real token
     * is put in only when the letter goes out, so no raw token is ever stored (only its hash).
     */
    String TOKEN_PLACEHOLDER = "QUESTIONNAIRE-TOKEN";

    /**
     * The link to the case's questionnaire page with {@link #TOKEN_PLACEHOLDER} for the token and
     * the expiry a token issued now would have; empty when no page address is configured.
     */
    Optional<Link> link(CaseReference ref);

    /** A fresh token for the case's questionnaire page; only its hash is kept. */
    String issueToken(CaseReference ref);

    /** The case's reply token, the {@code TOKEN} of the reply address {@code abuse+TOKEN@...}. */
    String replyToken(CaseReference ref);

    /** The answers understood so far in the latest round, by question number (1 to 3); blank ones left out. */
    Map<Integer, String> understoodAnswers(CaseReference ref);

    /**
     * Why the latest round left questions 2 or 3 open, for the follow-up letter to explain (the content judgement
     * of the questionnaire); {@link Explanations#NONE} when there is nothing to explain.
     */
    Explanations explanations(CaseReference ref);

    /**
     * @param preventionIrrelevant the customer's words of an answer 2 that names only a measure with nothing to do
     *                             with the relay (a spam filter on a PC), else null
     * @param queueReason          why question 3 is not confirmed (a {@code QuestionThree.Reason} name), else null
     * @param queueWords           the words that reason rests on (e.g. "Outlook", "3 messages"), else null
     */
    record Explanations(String preventionIrrelevant, String queueReason, String queueWords) {
        public static final Explanations NONE = new Explanations(null, null, null);
    }

    /**
     * The figures of the latest check of the customer's "queue emptied" against the refused attempts
     * (for the letter {@link LetterKind#QUEUE_NOT_EMPTY}); empty if the claim was never checked.
     */
    Optional<QueueClaimFigures> queueClaimFigures(CaseReference ref);

    record Link(String url, Instant expiresAt) {
    }

    /** Refused attempts after the claim: how many, the distinct messages behind them, the claim's time and the last attempt. */
    record QueueClaimFigures(long attempts, long distinctMessages, Instant claimedAt, Instant lastAttempt) {
    }
}
