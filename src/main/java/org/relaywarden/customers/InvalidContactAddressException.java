package org.relaywarden.customers;

/** A string that is not a mail address letters may go to; answered with 400 at the API. */
public class InvalidContactAddressException extends RuntimeException {
    public InvalidContactAddressException(String message) {
        super(message);
    }
}
