package org.relaywarden.complaints;

/** A report that cannot be read as a feedback report; the message says what is wrong (answered with 400). */
public class MalformedReportException extends RuntimeException {
    public MalformedReportException(String message) {
        super(message);
    }

    public MalformedReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
