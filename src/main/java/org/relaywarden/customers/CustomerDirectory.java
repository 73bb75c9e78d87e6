package org.relaywarden.customers;

import org.relaywarden.account.Account;

import java.util.Optional;

/**
 * Outbound port: who is the customer behind this SASL login, in which language, at which
 * addresses. Empty when the directory does not know the login; a directory that cannot be asked
 * (database down) throws, so that the letter's job is retried rather than the letter misdirected.
 * Adapters: {@link MailboxDirectory} (default), {@link FileDirectory}, {@link SqlDirectory}.
 */
public interface CustomerDirectory {

    Optional<Customer> find(Account account);

    /** A short name for the audit trail, e.g. {@code file /etc/relaywarden/customers.csv}. */
    String describe();
}
