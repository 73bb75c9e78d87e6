package org.relaywarden.credentials;

import org.relaywarden.account.Account;

import java.util.Optional;

/**
 * Outbound port to where the provider keeps an account's SMTP AUTH password: vpopmail, Cyrus SASL's
 * sasldb, a Dovecot passwd-file, or an SQL database. Relaywarden reads what the store holds only to
 * take a keyed fingerprint of it ({@link Fingerprints}) and wipes it at once; it never stores or logs it.
 * Setting a password is off unless configured ({@code relaywarden.credentials.reset.*}).
 */
public interface CredentialStore {

    /** The adapter's name: {@code vpopmail}, {@code sasldb}, {@code passwd-file}, {@code sql}, {@code none}. */
    String name();

    /** Where the store is, for the case view and the audit (never a secret): {@code sasldb /etc/sasldb2}. */
    String describe();

    /** False for {@code none}: nothing to check, the check answers "not checked". */
    default boolean configured() {
        return true;
    }

    /**
     * What the store holds for the account (a hash; for sasldb the secret itself), empty when the store has no such
     * account. The caller wipes the array. Throws {@link CredentialStoreException} when the store cannot be read.
     */
    Optional<byte[]> stored(Account account);

    /**
     * Sets a new password for an account the store has; the password never reaches a command line (it goes on
     * standard input) or a log. Throws {@link CredentialStoreException} on failure.
     */
    void setPassword(Account account, char[] password);
}
