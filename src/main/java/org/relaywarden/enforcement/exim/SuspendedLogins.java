package org.relaywarden.enforcement.exim;

import org.relaywarden.enforcement.policy.DurableAnswer;
import org.relaywarden.enforcement.policy.DurableAnswers;

import java.util.List;

/**
 * Renders the {@code lsearch} file of suspended logins the ACL of {@code docs/exim.md} reads:
 * {@code login: action} per suspended or held account, the action being the policy core's own answer
 * ({@link DurableAnswers}: {@code 451 4.7.1 text}, {@code HOLD text}). Keys are account values only
 * (no colon, space or quote) and actions printable ASCII, so nothing in the file can be a second entry.
 * lsearch compares keys without regard to case; the core gives one answer per case-folded login.
 */
public final class SuspendedLogins {

    private SuspendedLogins() {
    }

    public static String render(List<DurableAnswer> answers) {
        StringBuilder sb = new StringBuilder("# written by Relaywarden; every change here is overwritten\n");
        for (DurableAnswer a : answers) {
            sb.append(a.account().login()).append(": ").append(printable(a.action())).append('\n');
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
