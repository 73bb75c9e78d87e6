package org.relaywarden.enforcement.postfix;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.RelayState;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The relay state of every non-active account, in memory: what the policy service answers from
 * (lock-free reads, never a database call on the request path) and what the access map is
 * rendered from. {@link PostfixRelayControl} is its only writer.
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

    public Entry get(Account account) {
        return entries.get(account);
    }

    public RelayState stateOf(Account account) {
        Entry e = entries.get(account);
        return e == null ? RelayState.ACTIVE : e.state();
    }

    void put(Account account, Entry entry) {
        if (entry.state() == RelayState.ACTIVE) {
            entries.remove(account);
        } else {
            entries.put(account, entry);
        }
    }

    /** A sorted snapshot of every non-active account. */
    public Map<Account, Entry> snapshot() {
        return new TreeMap<>(entries);
    }
}
