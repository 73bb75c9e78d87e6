package org.relaywarden.enforcement.policy;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.RelayState;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The relay state of every non-active account, in memory: what the policy service answers from
 * (lock-free reads, never a database call on the request path) and what the access map is
 * rendered from. {@link PolicyRelayControl} is its only writer in the application ({@link #put} is public
 * for tests that set states by hand).
 *
 * <p>Login case: Postfix's {@code hash:} lookups of the access map fold case, so the map refuses or
 * holds every case variant of a listed login. With the default
 * ({@link Account.LocalPartCase#CASE_INSENSITIVE}) every login is lower-cased at parse and there are no
 * variants. With case-sensitive logins, {@link #forRequest} answers for a login what the map answers
 * for it: the strongest refusal or hold among its case variants.
 */
public class AccountStates {

    /** A state and the text shown to the client when it is refused or held. */
    public record Entry(RelayState state, String reason) {
        private static final Pattern UNSAFE = Pattern.compile("[^\\x20-\\x7e]");

        public Entry {
            reason = safeText(reason);
        }

        /** Printable ASCII only, at most 200 characters: it goes into SMTP replies and map files. */
        static String safeText(String text) {
            String t = UNSAFE.matcher(text == null ? "" : text).replaceAll(" ").strip();
            return t.length() <= 200 ? t : t.substring(0, 200);
        }
    }

    private final ConcurrentHashMap<Account, Entry> entries = new ConcurrentHashMap<>();
    /** Case-folded login → the non-active accounts with that folded form (only these few per key). */
    private final ConcurrentHashMap<String, Map<Account, Entry>> variants = new ConcurrentHashMap<>();

    /** The entry of exactly this account (null: active). */
    public Entry get(Account account) {
        return entries.get(account);
    }

    /**
     * What the policy service answers from for a login: a suspension of any case variant (the map
     * refuses them all), else a hold of any variant, else this account's own entry.
     */
    public Entry forRequest(Account account) {
        Entry own = entries.get(account);
        if (own != null && own.state() == RelayState.SUSPENDED) {
            return own;
        }
        Map<Account, Entry> same = variants.get(account.caseFolded());
        if (same == null) {
            return own;
        }
        Entry held = own != null && own.state() == RelayState.HELD ? own : null;
        for (Entry e : same.values()) {
            if (e.state() == RelayState.SUSPENDED) {
                return e;
            }
            if (held == null && e.state() == RelayState.HELD) {
                held = e;
            }
        }
        return held != null ? held : own;
    }

    public RelayState stateOf(Account account) {
        Entry e = entries.get(account);
        return e == null ? RelayState.ACTIVE : e.state();
    }

    public synchronized void put(Account account, Entry entry) {
        String folded = account.caseFolded();
        if (entry.state() == RelayState.ACTIVE) {
            entries.remove(account);
            variants.computeIfPresent(folded, (k, m) -> {
                Map<Account, Entry> next = new TreeMap<>(m);
                next.remove(account);
                return next.isEmpty() ? null : Map.copyOf(next);
            });
        } else {
            entries.put(account, entry);
            variants.compute(folded, (k, m) -> {
                Map<Account, Entry> next = m == null ? new TreeMap<>() : new TreeMap<>(m);
                next.put(account, entry);
                return Map.copyOf(next);
            });
        }
    }

    /** A sorted snapshot of every non-active account. */
    public Map<Account, Entry> snapshot() {
        return new TreeMap<>(entries);
    }
}
