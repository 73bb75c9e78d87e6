package org.relaywarden.account;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A SASL login of the form {@code local@domain}, parsed once at the boundary.
 *
 * <p>The grammar is deliberately narrow: letters, digits and {@code . _ + -} in the local part,
 * DNS labels in the domain. Nothing that a shell, a Postfix map file, the policy protocol or a
 * file path treats specially can be held by an instance: no whitespace, no control characters,
 * no quotes, no {@code / \ ; | & $ ` < > = : *}. The domain is always lower-cased.
 *
 * <p>The local part is compared as the provider's SASL backend compares it ({@link LocalPartCase},
 * configuration {@code relaywarden.accounts.local-part}): by default it is lower-cased here, so the
 * access map, the policy service, cases and letters all name one account for {@code Bigcorp@x} and
 * {@code bigcorp@x}; with {@link LocalPartCase#CASE_SENSITIVE} it keeps its case.
 *
 * <p>Why a process-wide mode and not a parser object: an account is a value parsed at every boundary
 * (REST, process variables, the policy protocol, maps, the database) by this one static function, and
 * two parsers with different rules in one process would let two of those boundaries disagree about
 * which account a login is — exactly the mismatch this mode exists to prevent. The mode is therefore
 * set once at start, before any other bean is created ({@link AccountConfiguration}), from
 * configuration; it defaults to case-insensitive, so code that runs without Spring (tests, tools)
 * gets the default. {@link #resetLocalPartCase()} is for tests that switch it.
 */
public final class Account implements Comparable<Account> {

    public static final int MAX_LENGTH = 254;
    /** Starts with a letter, digit or underscore: a login can never look like a command-line option. */
    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_+-]*(\\.[A-Za-z0-9_+-]+)*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    /** How the provider's SASL backend compares the local part of a login. */
    public enum LocalPartCase {
        /** {@code Bigcorp} and {@code bigcorp} are one login: lower-cased at parse (the default). */
        CASE_INSENSITIVE,
        /** {@code Bigcorp} and {@code bigcorp} are two logins: the case is kept. */
        CASE_SENSITIVE
    }

    private static volatile LocalPartCase localPartCase = LocalPartCase.CASE_INSENSITIVE;

    private final String login;

    private Account(String login) {
        this.login = login;
    }

    /** Parses a SASL login or throws {@link InvalidAccountException} saying what is wrong. */
    public static Account parse(String raw) {
        return parse(raw, localPartCase);
    }

    /**
     * The login grammar applied to a mail address, its local part kept as given (a mailbox's local
     * part is never folded, whatever the SASL backend does): {@code local@domain} with the domain
     * lower-cased, or {@link InvalidAccountException}. For {@code ContactAddress}; not a login.
     */
    public static String checkedAddress(String raw) {
        return parse(raw, LocalPartCase.CASE_SENSITIVE).login;
    }

    private static Account parse(String raw, LocalPartCase mode) {
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
        // the grammar is checked before case is folded: Unicode lower-casing maps some non-ASCII
        // characters to ASCII (KELVIN SIGN to k), which must be refused, not turned into another login
        String rawLocal = raw.substring(0, at);
        if (rawLocal.length() > 64 || !LOCAL.matcher(rawLocal).matches()) {
            throw new InvalidAccountException(
                    "the local part of the account may hold only letters, digits and . _ + - (starting with a letter, digit or _; no trailing or double dot)");
        }
        String rawDomain = raw.substring(at + 1);
        if (!rawDomain.chars().allMatch(c -> c < 0x80)) {
            throw new InvalidAccountException("the domain of the account is not a valid DNS name");
        }
        String local = mode == LocalPartCase.CASE_INSENSITIVE ? rawLocal.toLowerCase(Locale.ROOT) : rawLocal;
        String domain = rawDomain.toLowerCase(Locale.ROOT);
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

    /** The mode {@link #parse} follows. */
    public static LocalPartCase localPartCase() {
        return localPartCase;
    }

    /** Sets the mode once at start ({@link AccountConfiguration}); accounts parsed before keep their form. */
    public static void useLocalPartCase(LocalPartCase mode) {
        localPartCase = Objects.requireNonNull(mode, "mode");
    }

    /** Back to the default (case-insensitive): for tests that switch the mode. */
    public static void resetLocalPartCase() {
        localPartCase = LocalPartCase.CASE_INSENSITIVE;
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

    /**
     * The login with its local part lower-cased, as Postfix's {@code hash:} lookups fold it: the key
     * under which every case variant of a case-sensitive login meets (equal to {@link #login()} by default).
     */
    public String caseFolded() {
        return login.toLowerCase(Locale.ROOT);
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
