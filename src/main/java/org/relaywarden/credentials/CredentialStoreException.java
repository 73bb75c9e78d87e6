package org.relaywarden.credentials;

/** The credential store could not be read or changed; the message names the store, never a password. */
public class CredentialStoreException extends RuntimeException {

    public CredentialStoreException(String message) {
        super(message);
    }

    public CredentialStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
