package org.relaywarden.enforcement.risk;

import org.relaywarden.account.Account;

import java.time.Instant;

/**
 * What a person decided about mail the risk held: the process tells the policy core, which learns
 * from it (the account's profile takes in what it sent since {@code heldSince}) and lifts its own hold.
 */
public interface RiskFeedback {

    RiskFeedback NONE = (account, heldSince) -> { };

    /** The held mail was the customer's own: it is released, and the account's profile learns it as normal. */
    void legitimate(Account account, Instant heldSince);
}
