package org.relaywarden.account;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A SASL login of the form {@code local@domain}, parsed once at the boundary.
 *
 * <p>The grammar is deliberately narrow: letters, digits and {@code . _ + -} in the local part,
 * DNS labels in the domain. Nothing that a shell, a Postfix map file, the policy protocol or a
 * file path treats specially can be held by an instance: no whitespace, no control characters,
 * no quotes, no {@code / \ ; | & $ ` < > = : *}. The domain is lower-cased; the local part keeps
 * its case because Cyrus sasldb logins are case-sensitive.
 */
public final class Account implements Comparable<Account> {

    public static final int MAX_LENGTH = 254;
    /** Starts with a letter, digit or underscore: a login can never look like a command-line option. */
    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_+-]*(\\.[A-Za-z0-9_+-]+)*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private final String login;

    private Account(String login) {
        this.login = login;
    }

    /** Parses a SASL login or throws {@link InvalidAccountException} saying what is wrong. */
    public static Account parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new InvalidAccountException("account is missing");
        }
        if (raw.length() > MAX_LENGTH) {
            throw new InvalidAccountException("account is longer than " + MAX_LENGTH + " characters");
        }
        int at = raw.indexOf('@');
        if (at <= 0 || at != raw.lastIndexOf('@') || at == raw.length() - 1) {
            throw new InvalidAccountException("account must be a SASL login of the form local@domain");
        }
        String local = raw.substring(0, at);
        String domain = raw.substring(at + 1).toLowerCase(Locale.ROOT);
        if (local.length() > 64 || !LOCAL.matcher(local).matches()) {
            throw new InvalidAccountException(
                    "the local part of the account may hold only letters, digits and . _ + - (starting with a letter, digit or _; no trailing or double dot)");
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            throw new InvalidAccountException("the domain of the account must have at least two labels");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new InvalidAccountException("the domain of the account is not a valid DNS name");
            }
        }
        return new Account(local + "@" + domain);
    }

    /** True if {@code raw} is a valid login; never throws. */
    public static boolean isValid(String raw) {
        try {
            parse(raw);
            return true;
        } catch (InvalidAccountException e) {
            return false;
        }
    }

    @JsonValue
    public String login() {
        return login;
    }

    public String domain() {
        return login.substring(login.indexOf('@') + 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Account other && login.equals(other.login);
    }

    @Override
    public int hashCode() {
        return login.hashCode();
    }

    @Override
    public int compareTo(Account o) {
        return login.compareTo(o.login);
    }

    @Override
    public String toString() {
        return login;
    }
}
