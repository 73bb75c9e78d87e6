package org.relaywarden.enforcement;

import org.relaywarden.account.Account;

import java.util.List;
import java.util.Map;

/**
 * Outbound port: tells the provider's relays what to do with one account's submissions.
 * Every method is idempotent: a job that runs twice must do no harm. Implementations report a
 * technical failure (relay unreachable, command failed) by throwing {@link MailServerException}.
 */
public interface RelayControl {

    /** Refuse relaying for the account; {@code reason} names the case in the refusal text. Mail retrieval is not touched. */
    void suspend(Account account, String reason);

    /**
     * Refuse relaying for the account at once, but only while it is {@code watched} (held in a staged re-enable, or on
     * probation), or suspended already with this very {@code reason}: the state is checked and changed in one step, so
     * a change the process made meanwhile is never overwritten. For the burst watch, whose refusal must not wait for
     * the process: what keeps the state while Relaywarden is down (a map, a flag, a file) follows with the process's
     * own {@link #suspend}. Returns whether the account is now suspended with {@code reason}.
     */
    boolean suspendIf(Account account, RelayState watched, String reason);

    /** Accept the account's mail but keep it in the hold queue (staged re-enable). */
    void hold(Account account, String reason);

    /** Relay again, counted against the probation threshold. */
    void probation(Account account);

    /** Relay normally. */
    void restore(Account account);

    RelayState stateOf(Account account);

    /** The account's state as each configured relay is told it, one reading per relay, in configuration order. */
    List<RelayReading> onEachRelay(Account account);

    /** Every account whose state is not {@link RelayState#ACTIVE}. */
    Map<Account, RelayState> nonActiveAccounts();
}
