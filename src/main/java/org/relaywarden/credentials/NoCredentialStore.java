package org.relaywarden.credentials;

import org.relaywarden.account.Account;

import java.util.Optional;

/** {@code relaywarden.credentials.store=none} (the default): no password is checked or set. */
final class NoCredentialStore implements CredentialStore {

    @Override
    public String name() {
        return "none";
    }

    @Override
    public String describe() {
        return "none (relaywarden.credentials.store is not set)";
    }

    @Override
    public boolean configured() {
        return false;
    }

    @Override
    public Optional<byte[]> stored(Account account) {
        return Optional.empty();
    }

    @Override
    public void setPassword(Account account, char[] password) {
        throw new CredentialStoreException("no credential store is configured (relaywarden.credentials.store)");
    }
}
