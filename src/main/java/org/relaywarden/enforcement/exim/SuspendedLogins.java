package org.relaywarden.enforcement.exim;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.policy.AccountStates;
import org.relaywarden.enforcement.policy.RefusalCode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders the {@code lsearch} file of suspended logins the ACL of {@code docs/exim.md} reads:
 * {@code login: 451 4.7.1 text} per suspended account (the same reply code as the policy service),
 * {@code login: HOLD text} per held one. Keys are {@link Account} values only (no colon, space or
 * quote) and texts printable ASCII, so nothing in the file can be a second entry.
 *
 * <p>lsearch compares keys without regard to case, so with case-sensitive logins one line covers
 * every case variant of its login: of the variants only one line is written, a suspension before a
 * hold — what {@link AccountStates#forRequest} answers for each of them.
 */
public final class SuspendedLogins {

    private SuspendedLogins() {
    }

    public static String render(Map<Account, AccountStates.Entry> states, RefusalCode refusal) {
        StringBuilder sb = new StringBuilder("# written by Relaywarden; every change here is overwritten\n");
        Map<String, Map.Entry<Account, AccountStates.Entry>> byFoldedLogin = new LinkedHashMap<>();
        for (Map.Entry<Account, AccountStates.Entry> e : states.entrySet()) {
            RelayState state = e.getValue().state();
            if (state == RelayState.SUSPENDED || state == RelayState.HELD) {
                byFoldedLogin.merge(e.getKey().caseFolded(), e, (first, next) ->
                        first.getValue().state() != RelayState.SUSPENDED && next.getValue().state() == RelayState.SUSPENDED
                                ? next : first);
            }
        }
        for (Map.Entry<Account, AccountStates.Entry> e : byFoldedLogin.values()) {
            String text = printable(e.getValue().reason().isEmpty() ? "relaying suspended" : e.getValue().reason());
            switch (e.getValue().state()) {
                case SUSPENDED -> sb.append(e.getKey().login()).append(": ").append(refusal.reply()).append(' ')
                        .append(text).append('\n');
                case HELD -> sb.append(e.getKey().login()).append(": HOLD ").append(text).append('\n');
                default -> {
                    // active and probation accounts relay: no line
                }
            }
        }
        return sb.toString();
    }

    /** Printable ASCII and spaces only, at most 200 characters: one line, nothing Exim would read as a second entry. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 200; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c <= 0x7e ? c : '?');
        }
        return sb.toString().strip();
    }
}
