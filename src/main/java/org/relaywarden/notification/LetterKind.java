package org.relaywarden.notification;

import java.util.Locale;

/**
 * The letters a case can send; each has a Thymeleaf template per language and mode in
 * {@code templates/letters/<lang>/<kind>.txt} and {@code .html}.
 */
public enum LetterKind {
    FIRST_NOTICE, FOLLOW_UP, ASK_AGAIN, REMINDER, REENABLE_FAILED, HOSTING_OFFER, TERMINATION, CASE_CLOSED,
    /** the customer claimed an empty queue, but the relays kept refusing retries from it */
    QUEUE_NOT_EMPTY;

    public String templateName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Letters that ask for answers carry the questionnaire link and the reply-by-mail option. */
    public boolean asksForAnswers() {
        return this == FIRST_NOTICE || this == FOLLOW_UP || this == ASK_AGAIN || this == REMINDER
                || this == HOSTING_OFFER || this == REENABLE_FAILED || this == QUEUE_NOT_EMPTY;
    }
}
