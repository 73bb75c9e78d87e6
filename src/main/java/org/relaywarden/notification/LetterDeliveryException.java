package org.relaywarden.notification;

/** The SMTP server did not take a letter: a technical failure, retried by the job. */
public class LetterDeliveryException extends RuntimeException {
    public LetterDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
