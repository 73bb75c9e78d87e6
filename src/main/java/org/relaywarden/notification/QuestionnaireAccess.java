package org.relaywarden.notification;

import org.relaywarden.cases.CaseReference;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Outbound port to the questionnaire: what a letter needs to let the customer answer. Each call
 * that creates something commits on its own, so that a letter recorded with a link never points to
 * a token that a rolled-back job forgot.
 */
public interface QuestionnaireAccess {

    /** A fresh link to the case's questionnaire page, or empty when no page address is configured. */
    Optional<Link> issueLink(CaseReference ref);

    /** The case's reply token, the {@code TOKEN} of the reply address {@code abuse+TOKEN@...}. */
    String replyToken(CaseReference ref);

    /** The answers understood so far in the latest round, by question number (1 to 3); blank ones left out. */
    Map<Integer, String> understoodAnswers(CaseReference ref);

    record Link(String url, Instant expiresAt) {
    }
}
