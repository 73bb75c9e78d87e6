package org.relaywarden.enforcement.postfix;

import org.relaywarden.account.Account;

import java.util.Map;

/**
 * Renders the {@code check_sasl_access} map: one line per suspended account (refused with the
 * same reply code as the policy service) and per held account ({@code HOLD}). It is the durable
 * layer: it keeps those accounts blocked while Relaywarden is down. Keys are {@link Account}
 * values only, and texts are printable ASCII, so nothing in the file can be a second entry.
 */
public final class AccessMap {

    private AccessMap() {
    }

    public static String render(Map<Account, AccountStates.Entry> states, RefusalCode refusal) {
        StringBuilder sb = new StringBuilder("# written by Relaywarden; every change here is overwritten\n");
        for (Map.Entry<Account, AccountStates.Entry> e : states.entrySet()) {
            String text = e.getValue().reason().isEmpty() ? "relaying suspended" : e.getValue().reason();
            switch (e.getValue().state()) {
                case SUSPENDED -> sb.append(e.getKey().login()).append(' ').append(refusal.reply()).append(' ')
                        .append(text).append('\n');
                case HELD -> sb.append(e.getKey().login()).append(" HOLD ").append(text).append('\n');
                default -> {
                    // active and probation accounts relay: no entry
                }
            }
        }
        return sb.toString();
    }
}
