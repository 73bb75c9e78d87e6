package org.relaywarden.enforcement.command;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.risk.ReceiverAnswers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link ReceiverAnswers} reader keeps of one relay's log between reads: where it was read to ({@link LogTail}),
 * the login of each message id its submission line named, and the deferred recipients already counted (a deferral the
 * relay retries counts once). Each at most {@link #MAX_REMEMBERED} entries, the oldest forgotten first.
 */
public final class ReceiverLog {

    /** At most this many message ids' logins and deferred recipients are remembered per relay. */
    public static final int MAX_REMEMBERED = 200_000;

    /** Accepted, deferred, refused: the index of each in a tally. */
    public static final int ACCEPTED = 0, DEFERRED = 1, REFUSED = 2;

    private final LogTail tail;
    private final Map<String, Account> logins = bounded();
    private final Map<String, Boolean> deferred = bounded();

    public ReceiverLog(LogTail tail) {
        this.tail = tail;
    }

    private static <V> Map<String, V> bounded() {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_REMEMBERED;
            }
        };
    }

    public LogTail tail() {
        return tail;
    }

    /** The message id's submission line named this login. */
    public void submitted(String id, Account login) {
        logins.put(id, login);
    }

    /** The login the message id's submission line named, or null. */
    public Account loginOf(String id) {
        return logins.get(id);
    }

    /** True the first time this recipient of this message is deferred. */
    public boolean firstDeferral(String id, String recipient) {
        return deferred.put(id + '\n' + recipient, Boolean.TRUE) == null;
    }

    /** Adds one answer ({@link #ACCEPTED}, {@link #DEFERRED}, {@link #REFUSED}) to the account's tally. */
    public static void count(Map<Account, int[]> tally, Account account, int kind) {
        tally.computeIfAbsent(account, k -> new int[3])[kind]++;
    }

    /** The tallies as answers. */
    public static List<ReceiverAnswers.Answers> answers(Map<Account, int[]> tally) {
        List<ReceiverAnswers.Answers> out = new ArrayList<>();
        tally.forEach((a, n) -> out.add(new ReceiverAnswers.Answers(a, n[ACCEPTED], n[DEFERRED], n[REFUSED])));
        return out;
    }
}
