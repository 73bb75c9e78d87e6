package org.relaywarden.enforcement.postfix;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.MailLog;
import org.relaywarden.enforcement.command.CommandRunner;
import org.relaywarden.enforcement.command.LogGrep;
import org.relaywarden.enforcement.PolicyJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link MailLog} on Postfix: the relays' own log lines that name the account's SASL login
 * ({@code ID: client=..., sasl_method=..., sasl_username=LOGIN}), read with {@code grep -F} from
 * each relay's configured mail log. Where no relay has a mail log configured, or none can be
 * read, the policy service's own lines about the account stand in.
 */
public class PostfixMailLog implements MailLog {

    private static final Logger log = LoggerFactory.getLogger(PostfixMailLog.class);
    private static final Pattern SYSLOG_TIME = Pattern.compile("^([A-Z][a-z]{2}) +(\\d{1,2}) (\\d{2}:\\d{2}:\\d{2}) ");
    private static final Pattern ISO_TIME = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}T\\S+) ");
    private static final Pattern CLIENT = Pattern.compile("client=[^\\[\\s]*\\[([0-9A-Fa-f:.]+)\\]");
    private static final Pattern SUBMISSION_ID = Pattern.compile(": ([0-9A-Za-z]{6,32}): client=");
    private static final Pattern QUEUE_MANAGER = Pattern.compile(": ([0-9A-Za-z]{6,32}): from=<[^>]*>, size=\\d+, nrcpt=(\\d{1,6})\\b");
    /** A Postfix queue id: short (hex) or long (enable_long_queue_ids). */
    static final Pattern QUEUE_ID = Pattern.compile("[0-9A-Za-z]{6,32}");
    /** A submission line of smtpd: its queue id and the SASL login (also read by PostfixReceiverAnswers). */
    static final Pattern SUBMISSION = Pattern.compile(": ([0-9A-Za-z]{6,32}): client=.*\\bsasl_username=([^,\\s]+)");
    private static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("yyyy MMM d HH:mm:ss", Locale.ROOT);

    private final List<PostfixRelay> relays;
    private final PolicyJournal counters;
    private final ZoneId zone = ZoneId.systemDefault();

    public PostfixMailLog(List<PostfixRelay> relays, PolicyJournal counters) {
        this.relays = List.copyOf(relays);
        this.counters = counters;
    }

    @Override
    public List<LogLine> excerpts(Account account, Instant since, int limit) {
        Pattern exact = Pattern.compile("sasl_username=" + Pattern.quote(account.login()) + "(,|\\s|$)");
        return LogGrep.excerpts(relays, relay -> relay.maillog().map(l -> relay.grepMaillog(account)), (relay, r) -> {
            List<LogLine> found = new ArrayList<>();
            String line;
            while ((line = r.readLine()) != null) {
                if (found.size() >= limit * 4 || !exact.matcher(line).find()) {
                    continue;
                }
                Optional<Instant> at = timeOf(line);
                if (at.isPresent() && !at.get().isBefore(since)) {
                    Matcher c = CLIENT.matcher(line);
                    found.add(new LogLine(at.get(), relay.name(), c.find() ? c.group(1) : "", 0,
                            line.length() <= 1000 ? line : line.substring(0, 1000)));
                }
            }
            return found;
        }, PostfixMailLog::withRecipients, limit).orElseGet(() -> counters.policyLines(account, since, limit));
    }

    /**
     * The smtpd line that names the login of the queue id ({@code postfix/submission/smtpd[PID]: ID: client=host[ip],
     * sasl_method=PLAIN, sasl_username=LOGIN}), read with {@code grep -F}; where no relay's log can be read, the
     * policy service's own record of the END-OF-MESSAGE request that carried the queue id.
     */
    @Override
    public Optional<Submission> loginOfQueueId(String queueId, Instant around) {
        if (!QUEUE_ID.matcher(queueId).matches()) {
            return Optional.empty();
        }
        Optional<List<Submission>> found = LogGrep.fromEach(relays, relay -> relay.maillog().map(l -> relay.grepSubmissionOf(queueId)),
                (relay, line) -> {
                    Matcher m = SUBMISSION.matcher(line);
                    Optional<Instant> at = timeOf(line);
                    return m.find() && m.group(1).equals(queueId) && at.isPresent() && Account.isValid(m.group(2))
                            ? Optional.of(new Submission(Account.parse(m.group(2)), relay.name(), at.get(),
                            line.length() <= 1000 ? line : line.substring(0, 1000)))
                            : Optional.empty();
                });
        if (found.isEmpty()) {
            return counters.accountOfQueueId(queueId).map(a -> new Submission(a, "policy service", around,
                    "policy service: END-OF-MESSAGE queue_id=" + queueId + " sasl_username=" + a.login()));
        }
        return MailLog.nearest(found.get(), around);
    }

    /**
     * The submission lines ({@code ID: client=..., sasl_username=...}) do not say how many recipients
     * the message had; the queue manager's line of the same queue id does ({@code ID: from=<...>,
     * size=..., nrcpt=N}). Read with one more {@code grep -F}; a line whose count is not found keeps 0
     * (unknown), as does every line if that read fails.
     */
    private static List<LogLine> withRecipients(PostfixRelay relay, List<LogLine> found) {
        Map<String, LogLine> byId = new LinkedHashMap<>();
        for (LogLine l : found) {
            Matcher m = SUBMISSION_ID.matcher(l.text());
            if (m.find()) {
                byId.putIfAbsent(m.group(1), l);
            }
        }
        if (byId.isEmpty()) {
            return found;
        }
        Map<String, Integer> nrcpt = new HashMap<>();
        try {
            CommandRunner.Streamed<Map<String, Integer>> s = relay.runner().stream(relay.grepQueueManagerLines(byId.keySet()), in -> {
                Map<String, Integer> counts = new HashMap<>();
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                String line;
                while ((line = r.readLine()) != null) {
                    Matcher m = QUEUE_MANAGER.matcher(line);
                    if (m.find() && byId.containsKey(m.group(1))) {
                        counts.put(m.group(1), Integer.parseInt(m.group(2)));
                    }
                }
                return counts;
            });
            if (s.result().exitCode() <= 1) {
                nrcpt.putAll(s.value());
            }
        } catch (RuntimeException e) {
            log.debug("relay {}: recipient counts not read: {}", relay.name(), e.getMessage());
        }
        return found.stream().map(l -> {
            Matcher m = SUBMISSION_ID.matcher(l.text());
            Integer n = m.find() ? nrcpt.get(m.group(1)) : null;
            return n == null ? l : new LogLine(l.time(), l.relay(), l.clientAddress(), n, l.text());
        }).toList();
    }

    /** The time of a syslog line ({@code Nov 29 01:51:23 ...}, year guessed) or an ISO one. */
    Optional<Instant> timeOf(String line) {
        Matcher iso = ISO_TIME.matcher(line);
        if (iso.find()) {
            try {
                return Optional.of(OffsetDateTime.parse(iso.group(1)).toInstant());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        Matcher m = SYSLOG_TIME.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            int year = LocalDateTime.now(zone).getYear();
            LocalDateTime t = LocalDateTime.parse(year + " " + m.group(1) + " " + m.group(2) + " " + m.group(3), SYSLOG);
            if (t.isAfter(LocalDateTime.now(zone).plusDays(1))) {
                t = t.minusYears(1);
            }
            return Optional.of(t.atZone(zone).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
