package org.relaywarden.alerts;

import org.relaywarden.web.BadRequestException;

/** A webhook body that parses but cannot be used as a whole (answered with 400). */
public class MalformedWebhookException extends BadRequestException {
    public MalformedWebhookException(String message) {
        super("malformed webhook", message);
    }
}
