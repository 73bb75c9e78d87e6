package org.relaywarden.customers;

import org.relaywarden.account.Account;

import java.util.List;
import java.util.Optional;

/**
 * The account's own mailbox: the SASL login is the customer's address. Retrieval (IMAP, POP3,
 * webmail) keeps working while relaying is suspended, so the customer can read the letter. It
 * knows no language: the case's language, else {@code relaywarden.letters.default-language}, applies.
 */
final class MailboxDirectory implements CustomerDirectory {

    @Override
    public Optional<Customer> find(Account account) {
        return Optional.of(new Customer(null, null, List.of(ContactAddress.of(account))));
    }

    @Override
    public String describe() {
        return "mailbox";
    }
}
