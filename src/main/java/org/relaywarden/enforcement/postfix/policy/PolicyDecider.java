package org.relaywarden.enforcement.postfix.policy;

import org.relaywarden.account.Account;
import org.relaywarden.account.InvalidAccountException;
import org.relaywarden.enforcement.RefusedAttemptRecorder;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.postfix.AccountStates;
import org.relaywarden.enforcement.postfix.RefusalCode;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * Answers one policy request from memory: the account's relay state decides, the counters are
 * fed (a refused transaction only as an evidence line: it is not a submission). Active and
 * probation: {@code DUNNO} (the next restriction decides); suspended: refused with the configured
 * code and a text naming the case; staged re-enable: {@code HOLD}.
 * Requests without a SASL login, or with one outside the account grammar, are not ours: {@code DUNNO}.
 */
public class PolicyDecider {

    public static final String DUNNO = "DUNNO";

    private final AccountStates states;
    private final TrafficCounters counters;
    private final Supplier<RefusalCode> refusal;
    private final Clock clock;
    private final RefusedAttemptRecorder refusedAttempts;

    public PolicyDecider(AccountStates states, TrafficCounters counters, Supplier<RefusalCode> refusal, Clock clock) {
        this(states, counters, refusal, clock, RefusedAttemptRecorder.NONE);
    }

    /** {@code refusedAttempts} keeps each request refused because the account is suspended (in memory, no waiting). */
    public PolicyDecider(AccountStates states, TrafficCounters counters, Supplier<RefusalCode> refusal, Clock clock,
                         RefusedAttemptRecorder refusedAttempts) {
        this.states = states;
        this.counters = counters;
        this.refusal = refusal;
        this.clock = clock;
        this.refusedAttempts = refusedAttempts;
    }

    /** Per connection: the mail transactions already counted (Postfix's {@code instance} attribute). */
    public static final class Session {
        private String lastInstance = "";
    }

    /** The action to reply with ({@code DUNNO}, {@code HOLD text}, {@code 451 4.7.1 text}). */
    public String decide(PolicyRequest r, Session session) {
        if (!"smtpd_access_policy".equals(r.request())) {
            return DUNNO;
        }
        String login = r.saslUsername();
        if (login.isEmpty()) {
            return DUNNO;
        }
        Account account;
        try {
            account = Account.parse(login);
        } catch (InvalidAccountException e) {
            return DUNNO;
        }
        AccountStates.Entry entry = states.get(account);
        String action = action(entry);
        if (entry != null && entry.state() == RelayState.SUSPENDED) {
            refusedAttempts.record(account, clock.instant(), r.instance(), r.clientAddress(), r.sender(), r.recipient(),
                    size(r.get("size")));
        }
        count(r, session, account, action, entry != null && entry.state() == RelayState.SUSPENDED);
        return action;
    }

    private String action(AccountStates.Entry entry) {
        if (entry == null) {
            return DUNNO;
        }
        String text = entry.reason().isEmpty() ? "relaying suspended" : entry.reason();
        return switch (entry.state()) {
            case SUSPENDED -> refusal.get().reply() + " " + text;
            case HELD -> "HOLD " + text;
            case ACTIVE, PROBATION -> DUNNO;
        };
    }

    /** Counts the transaction; a refused one only as an evidence line (it is no submission). */
    private void count(PolicyRequest r, Session session, Account account, String action, boolean refused) {
        String state = r.protocolState();
        boolean rcpt = "RCPT".equals(state);
        boolean eom = "END-OF-MESSAGE".equals(state);
        if (!rcpt && !eom) {
            return;
        }
        String client = r.clientAddress();
        String instance = r.instance();
        if (instance.isEmpty() || !instance.equals(session.lastInstance)) {
            session.lastInstance = instance;
            String line = DateTimeFormatter.ISO_INSTANT.format(clock.instant()) + " policy: "
                    + state + " from [" + client + "] sasl_username=" + account + " sender=<" + safe(r.sender())
                    + "> first recipient=<" + safe(r.recipient()) + "> action=" + action;
            if (refused) {
                counters.refused(account, client, line);
            } else {
                counters.message(account, client, line);
            }
        }
        if (refused) {
            return;
        }
        if (rcpt) {
            counters.recipients(account, 1, client, "");
        } else if (!r.queueId().isEmpty()) {
            counters.queued(r.queueId(), account);
        }
    }

    private static long size(String size) {
        try {
            return Math.max(0, Long.parseLong(size));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String safe(String s) {
        String t = s.replaceAll("[^\\x21-\\x7e]", "?");
        return t.length() <= 254 ? t : t.substring(0, 254);
    }
}
