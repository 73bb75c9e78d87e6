package org.relaywarden.enforcement.postfix;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.command.LogTail;
import org.relaywarden.enforcement.PolicyJournal;
import org.relaywarden.enforcement.risk.ReceiverAnswers;
import org.relaywarden.enforcement.command.ReceiverLog;
import org.relaywarden.enforcement.command.ReceiverLogReader;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link ReceiverAnswers} on Postfix: each relay's mail log read on from where the last read ended ({@link LogTail}). A submission line names the
 * login of a queue id ({@code ID: client=..., sasl_username=LOGIN}); a delivery line of the same queue id
 * ({@code postfix/smtp[..]: ID: to=<..>, ..., dsn=X.Y.Z, status=sent|deferred|bounced (...)}) is one recipient
 * answered: {@code sent} accepted; {@code deferred} and {@code bounced} count only when the receiving server said so
 * ({@code host ... said: 4xx/5xx ...}), not when the connection failed on the way. A queue id whose submission line
 * was not read falls back to the policy service's own record of it. A deferred recipient counts once, however often
 * Postfix retries it.
 */
public class PostfixReceiverAnswers extends ReceiverLogReader<PostfixRelay> {

    private static final Pattern DELIVERY = Pattern.compile(
            "/(?:smtp|lmtp)\\[\\d+\\]: ([0-9A-Za-z]{6,32}): to=<([^>]{0,512})>.*\\bstatus=(sent|deferred|bounced) \\((.*)\\)\\s*$");

    public PostfixReceiverAnswers(List<PostfixRelay> relays, PolicyJournal journal) {
        super(relays, journal);
    }

    @Override
    protected Optional<LogTail> tailOf(PostfixRelay relay) {
        return relay.maillog().map(l -> relay.maillogTail());
    }

    @Override
    protected void line(String line, ReceiverLog state, Map<Account, int[]> counted) {
        Matcher sub = PostfixMailLog.SUBMISSION.matcher(line);
        if (sub.find()) {
            if (Account.isValid(sub.group(2))) {
                state.submitted(sub.group(1), Account.parse(sub.group(2)));
            }
            return;
        }
        Matcher d = DELIVERY.matcher(line);
        if (!d.find()) {
            return;
        }
        String id = d.group(1), status = d.group(3), detail = d.group(4);
        int kind = "sent".equals(status) ? 0 : !detail.contains(" said: ") ? -1 : "deferred".equals(status) ? 1 : 2;
        if (kind < 0) {
            return;
        }
        answered(state, counted, id, d.group(2), kind);
    }
}
