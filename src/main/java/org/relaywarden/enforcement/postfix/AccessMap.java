package org.relaywarden.enforcement.postfix;

import org.relaywarden.account.Account;

import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.policy.AccountStates;
import org.relaywarden.enforcement.policy.RefusalCode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders the {@code check_sasl_access} map: one line per suspended account (refused with the
 * same reply code as the policy service) and per held account ({@code HOLD}). It is the durable
 * layer: it keeps those accounts blocked while Relaywarden is down. Keys are {@link Account}
 * values only, and texts are printable ASCII, so nothing in the file can be a second entry.
 *
 * <p>Postfix folds case in {@code hash:} lookups, so with case-sensitive logins
 * ({@link Account.LocalPartCase#CASE_SENSITIVE}) one line covers every case variant of its login and
 * two variants would be one duplicate key: of the variants only one line is written, a suspension
 * before a hold — what {@link AccountStates#forRequest} answers for each of them.
 */
public final class AccessMap {

    private AccessMap() {
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
