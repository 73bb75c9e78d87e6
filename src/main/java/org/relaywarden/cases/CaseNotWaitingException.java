package org.relaywarden.cases;

/** The case is not in a stage where this message means anything (answered with 409). */
public class CaseNotWaitingException extends RuntimeException {
    public CaseNotWaitingException(String message) {
        super(message);
    }
}
