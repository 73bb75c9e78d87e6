package org.relaywarden.enforcement.sandbox;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.MailLog;
import org.relaywarden.enforcement.MailQueue;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.QueuedMessage;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.policy.PolicyRequest;
import org.relaywarden.enforcement.policy.PolicyService;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The <b>sandbox mail server</b>: a simulated relay, for trying Relaywarden out without a real Postfix. It
 * asks the policy core about every simulated message exactly as Postfix asks it ({@link PolicyService}: a
 * {@code RCPT} request per recipient and an {@code END-OF-MESSAGE} request with the queue id, the SASL login,
 * client and sender, one {@code instance} per transaction) and does what the core answers: refuses,
 * holds, or queues. So the core's relay states, sending limits, risk and counting once decide the demo's
 * floods as they decide a real relay's mail. The core's relay states are kept by the core (and written
 * down in the simulated relay's state table, {@link SandboxStateTable}); here are only a queue and a log
 * in memory. It can be flooded with spam for one account ({@link #flood}). Nothing here talks to a network.
 */
public class SandboxMailServer implements MailQueue, MailLog {

    public static final String RELAY_NAME = "sandbox";
    private static final Logger log = LoggerFactory.getLogger(SandboxMailServer.class);
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("MMM d HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final PolicyService policy;
    private final Function<Account, RelayState> states;
    private final Map<String, SandboxMessage> queue = new LinkedHashMap<>();
    private final List<LogLine> logLines = new ArrayList<>();
    private final Map<Account, Long> delivered = new HashMap<>();
    private final AtomicLong ids = new AtomicLong(0x1000);
    private final AtomicLong transactions = new AtomicLong();
    private long resubmitted;

    /**
     * @param policy what the simulated relay asks about each message (the application's policy core)
     * @param states the relay state of an account, for the simulation's views (the core's {@code RelayControl})
     */
    public SandboxMailServer(Clock clock, PolicyService policy, Function<Account, RelayState> states) {
        this.clock = clock;
        this.policy = policy;
        this.states = states;
    }

    /** The account's relay state as the policy core holds it. */
    public RelayState stateOf(Account account) {
        return states.apply(account);
    }

    // ---- simulation ---------------------------------------------------------------------------

    /** What happens to simulated mail that the relay accepts and does not hold. */
    public enum Upstream {
        /** the upstream soft-rejects, so mail stays deferred in the queue: the seed's signal */
        DEFERS,
        /** the upstream accepts, so mail leaves the sandbox (counted as delivered) */
        ACCEPTS
    }

    /**
     * What became of a flood: {@code state} is the account's relay state after it; {@code answers} counts each
     * answer of the policy core other than {@code DUNNO} (a refusal with its code and reason, {@code HOLD reason}),
     * once per request.
     */
    public record FloodResult(Account account, RelayState state, int refused, int held, int deferred, int delivered,
                              Map<String, Integer> answers) {
    }

    /**
     * Simulates a compromised account: {@code count} spam messages submitted with the account's login, each to
     * {@code recipientsEach} recipients. The policy core decides each message's fate: a recipient it refuses is
     * refused (a message with none left is refused), a {@code HOLD} at any step holds the message, otherwise
     * it is queued (deferred or delivered, as {@code upstream} says).
     */
    public synchronized FloodResult flood(Account account, int count, int recipientsEach, Upstream upstream) {
        int refused = 0, held = 0, deferred = 0, sent = 0;
        Map<String, Integer> answers = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            Instant now = clock.instant();
            String client = "203.0.113." + (10 + i % 5);
            String sender = "spam" + i + "@" + account.domain();
            String instance = "simulated." + transactions.incrementAndGet();
            List<String> recipients = new ArrayList<>();
            String hold = null;
            String refusal = null;
            for (int r = 0; r < recipientsEach; r++) {
                String recipient = "victim" + (i * recipientsEach + r) + "@" + TARGET_DOMAINS[(i + r) % TARGET_DOMAINS.length];
                String answer = ask(instance, "RCPT", account, client, sender, recipient, 0, "");
                count(answers, answer);
                if (refuses(answer)) {
                    refusal = answer;
                    logLines.add(new LogLine(now, RELAY_NAME, client, 1, LOG_TIME.format(now)
                            + " sandbox/smtpd: NOQUEUE: reject: RCPT from unknown[" + client + "]: " + code(answer) + " <"
                            + account + ">: " + text(answer) + "; from=<" + sender + "> to=<" + recipient + ">"));
                } else {
                    recipients.add(recipient);
                    hold = answer.startsWith("HOLD") ? answer : hold;
                }
            }
            if (recipients.isEmpty()) {
                refused++;
                continue; // every recipient refused: Postfix ends the transaction without END-OF-MESSAGE
            }
            String queueId = Long.toHexString(ids.incrementAndGet()).toUpperCase();
            String answer = ask(instance, "END-OF-MESSAGE", account, client, sender, "", recipients.size(), queueId);
            count(answers, answer);
            if (refuses(answer)) {
                refused++;
                logLines.add(new LogLine(now, RELAY_NAME, client, recipients.size(), LOG_TIME.format(now)
                        + " sandbox/smtpd: NOQUEUE: reject: END-OF-MESSAGE from unknown[" + client + "]: " + code(answer) + " <"
                        + account + ">: " + text(answer) + "; from=<" + sender + ">"));
                continue;
            }
            hold = answer.startsWith("HOLD") ? answer : hold;
            QueueName target;
            if (hold != null) {
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
                    + ", nrcpt=" + recipients.size() + (hold == null ? "" : ", " + hold)));
            if (target != null) {
                byte[] content = spamContent(sender, recipients, queueId, now);
                queue.put(queueId, new SandboxMessage(new QueuedMessage(RELAY_NAME, queueId, target, account, sender,
                        recipients, content.length, now), content));
            }
            if (refusal != null) {
                log.debug("sandbox relay: {} of {} recipients of {} refused: {}", recipientsEach - recipients.size(),
                        recipientsEach, queueId, refusal);
            }
        }
        RelayState state = stateOf(account);
        log.info("sandbox relay: flooded {} with {} messages: refused={} held={} deferred={} delivered={}, now {}; the policy "
                + "core answered {}", account, count, refused, held, deferred, sent, state, answers);
        return new FloodResult(account, state, refused, held, deferred, sent, answers);
    }

    /** One request of the policy protocol, as Postfix's {@code check_policy_service} sends it. */
    private String ask(String instance, String protocolState, Account account, String client, String sender,
                       String recipient, int recipientCount, String queueId) {
        Map<String, String> a = new HashMap<>();
        a.put("request", "smtpd_access_policy");
        a.put("protocol_state", protocolState);
        a.put("protocol_name", "ESMTP");
        a.put("instance", instance);
        a.put("sasl_method", "PLAIN");
        a.put("sasl_username", account.login());
        a.put("client_address", client);
        a.put("client_name", "unknown");
        a.put("sender", sender);
        a.put("recipient", recipient);
        a.put("recipient_count", Integer.toString(recipientCount));
        a.put("queue_id", queueId);
        return policy.decide(new PolicyRequest(a));
    }

    private static boolean refuses(String answer) {
        return answer.matches("^[45]\\d\\d( .*)?$");
    }

    private static String code(String answer) {
        int space = answer.indexOf(' ');
        return space < 0 ? answer : answer.substring(0, space);
    }

    private static String text(String answer) {
        int space = answer.indexOf(' ');
        return space < 0 ? "" : answer.substring(space + 1);
    }

    private static void count(Map<String, Integer> answers, String answer) {
        if (!PolicyService.DUNNO.equals(answer)) {
            answers.merge(answer, 1, Integer::sum);
        }
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

    // ---- MailLog ----------------------------------------------------------------------------

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
    public synchronized Map<String, Map<Account, Long>> deferredByAccount() {
        Map<Account, Long> counts = new HashMap<>();
        for (SandboxMessage m : queue.values()) {
            if (m.meta().queue() == QueueName.DEFERRED) {
                counts.merge(m.meta().account(), 1L, Long::sum);
            }
        }
        return Map.of(RELAY_NAME, counts);
    }

    private record SandboxMessage(QueuedMessage meta, byte[] content) {
        SandboxMessage in(QueueName target) {
            QueuedMessage m = meta;
            return new SandboxMessage(new QueuedMessage(m.relay(), m.queueId(), target, m.account(), m.sender(),
                    m.recipients(), content.length, m.arrival()), content);
        }
    }
}
