package org.relaywarden.notification;

/** The letters a case can send; each has a template per language in {@code letters/<lang>/<kind>.txt}. */
public enum LetterKind {
    FIRST_NOTICE, FOLLOW_UP, ASK_AGAIN, REMINDER, REENABLE_FAILED, HOSTING_OFFER, TERMINATION, CASE_CLOSED;

    String templateName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
