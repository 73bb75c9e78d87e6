package org.relaywarden.enforcement.policy;

import org.relaywarden.account.Account;

import java.util.List;
import java.util.Map;

/**
 * The durable layer of a mail server: what keeps a suspended account refused (and, where the
 * server can, a held account held) while Relaywarden is down. Postfix: the {@code check_sasl_access}
 * map; qmail: vpopmail's per-account flag; Exim: an {@code lsearch} file read by its ACL.
 * <p>
 * It translates, it does not decide: {@link PolicyRelayControl} owns the states and calls
 * {@link #bringInLine} with all of them (not a difference), so a retried call repairs whatever an
 * earlier one left half done. One call at a time across the cluster (a database lock).
 */
public interface DurableRefusals {

    /**
     * Makes every relay's durable layer say what {@code states} say (the non-active accounts; an
     * account not in it is active). Tries every relay; returns one text per relay that failed,
     * naming it (empty: all in line).
     */
    List<String> bringInLine(Map<Account, AccountStates.Entry> states);

    /** The names of the relays whose layers it writes, in configuration order. */
    List<String> relayNames();

    /** What the layer is, for logs ("the access map of 2 relays"). */
    String describe();
}
