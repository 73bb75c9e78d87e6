package org.relaywarden.quarantine;

/** A copy in quarantine did not verify: the original must stay in the queue. */
public class QuarantineIntegrityException extends RuntimeException {
    public QuarantineIntegrityException(String message) {
        super(message);
    }
}
