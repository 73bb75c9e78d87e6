package org.relaywarden.cases;

/** No such case; answered with 404. */
public class UnknownCaseException extends RuntimeException {
    public UnknownCaseException(String message) {
        super(message);
    }
}
