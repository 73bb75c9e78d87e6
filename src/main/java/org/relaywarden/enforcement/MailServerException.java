package org.relaywarden.enforcement;

/** A technical failure talking to a mail server: the job is retried, then becomes an incident. */
public class MailServerException extends RuntimeException {
    public MailServerException(String message) {
        super(message);
    }

    public MailServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
