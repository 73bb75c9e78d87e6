package org.relaywarden.enforcement.exim;

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
 * {@link ReceiverAnswers} on Exim: each relay's main log read on from where the last read ended ({@link LogTail}). A
 * reception line names the login of a message id ({@code ID <= sender ... A=plain:LOGIN ...}); a delivery line of
 * the same id is one recipient answered: {@code =>} and {@code ->} accepted; {@code ==} (deferred) and {@code **}
 * (failed) count only when the receiving server said so ({@code SMTP error from remote mail server after ...}), not
 * when the connection failed on the way or Exim itself gave up. A message id whose reception line was not read falls
 * back to the policy service's own record of it (the end-of-data request names it). A deferred recipient counts once,
 * however often Exim retries it.
 */
public class EximReceiverAnswers extends ReceiverLogReader<EximRelay> {

    private static final Pattern LINE = Pattern.compile(" (" + EximMailLog.MESSAGE_ID.pattern() + ") (<=|=>|->|==|\\*\\*) (.*)$");
    private static final Pattern AUTH = Pattern.compile(" A=[^:\\s]+:(\\S+)");
    private static final Pattern RECIPIENT = Pattern.compile("^(\\S+)");
    /** The receiving server answered (Exim's text for a 4xx/5xx it was given). */
    static final String RECEIVER_SAID = "SMTP error from remote mail server after ";

    public EximReceiverAnswers(List<EximRelay> relays, PolicyJournal journal) {
        super(relays, journal);
    }

    @Override
    protected Optional<LogTail> tailOf(EximRelay relay) {
        return relay.mainlog().map(l -> relay.mainlogTail());
    }

    @Override
    protected void line(String line, ReceiverLog state, Map<Account, int[]> counted) {
        Matcher m = LINE.matcher(line);
        if (!m.find()) {
            return;
        }
        String id = m.group(1), flag = m.group(2), rest = m.group(3);
        if ("<=".equals(flag)) {
            Matcher a = AUTH.matcher(rest);
            if (a.find() && Account.isValid(a.group(1))) {
                state.submitted(id, Account.parse(a.group(1)));
            }
            return;
        }
        int kind = switch (flag) {
            case "=>", "->" -> 0;
            case "==" -> rest.contains(RECEIVER_SAID) ? 1 : -1;
            default -> rest.contains(RECEIVER_SAID) ? 2 : -1;
        };
        if (kind < 0) {
            return;
        }
        Matcher r = RECIPIENT.matcher(rest);
        String recipient = r.find() ? r.group(1) : "";
        answered(state, counted, id, recipient, kind);
    }
}
