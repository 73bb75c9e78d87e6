package org.relaywarden.customers;

/** The customer directory could not be asked (database down, timeout): a technical failure, retried by the letter's job. */
public class CustomerDirectoryException extends RuntimeException {
    public CustomerDirectoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
