package org.relaywarden.enforcement.risk;

import org.relaywarden.account.Account;

import java.util.List;

/**
 * Inbound port of the risk: what the receiving servers answered for each account's recipients, as a relay's log
 * shows it (accepted, deferred with a 4xx, refused with a 5xx). A relay adapter whose log shows it implements this
 * (Postfix: {@code postfix/smtp} lines with {@code status=} and the submission's {@code sasl_username}); the core
 * asks every source now and then, off the request path ({@link ReceiverAnswersFeed}), and counts the answers in the
 * account's risk windows. Only answers the receiving server gave count ("host ... said:"), not a connection that
 * failed on the way.
 */
public interface ReceiverAnswers {

    /** One account's recipients answered since the last read. */
    record Answers(Account account, int accepted, int deferred, int refused) {
    }

    /** The answers logged since the last call (none at the first call: a source starts at the log's end). */
    List<Answers> read();
}
