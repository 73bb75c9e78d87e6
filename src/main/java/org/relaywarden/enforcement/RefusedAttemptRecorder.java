package org.relaywarden.enforcement;

import org.relaywarden.account.Account;

import java.time.Instant;

/**
 * What an MTA adapter tells about a request it refused because the account is suspended. Called
 * on the request path: it must not wait (no database, no engine). Several calls with the same
 * {@code transactionKey} (Postfix: the policy request's {@code instance}, one request per RCPT of a
 * mail transaction) add recipients to one attempt; an empty key makes each call an attempt of its own.
 */
@FunctionalInterface
public interface RefusedAttemptRecorder {

    /** Keeps nothing: for adapters and tests that do not record refused attempts. */
    RefusedAttemptRecorder NONE = (account, at, transactionKey, client, sender, recipient, size) -> {
    };

    void record(Account account, Instant at, String transactionKey, String client, String sender, String recipient, long size);
}
