package org.relaywarden.enforcement.exim;

import org.relaywarden.account.Account;
import org.relaywarden.account.InvalidAccountException;
import org.relaywarden.enforcement.MailLog;
import org.relaywarden.enforcement.command.LogGrep;
import org.relaywarden.enforcement.PolicyJournal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link MailLog} on Exim: the lines of each relay's {@code mainlog} whose authenticator field names the
 * account's login ({@code A=plain:LOGIN}): the reception lines ({@code ID <= sender H=... [ip] P=esmtpa
 * A=plain:LOGIN S=size}) and the refusals ({@code ... A=plain:LOGIN temporarily rejected RCPT ...}), read
 * with {@code grep -F}. The recipient count is known where Exim logs the recipients
 * ({@code log_selector = +received_recipients}: {@code ... for a@x b@y}); else 0. Where no relay has a main
 * log configured, or none can be read, the policy service's own lines stand in.
 */
public class EximMailLog implements MailLog {

    /** {@code 2026-12-02 04:23:38}, with {@code +millisec} {@code .123}, with {@code log_timezone} {@code +0100}. */
    static final Pattern TIME = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2})(\\.\\d{3})?( [+-]\\d{4})? ");
    private static final Pattern AUTH = Pattern.compile(" A=[^:\\s]+:(\\S+)");
    private static final Pattern CLIENT = Pattern.compile(" H=(?:\\S+ )?(?:\\(\\S*\\) )?\\[([0-9A-Fa-f:.]+)\\]");
    private static final Pattern RECIPIENTS = Pattern.compile(" for ((?:\\S+@\\S+ ?)+)$");
    /** Exim's message id: {@code 1tXYZa-000ABC-12} (before 4.97) or {@code 1tXYZa-00000000ABC-1234}. */
    static final Pattern MESSAGE_ID = Pattern.compile("[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter ZONED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z");

    private final List<EximRelay> relays;
    private final PolicyJournal counters;
    private final ZoneId zone;

    public EximMailLog(List<EximRelay> relays, PolicyJournal counters) {
        this(relays, counters, ZoneId.systemDefault());
    }

    /** @param zone the zone of log times without an offset (Exim logs local time unless {@code log_timezone} is set) */
    EximMailLog(List<EximRelay> relays, PolicyJournal counters, ZoneId zone) {
        this.relays = List.copyOf(relays);
        this.counters = counters;
        this.zone = zone;
    }

    @Override
    public List<LogLine> excerpts(Account account, Instant since, int limit) {
        return LogGrep.excerpts(relays, relay -> relay.mainlog().map(l -> relay.grepMainlog(account)), (relay, r) -> {
            List<LogLine> found = new ArrayList<>();
            String line;
            while ((line = r.readLine()) != null) {
                if (found.size() >= limit * 4) {
                    continue;
                }
                Optional<LogLine> l = parse(relay.name(), line, account);
                if (l.isPresent() && !l.get().time().isBefore(since)) {
                    found.add(l.get());
                }
            }
            return found;
        }, (relay, found) -> found, limit).orElseGet(() -> counters.policyLines(account, since, limit));
    }

    /**
     * The reception line of the message id ({@code ID <= sender H=... [ip] P=esmtpa A=plain:LOGIN S=...}) with the
     * login its authenticator field names, read with {@code grep -F}; where no relay's main log can be read, the
     * policy service's own record of the message's queue id.
     */
    @Override
    public Optional<Submission> loginOfQueueId(String messageId, Instant around) {
        if (!MESSAGE_ID.matcher(messageId).matches()) {
            return Optional.empty();
        }
        String reception = " " + messageId + " <= ";
        Optional<List<Submission>> found = LogGrep.fromEach(relays, relay -> relay.mainlog().map(l -> relay.grepReceptionOf(messageId)),
                (relay, line) -> {
                    Matcher a = AUTH.matcher(line);
                    Optional<Instant> at = timeOf(line);
                    return line.contains(reception) && a.find() && at.isPresent() && Account.isValid(a.group(1))
                            ? Optional.of(new Submission(Account.parse(a.group(1)), relay.name(), at.get(),
                            line.length() <= 1000 ? line : line.substring(0, 1000)))
                            : Optional.empty();
                });
        if (found.isEmpty()) {
            return counters.accountOfQueueId(messageId).map(a -> new Submission(a, "policy service", around,
                    "policy service: queue_id=" + messageId + " sasl_username=" + a.login()));
        }
        return MailLog.nearest(found.get(), around);
    }

    /** The line as evidence if its authenticator field is exactly the account's login (as the account grammar compares it). */
    Optional<LogLine> parse(String relay, String line, Account account) {
        Matcher a = AUTH.matcher(line);
        if (!a.find() || !sameAccount(a.group(1), account)) {
            return Optional.empty();
        }
        Optional<Instant> at = timeOf(line);
        if (at.isEmpty()) {
            return Optional.empty();
        }
        Matcher c = CLIENT.matcher(line);
        Matcher rcpts = RECIPIENTS.matcher(line);
        int count = line.contains(" <= ") && rcpts.find() ? rcpts.group(1).strip().split(" ").length : 0;
        return Optional.of(new LogLine(at.get(), relay, c.find() ? c.group(1) : "", count,
                line.length() <= 1000 ? line : line.substring(0, 1000)));
    }

    private static boolean sameAccount(String login, Account account) {
        try {
            return Account.parse(login).equals(account);
        } catch (InvalidAccountException e) {
            return false;
        }
    }

    Optional<Instant> timeOf(String line) {
        Matcher m = TIME.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            Instant whole = m.group(3) != null
                    ? OffsetDateTime.parse(m.group(1) + m.group(3), ZONED).toInstant()
                    : LocalDateTime.parse(m.group(1), LOCAL).atZone(zone).toInstant();
            return Optional.of(m.group(2) == null ? whole : whole.plusMillis(Long.parseLong(m.group(2).substring(1))));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
