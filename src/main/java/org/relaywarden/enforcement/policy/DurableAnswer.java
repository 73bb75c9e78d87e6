package org.relaywarden.enforcement.policy;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.RelayState;

/**
 * What the policy core answers for one login that is not active, for a durable layer to write
 * down as it is: {@code action} is the whole policy answer ({@code 451 4.7.1 text}, {@code HOLD text}),
 * printable ASCII. A layer formats the pair into its file; it never decides the action.
 */
public record DurableAnswer(Account account, RelayState state, String action) {
}
