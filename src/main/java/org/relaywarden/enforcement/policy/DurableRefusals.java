package org.relaywarden.enforcement.policy;

import java.util.List;

/**
 * The durable layer of a mail server: what keeps a suspended account refused (and, where the
 * server can, a held account held) while Relaywarden is down. Postfix: the {@code check_sasl_access}
 * map; qmail: vpopmail's per-account flag; Exim: an {@code lsearch} file read by its ACL.
 * <p>
 * It translates, it does not decide: {@link PolicyRelayControl} owns the states and calls
 * {@link #bringInLine} with the answers for all of them (not a difference), so a retried call repairs whatever an
 * earlier one left half done. One call at a time across the cluster (a database lock).
 */
public interface DurableRefusals {

    /**
     * Makes every relay's durable layer say what the core answers: {@code answers} are all the
     * suspended and held logins, one per case-folded login ({@link DurableAnswers#of}); a login not in
     * it relays. Tries every relay; returns one text per relay that failed, naming it (empty: all in line).
     */
    List<String> bringInLine(List<DurableAnswer> answers);

    /** The names of the relays whose layers it writes, in configuration order. */
    List<String> relayNames();

    /** The mail server whose layer it is, for people ("Postfix", "Exim", "qmail + vpopmail"). */
    String mailServer();

    /** What the layer is, for logs ("the access map of 2 relays"). */
    String describe();
}
