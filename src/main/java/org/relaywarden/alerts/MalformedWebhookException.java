package org.relaywarden.alerts;

/** A webhook body that parses but cannot be used as a whole (answered with 400). */
public class MalformedWebhookException extends IllegalArgumentException {
    public MalformedWebhookException(String message) {
        super(message);
    }
}
