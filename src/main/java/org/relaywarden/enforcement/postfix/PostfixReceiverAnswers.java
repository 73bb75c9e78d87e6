package org.relaywarden.enforcement.postfix;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.command.CommandResult;
import org.relaywarden.enforcement.command.CommandRunner;
import org.relaywarden.enforcement.PolicyJournal;
import org.relaywarden.enforcement.risk.ReceiverAnswers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link ReceiverAnswers} on Postfix: each relay's mail log read on from where the last read ended ({@code stat},
 * then {@code tail -c +N}; a log that shrank was rotated and is read from its start). A submission line names the
 * login of a queue id ({@code ID: client=..., sasl_username=LOGIN}); a delivery line of the same queue id
 * ({@code postfix/smtp[..]: ID: to=<..>, ..., dsn=X.Y.Z, status=sent|deferred|bounced (...)}) is one recipient
 * answered: {@code sent} accepted; {@code deferred} and {@code bounced} count only when the receiving server said so
 * ({@code host ... said: 4xx/5xx ...}), not when the connection failed on the way. A queue id whose submission line
 * was not read falls back to the policy service's own record of it. A deferred recipient counts once, however often
 * Postfix retries it.
 */
public class PostfixReceiverAnswers implements ReceiverAnswers {

    private static final Logger log = LoggerFactory.getLogger(PostfixReceiverAnswers.class);
    private static final Pattern DELIVERY = Pattern.compile(
            "/(?:smtp|lmtp)\\[\\d+\\]: ([0-9A-Za-z]{6,32}): to=<([^>]{0,512})>.*\\bstatus=(sent|deferred|bounced) \\((.*)\\)\\s*$");
    /** At most this many bytes are read from one relay's log in one read; the rest at the next. */
    static final int MAX_READ = 8 << 20;
    /** At most this many queue ids' logins and deferred recipients are remembered per relay. */
    static final int MAX_REMEMBERED = 200_000;

    private final List<PostfixRelay> relays;
    private final PolicyJournal counters;
    private final Map<String, RelayLog> logs = new HashMap<>();

    /** Where one relay's log was read to, and what it told so far. */
    private static final class RelayLog {
        long offset = -1;
        final Map<String, Account> logins = bounded();
        final Map<String, Boolean> deferred = bounded();

        private static <V> Map<String, V> bounded() {
            return new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                    return size() > MAX_REMEMBERED;
                }
            };
        }
    }

    public PostfixReceiverAnswers(List<PostfixRelay> relays, PolicyJournal counters) {
        this.relays = List.copyOf(relays);
        this.counters = counters;
    }

    @Override
    public synchronized List<Answers> read() {
        Map<Account, int[]> counted = new LinkedHashMap<>();
        for (PostfixRelay relay : relays) {
            if (relay.maillog().isEmpty()) {
                continue;
            }
            try {
                readRelay(relay, logs.computeIfAbsent(relay.name(), n -> new RelayLog()), counted);
            } catch (RuntimeException e) {
                log.warn("relay {}: mail log not read for the receivers' answers: {}", relay.name(), e.getMessage());
            }
        }
        List<Answers> out = new ArrayList<>();
        counted.forEach((a, n) -> out.add(new Answers(a, n[0], n[1], n[2])));
        return out;
    }

    private void readRelay(PostfixRelay relay, RelayLog state, Map<Account, int[]> counted) {
        CommandRunner runner = relay.runner();
        CommandResult size = runner.run(relay.maillogSize());
        if (!size.ok()) {
            log.debug("relay {}: mail log size not read: {}", relay.name(), size.stderr().strip());
            return;
        }
        long length = Long.parseLong(new String(size.stdout(), StandardCharsets.US_ASCII).strip());
        if (state.offset < 0 || length < state.offset) {
            // the first read starts at the log's end (what is older is not news); a shorter log was rotated
            state.offset = state.offset < 0 ? length : 0;
            if (length == state.offset) {
                return;
            }
        }
        if (length == state.offset) {
            return;
        }
        long want = Math.min(MAX_READ, length - state.offset);
        CommandRunner.Streamed<byte[]> s = runner.stream(relay.maillogFrom(state.offset), in -> upTo(in, want));
        if (s.result().exitCode() != 0) {
            log.debug("relay {}: mail log not read: {}", relay.name(), s.result().stderr().strip());
            return;
        }
        byte[] bytes = s.value();
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        state.offset += end;
        for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
            line(line, state, counted);
        }
    }

    void line(String line, RelayLog state, Map<Account, int[]> counted) {
        Matcher sub = PostfixMailLog.SUBMISSION.matcher(line);
        if (sub.find()) {
            if (Account.isValid(sub.group(2))) {
                state.logins.put(sub.group(1), Account.parse(sub.group(2)));
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
        if (kind == 1 && state.deferred.put(id + '\n' + d.group(2), Boolean.TRUE) != null) {
            return;
        }
        Account a = state.logins.get(id);
        if (a == null) {
            Optional<Account> known = counters.accountOfQueueId(id);
            if (known.isEmpty()) {
                return;
            }
            a = known.get();
        }
        counted.computeIfAbsent(a, k -> new int[3])[kind]++;
    }

    private static byte[] upTo(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        long left = max;
        int n;
        while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
            out.write(buf, 0, n);
            left -= n;
        }
        // the rest (written since the size was read) is left for the next read: drain it unread
        while (in.read(buf) > 0) {
            // discarded
        }
        return out.toByteArray();
    }
}
