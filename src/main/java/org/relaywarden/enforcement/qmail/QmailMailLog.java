package org.relaywarden.enforcement.qmail;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.MailLog;
import org.relaywarden.enforcement.command.LogGrep;
import org.relaywarden.enforcement.PolicyJournal;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link MailLog} on qmail: qmail-smtpd's own lines about each message
 * ({@code qlogreceived: result=accepted|rejected code=... mailfrom=... rcptto=... authuser=LOGIN ... remoteip=...}),
 * read with {@code grep -F} from each relay's multilog {@code current} file and the files multilog rotated it into,
 * the earliest since the case's start first, their tai64n labels
 * turned into instants. Where no relay has a log configured, or none can be read, the policy
 * service's own lines about the account stand in.
 */
public class QmailMailLog implements MailLog {

    private static final Pattern TAI64N = Pattern.compile("^@([0-9a-f]{16})([0-9a-f]{8}) ");
    private static final Pattern REMOTE_IP = Pattern.compile(" remoteip=([0-9A-Fa-f:.]+)");
    private static final Pattern RCPTTO = Pattern.compile(" rcptto=(\\S+)");
    /** 2^62 + 10: a tai64n label's offset from Unix seconds (daemontools' taia_now). */
    static final long TAI64_UNIX_OFFSET = 4611686018427387914L;

    private final List<QmailRelay> relays;
    private final PolicyJournal counters;

    public QmailMailLog(List<QmailRelay> relays, PolicyJournal counters) {
        this.relays = List.copyOf(relays);
        this.counters = counters;
    }

    @Override
    public List<LogLine> excerpts(Account account, Instant since, int limit) {
        Pattern exact = Pattern.compile(" authuser=" + Pattern.quote(account.login()) + "( |$)");
        // the rotated files and current come in no particular order: the earliest lines since then, by time
        return LogGrep.excerpts(relays, relay -> relay.smtpdLog().map(l -> relay.grepSmtpdLog(account)), (relay, r) -> {
            TreeMap<Instant, List<String>> byTime = new TreeMap<>();
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.contains(" qlogreceived: ") || !exact.matcher(line).find()) {
                    continue;
                }
                Optional<Instant> at = timeOf(line);
                if (at.isPresent() && !at.get().isBefore(since)) {
                    byTime.computeIfAbsent(at.get(), t -> new ArrayList<>()).add(line);
                    if (byTime.size() > limit) {
                        byTime.pollLastEntry();
                    }
                }
            }
            List<LogLine> found = new ArrayList<>();
            byTime.forEach((at, raw) -> raw.forEach(l -> {
                Matcher c = REMOTE_IP.matcher(l);
                Matcher rc = RCPTTO.matcher(l);
                int recipients = rc.find() ? rc.group(1).split(",").length : 0;
                found.add(new LogLine(at, relay.name(), c.find() ? c.group(1) : "", recipients, compact(at, l)));
            }));
            return found;
        }, (relay, found) -> found, limit).orElseGet(() -> counters.policyLines(account, since, limit));
    }

    private static final Pattern QUEUE_PID = Pattern.compile("[1-9][0-9]{0,9}");
    private static final Pattern AUTHUSER = Pattern.compile(" authuser=(\\S+)");

    /**
     * qmail names a message by the pid of the qmail-queue that took it: its {@code Received: (qmail PID invoked from
     * network)} line and qmail-smtpd's {@code qlogreceived: result=accepted ... authuser=LOGIN ... qp=PID} line carry
     * the same number (the queue front execs qmail-queue in its own process). Pids come round again: the accepted line
     * nearest to the header's date counts. Where no relay's log can be read, the policy service cannot stand in (the
     * queue front asks before qmail-queue runs): empty.
     */
    @Override
    public Optional<Submission> loginOfQueueId(String queuePid, Instant around) {
        if (!QUEUE_PID.matcher(queuePid).matches()) {
            return Optional.empty();
        }
        String qp = " qp=" + queuePid + " ";
        long pid = Long.parseLong(queuePid);
        List<Submission> found = LogGrep.fromEach(relays, relay -> relay.smtpdLog().map(l -> relay.grepQueuePid(pid)),
                (relay, line) -> {
                    Matcher u = AUTHUSER.matcher(line);
                    Optional<Instant> at = timeOf(line);
                    return line.contains(" qlogreceived: result=accepted ") && line.contains(qp) && u.find() && at.isPresent()
                            && Account.isValid(u.group(1))
                            ? Optional.of(new Submission(Account.parse(u.group(1)), relay.name(), at.get(), compact(at.get(), line)))
                            : Optional.<Submission>empty();
                }).orElse(List.of());
        return MailLog.nearest(found, around);
    }

    private static final List<String> KEPT = List.of("result", "code", "detail", "mailfrom", "rcptto", "authuser", "remoteip");
    static final int MAX_TEXT = 180;

    /**
     * The line as evidence: its time in ISO form and the fields that matter
     * ({@code result code detail mailfrom rcptto authuser remoteip}), at most {@link #MAX_TEXT}
     * characters (qmail-smtpd's full lines run to 400; the case keeps 20 of them in a 4,000-character field).
     */
    static String compact(Instant at, String line) {
        StringBuilder sb = new StringBuilder(DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS)))
                .append(" qmail-smtpd:");
        for (String key : KEPT) {
            Matcher m = Pattern.compile(" " + key + "=(\\S*)").matcher(line);
            if (m.find() && !m.group(1).isEmpty()) {
                String v = m.group(1);
                sb.append(' ').append(key).append('=').append(v.length() <= 60 ? v : v.substring(0, 60) + "...");
            }
        }
        return sb.length() <= MAX_TEXT ? sb.toString() : sb.substring(0, MAX_TEXT);
    }

    /** The instant of a multilog line's tai64n label ({@code @4000000069...}). */
    static Optional<Instant> timeOf(String line) {
        Matcher m = TAI64N.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        long label = Long.parseUnsignedLong(m.group(1), 16);
        long nanos = Long.parseLong(m.group(2), 16);
        if (label < TAI64_UNIX_OFFSET || nanos > 999_999_999) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochSecond(label - TAI64_UNIX_OFFSET, nanos));
    }
}
