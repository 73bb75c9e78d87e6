package org.relaywarden.customers;

import com.fasterxml.jackson.annotation.JsonValue;
import org.relaywarden.account.Account;
import org.relaywarden.account.InvalidAccountException;

/**
 * A mail address that letters may go to, parsed once at the boundary with the grammar of
 * {@link Account} ({@code local@domain}; letters, digits and {@code . _ + -} in the local part, DNS
 * labels in the domain): nothing that could break out of a mail header (no comma, no angle bracket,
 * no quote, no line break) can be held by an instance.
 */
public final class ContactAddress {

    private final String address;

    private ContactAddress(String address) {
        this.address = address;
    }

    /** Parses an address or throws {@link InvalidContactAddressException} saying what is wrong. */
    public static ContactAddress parse(String raw) {
        try {
            return new ContactAddress(Account.checkedAddress(raw == null ? null : raw.strip()));
        } catch (InvalidAccountException e) {
            throw new InvalidContactAddressException(e.getMessage().replace("a SASL login of the form", "of the form")
                    .replace("the account", "the address").replace("account", "address"));
        }
    }

    /** The account's own mailbox: its login is its address. */
    public static ContactAddress of(Account account) {
        return new ContactAddress(account.login());
    }

    @JsonValue
    public String value() {
        return address;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContactAddress other && address.equals(other.address);
    }

    @Override
    public int hashCode() {
        return address.hashCode();
    }

    @Override
    public String toString() {
        return address;
    }
}
