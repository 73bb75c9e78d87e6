package org.relaywarden.enforcement.sandbox;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.MailLog;
import org.relaywarden.enforcement.MailQueue;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.QueuedMessage;
import org.relaywarden.enforcement.RefusedAttemptRecorder;
import org.relaywarden.enforcement.RelayControl;
import org.relaywarden.enforcement.RelayReading;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.RelayTraffic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The <b>sandbox mail server</b>: a simulated relay, for trying Relaywarden out without a real Postfix.
 * It keeps a relay state per account (in the database, {@link SandboxRelayStates}, so that a suspension
 * outlives a restart as on a real relay), and in memory a queue, a log and counters; it can be flooded
 * with spam for one account ({@link #flood}). Nothing here talks to a network.
 */
public class SandboxMailServer implements RelayControl, MailQueue, MailLog, RelayTraffic {

    public static final String RELAY_NAME = "sandbox";
    private static final Logger log = LoggerFactory.getLogger(SandboxMailServer.class);
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("MMM d HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final Map<Account, RelayState> states = new HashMap<>();
    /** The reason of each state set since the start (the burst watch's {@link #suspendIf} compares it). */
    private final Map<Account, String> reasons = new HashMap<>();
    private final Map<String, SandboxMessage> queue = new LinkedHashMap<>();
    private final List<LogLine> logLines = new ArrayList<>();
    private final List<Submission> submissions = new ArrayList<>();
    private final Map<Account, Long> delivered = new HashMap<>();
    private final AtomicLong ids = new AtomicLong(0x1000);
    private final AtomicLong transactions = new AtomicLong();
    private final RefusedAttemptRecorder refusedAttempts;
    private final SandboxRelayStates stored;
    private long resubmitted;

    /** Relay states in memory only. */
    public SandboxMailServer(Clock clock) {
        this(clock, RefusedAttemptRecorder.NONE, SandboxRelayStates.IN_MEMORY);
    }

    /**
     * {@code refusedAttempts} is told of every submission refused because the account is suspended;
     * {@code stored} keeps the relay states (read here, written on every change).
     */
    public SandboxMailServer(Clock clock, RefusedAttemptRecorder refusedAttempts, SandboxRelayStates stored) {
        this.clock = clock;
        this.refusedAttempts = refusedAttempts;
        this.stored = stored;
        states.putAll(stored.load());
        if (!states.isEmpty()) {
            log.info("sandbox relay: {} accounts not active after the restart: {}", states.size(), states);
        }
    }

    // ---- RelayControl ------------------------------------------------------------------------

    @Override
    public synchronized void suspend(Account account, String reason) {
        setState(account, RelayState.SUSPENDED, reason);
    }

    @Override
    public synchronized boolean suspendIf(Account account, RelayState watched, String reason) {
        RelayState now = stateOf(account);
        if (now == RelayState.SUSPENDED && reason.equals(reasons.get(account))) {
            return true;
        }
        if (now != watched) {
            return false;
        }
        setState(account, RelayState.SUSPENDED, reason);
        return true;
    }

    @Override
    public synchronized void hold(Account account, String reason) {
        setState(account, RelayState.HELD, reason);
    }

    @Override
    public synchronized void probation(Account account) {
        setState(account, RelayState.PROBATION, "probation");
    }

    @Override
    public synchronized void restore(Account account) {
        stored.save(account, RelayState.ACTIVE, "restored", clock.instant());
        states.remove(account);
        reasons.remove(account);
        log.info("sandbox relay: {} -> ACTIVE", account);
    }

    private void setState(Account account, RelayState state, String reason) {
        stored.save(account, state, reason, clock.instant());
        states.put(account, state);
        reasons.put(account, reason);
        log.info("sandbox relay: {} -> {} ({})", account, state, reason);
    }

    @Override
    public synchronized RelayState stateOf(Account account) {
        return states.getOrDefault(account, RelayState.ACTIVE);
    }

    @Override
    public synchronized List<RelayReading> onEachRelay(Account account) {
        return List.of(new RelayReading(RELAY_NAME, stateOf(account),
                "the simulated sandbox relay (its states kept in the database)"));
    }

    @Override
    public synchronized Map<Account, RelayState> nonActiveAccounts() {
        return Map.copyOf(states);
    }

    // ---- simulation ---------------------------------------------------------------------------

    /** What happens to simulated mail that the relay accepts and does not hold. */
    public enum Upstream {
        /** the upstream soft-rejects, so mail stays deferred in the queue: the seed's signal */
        DEFERS,
        /** the upstream accepts, so mail leaves the sandbox (counted as delivered) */
        ACCEPTS
    }

    public record FloodResult(Account account, RelayState state, int refused, int held, int deferred, int delivered) {
    }

    /**
     * Simulates a compromised account: {@code count} spam messages submitted with the account's
     * login, each to {@code recipientsEach} recipients. The account's relay state decides their fate.
     */
    public synchronized FloodResult flood(Account account, int count, int recipientsEach, Upstream upstream) {
        RelayState state = stateOf(account);
        int refused = 0, held = 0, deferred = 0, sent = 0;
        for (int i = 0; i < count; i++) {
            Instant now = clock.instant();
            String client = "203.0.113." + (10 + i % 5);
            List<String> recipients = new ArrayList<>();
            for (int r = 0; r < recipientsEach; r++) {
                recipients.add("victim" + (i * recipientsEach + r) + "@" + TARGET_DOMAINS[(i + r) % TARGET_DOMAINS.length]);
            }
            if (state == RelayState.SUSPENDED) {
                refused++;
                String transaction = "flood-" + transactions.incrementAndGet();
                for (String recipient : recipients) {
                    refusedAttempts.record(account, now, transaction, client, "spam" + i + "@" + account.domain(), recipient, 0);
                }
                logLines.add(new LogLine(now, RELAY_NAME, client, recipients.size(), LOG_TIME.format(now)
                        + " sandbox/smtpd: NOQUEUE: reject: RCPT from unknown[" + client + "]: 451 4.7.1 <" + account
                        + ">: SASL login name rejected: relaying suspended; from=<spam" + i + "@" + account.domain() + ">"));
                continue; // refused: not a submission (as the Postfix adapter counts)
            }
            submissions.add(new Submission(account, now, recipientsEach, client));
            String queueId = Long.toHexString(ids.incrementAndGet()).toUpperCase();
            QueueName target;
            if (state == RelayState.HELD) {
                target = QueueName.HOLD;
                held++;
            } else if (upstream == Upstream.DEFERS) {
                target = QueueName.DEFERRED;
                deferred++;
            } else {
                target = null;
                sent++;
                delivered.merge(account, 1L, Long::sum);
            }
            logLines.add(new LogLine(now, RELAY_NAME, client, recipients.size(), LOG_TIME.format(now) + " sandbox/smtpd: "
                    + queueId + ": client=unknown[" + client + "], sasl_method=PLAIN, sasl_username=" + account
                    + ", nrcpt=" + recipients.size()));
            if (target != null) {
                String sender = "spam" + i + "@" + account.domain();
                byte[] content = spamContent(sender, recipients, queueId, now);
                queue.put(queueId, new SandboxMessage(new QueuedMessage(RELAY_NAME, queueId, target, account, sender,
                        recipients, content.length, now), content));
            }
        }
        log.info("sandbox relay: flooded {} with {} messages: refused={} held={} deferred={} delivered={}",
                account, count, refused, held, deferred, sent);
        return new FloodResult(account, state, refused, held, deferred, sent);
    }

    /** Messages of the account that left the sandbox relay (the "spam that got out"). */
    public synchronized long deliveredCount(Account account) {
        return delivered.getOrDefault(account, 0L);
    }

    public synchronized Map<QueueName, Long> queueCounts(Account account) {
        Map<QueueName, Long> counts = new LinkedHashMap<>();
        for (SandboxMessage m : queue.values()) {
            if (m.meta().account().equals(account)) {
                counts.merge(m.meta().queue(), 1L, Long::sum);
            }
        }
        return counts;
    }

    private static final String[] TARGET_DOMAINS = {"mail.example", "webmail.example", "inbox.example", "post.example"};

    private static byte[] spamContent(String sender, List<String> recipients, String queueId, Instant now) {
        String text = "Received: from customer-relay (unknown [203.0.113.10]) by sandbox with ESMTPSA id " + queueId + "\n"
                + "From: <" + sender + ">\n"
                + "To: " + String.join(", ", recipients) + "\n"
                + "Subject: Cheap watches, simulated spam " + queueId + "\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atZone(ZoneOffset.UTC)) + "\n"
                + "Message-ID: <" + queueId + "@sandbox.invalid>\n"
                + "\n"
                + "This is a message made up by the Relaywarden sandbox mail server.\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ---- MailQueue ----------------------------------------------------------------------------

    /** The simulated server has no transaction in flight: a flood is queued before its call returns. */
    @Override
    public Duration inFlightSettle() {
        return Duration.ZERO;
    }

    @Override
    public synchronized List<QueuedMessage> messagesOf(Account account, Set<QueueName> queues) {
        return queue.values().stream()
                .map(SandboxMessage::meta)
                .filter(m -> m.account().equals(account) && queues.contains(m.queue()))
                .sorted(Comparator.comparing(QueuedMessage::arrival).thenComparing(QueuedMessage::queueId))
                .toList();
    }

    @Override
    public synchronized void hold(Collection<QueuedMessage> messages) {
        for (QueuedMessage m : messages) {
            queue.computeIfPresent(m.queueId(), (id, sm) -> sm.in(QueueName.HOLD));
        }
    }

    @Override
    public synchronized byte[] content(QueuedMessage message) {
        SandboxMessage m = queue.get(message.queueId());
        if (m == null) {
            throw new IllegalStateException("message " + message.queueId() + " is no longer in the sandbox queue");
        }
        return m.content().clone();
    }

    @Override
    public synchronized void deleteHeld(Collection<QueuedMessage> messages) {
        for (QueuedMessage m : messages) {
            queue.computeIfPresent(m.queueId(), (id, sm) -> sm.meta().queue() == QueueName.HOLD ? null : sm);
        }
    }

    @Override
    public synchronized void release(Collection<QueuedMessage> messages) {
        for (QueuedMessage m : messages) {
            SandboxMessage sm = queue.get(m.queueId());
            if (sm != null && sm.meta().queue() == QueueName.HOLD) {
                queue.remove(m.queueId());
                delivered.merge(sm.meta().account(), 1L, Long::sum);
            }
        }
    }

    @Override
    public synchronized void resubmit(String relay, String sender, List<String> recipients, byte[] message) {
        log.info("sandbox relay: message of {} bytes from <{}> resubmitted to {} recipients", message.length, sender,
                recipients.size());
        resubmitted++;
    }

    /** Messages handed back to the sandbox relay from quarantine. */
    public synchronized long resubmittedCount() {
        return resubmitted;
    }

    // ---- MailLog, RelayTraffic ----------------------------------------------------------------

    @Override
    public synchronized List<LogLine> excerpts(Account account, Instant since, int limit) {
        String marker = "sasl_username=" + account + ",";
        String refusal = "<" + account + ">";
        return logLines.stream()
                .filter(l -> !l.time().isBefore(since))
                .filter(l -> l.text().contains(marker) || l.text().contains(refusal))
                .limit(limit)
                .toList();
    }

    /** The simulated relay's own submission line of this queue id (simulated: the sandbox writes these lines itself). */
    @Override
    public synchronized Optional<MailLog.Submission> loginOfQueueId(String queueId, Instant around) {
        String marker = " " + queueId + ": client=";
        return MailLog.nearest(logLines.stream().filter(l -> l.text().contains(marker)).flatMap(l -> {
            Matcher m = SASL_USERNAME.matcher(l.text());
            return m.find() ? Stream.of(new MailLog.Submission(Account.parse(m.group(1)), l.relay(), l.time(), l.text()))
                    : Stream.empty();
        }).toList(), around);
    }

    private static final Pattern SASL_USERNAME = Pattern.compile("sasl_username=([^,\\s]+)");

    @Override
    public synchronized OptionalLong refusedSince(Account account, Instant since) {
        String refusal = "reject: RCPT from unknown[";
        String login = "<" + account + ">";
        return OptionalLong.of(logLines.stream()
                .filter(l -> !l.time().isBefore(since) && l.text().contains(refusal) && l.text().contains(login))
                .count());
    }

    @Override
    public synchronized Submissions submissionsSince(Account account, Instant since) {
        List<Instant> times = submissions.stream()
                .filter(s -> s.account().equals(account) && !s.at().isBefore(since))
                .map(Submission::at)
                .toList();
        return times.isEmpty() ? Submissions.none() : new Submissions(times.size(), times.get(0), times.get(times.size() - 1));
    }

    @Override
    public synchronized Map<Account, Activity> activitySince(Instant since) {
        Map<Account, long[]> counts = new HashMap<>();
        Map<Account, Set<String>> clients = new HashMap<>();
        for (Submission s : submissions) {
            if (!s.at().isBefore(since)) {
                long[] c = counts.computeIfAbsent(s.account(), a -> new long[2]);
                c[0]++;
                c[1] += s.recipients();
                clients.computeIfAbsent(s.account(), a -> new HashSet<>()).add(s.client());
            }
        }
        Map<Account, Activity> out = new HashMap<>();
        counts.forEach((a, c) -> out.put(a, new Activity(c[0], c[1], clients.get(a).size())));
        return out;
    }

    @Override
    public synchronized Map<String, Map<Account, Long>> deferredByAccount() {
        Map<Account, Long> counts = new HashMap<>();
        for (SandboxMessage m : queue.values()) {
            if (m.meta().queue() == QueueName.DEFERRED) {
                counts.merge(m.meta().account(), 1L, Long::sum);
            }
        }
        return Map.of(RELAY_NAME, counts);
    }

    private record Submission(Account account, Instant at, int recipients, String client) {
    }

    private record SandboxMessage(QueuedMessage meta, byte[] content) {
        SandboxMessage in(QueueName target) {
            QueuedMessage m = meta;
            return new SandboxMessage(new QueuedMessage(m.relay(), m.queueId(), target, m.account(), m.sender(),
                    m.recipients(), content.length, m.arrival()), content);
        }
    }
}
