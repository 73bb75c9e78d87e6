package org.relaywarden.enforcement.policy;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.RelayState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place where a relay state becomes an answer: the policy service answers with
 * {@link #action}, and every durable layer (Postfix's access map, Exim's suspended-logins file,
 * qmail's states file and vpopmail flags) writes the list {@link #of} gives, only formatted.
 *
 * <p>All three layers look logins up without regard to case (Postfix's {@code hash:} maps, Exim's
 * {@code lsearch}, the qmail front's {@code lc}), so the list has one answer per case-folded login: a
 * suspension before a hold, what {@link AccountStates#forRequest} answers for each variant.
 */
public final class DurableAnswers {

    private DurableAnswers() {
    }

    /** The answer for an account in this state ({@code DUNNO} when it relays: active, probation, or no entry). */
    public static String action(AccountStates.Entry entry, RefusalCode refusal) {
        if (entry == null) {
            return PolicyDecider.DUNNO;
        }
        String text = entry.reason().isEmpty() ? "relaying suspended" : entry.reason();
        return switch (entry.state()) {
            case SUSPENDED -> refusal.reply() + " " + text;
            case HELD -> "HOLD " + text;
            case ACTIVE, PROBATION -> PolicyDecider.DUNNO;
        };
    }

    /** One answer per case-folded login that is suspended or held, suspension first among variants, in the states' order. */
    public static List<DurableAnswer> of(Map<Account, AccountStates.Entry> states, RefusalCode refusal) {
        Map<String, Map.Entry<Account, AccountStates.Entry>> byFoldedLogin = new LinkedHashMap<>();
        for (Map.Entry<Account, AccountStates.Entry> e : states.entrySet()) {
            RelayState state = e.getValue().state();
            if (state == RelayState.SUSPENDED || state == RelayState.HELD) {
                byFoldedLogin.merge(e.getKey().caseFolded(), e, (first, next) ->
                        first.getValue().state() != RelayState.SUSPENDED && next.getValue().state() == RelayState.SUSPENDED
                                ? next : first);
            }
        }
        List<DurableAnswer> out = new ArrayList<>(byFoldedLogin.size());
        for (Map.Entry<Account, AccountStates.Entry> e : byFoldedLogin.values()) {
            out.add(new DurableAnswer(e.getKey(), e.getValue().state(), action(e.getValue(), refusal)));
        }
        return out;
    }
}
