package org.relaywarden.account;

/** A string that is not an acceptable SASL login; the message says why and never echoes the input. */
public class InvalidAccountException extends IllegalArgumentException {
    public InvalidAccountException(String message) {
        super(message);
    }
}
