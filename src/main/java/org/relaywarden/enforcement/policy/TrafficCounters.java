package org.relaywarden.enforcement.policy;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.MailLog;
import org.relaywarden.enforcement.PolicyJournal;
import org.relaywarden.enforcement.RelayTraffic;
import org.relaywarden.enforcement.limits.SlidingWindow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the policy service saw, per account, in sliding windows: messages (one per mail
 * transaction, whatever the answer), recipients and distinct client addresses; plus the index
 * from queue id to account that END-OF-MESSAGE requests give. Kept in memory for
 * {@link #RETENTION}, at most {@link #MAX_EVENTS_PER_ACCOUNT} events per account.
 * It is the Postfix adapter's {@link RelayTraffic} (for the burst watcher and the detectors); its
 * own log lines back the adapter's {@link MailLog} where no relay log can be read.
 */
public class TrafficCounters implements RelayTraffic, PolicyJournal {

    public static final Duration RETENTION = Duration.ofHours(25);
    static final int MAX_EVENTS_PER_ACCOUNT = 200_000;
    static final int MAX_QUEUE_IDS = 1_000_000;

    /** REFUSED: refused because the account is suspended; LIMITED: refused for being over the account's limit. */
    enum Kind { MESSAGE, RECIPIENT, REFUSED, LIMITED }

    /** One counted event; a message's recipients grow as its RCPT requests arrive (guarded by the account's queue). */
    static final class Event {
        final Instant at;
        final Kind kind;
        final String client;
        final LineText text;
        int recipients;

        Event(Instant at, Kind kind, int recipients, String client, LineText text) {
            this.at = at;
            this.kind = kind;
            this.recipients = recipients;
            this.client = client;
            this.text = text;
        }

        Instant at() {
            return at;
        }

        Kind kind() {
            return kind;
        }

        String client() {
            return client;
        }
    }

    /**
     * An event's log line, rendered only when the evidence is read: the policy request path keeps
     * the request's values, it does not format text.
     */
    @FunctionalInterface
    interface LineText {
        String render(Instant at);
    }

    /** Messages and recipients of one account in the limit window, kept without a list of events. */
    private static final class LimitWindow {
        final SlidingWindow messages;
        final SlidingWindow recipients;

        LimitWindow(long millis) {
            messages = new SlidingWindow(millis);
            recipients = new SlidingWindow(millis);
        }
    }

    /** Counts of one account in one window. */
    public record Window(long messages, long recipients, long distinctClients) {
    }

    /** Hears every counted event as it happens (the cluster's shared counters), on the policy service's threads. */
    public interface Listener {
        Listener NONE = (account, at, messages, recipients, client) -> { };

        void counted(Account account, Instant at, int messages, int recipients, String client);
    }

    private final Clock clock;
    private final String relayLabel;
    private final Listener listener;
    private final Map<Account, Deque<Event>> events = new ConcurrentHashMap<>();
    private final Map<Account, LimitWindow> limitWindows = new ConcurrentHashMap<>();
    private final long limitWindowMillis;
    private final Map<String, Account> queueIndex = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Account> eldest) {
            return size() > MAX_QUEUE_IDS;
        }
    };

    public TrafficCounters(Clock clock, String relayLabel) {
        this(clock, relayLabel, Listener.NONE);
    }

    public TrafficCounters(Clock clock, String relayLabel, Listener listener) {
        this(clock, relayLabel, listener, Duration.ofHours(1));
    }

    /** @param limitWindow the window of {@link #messagesInLimitWindow} and {@link #recipientsInLimitWindow} */
    public TrafficCounters(Clock clock, String relayLabel, Listener listener, Duration limitWindow) {
        this.clock = clock;
        this.relayLabel = relayLabel;
        this.listener = listener;
        this.limitWindowMillis = limitWindow.toMillis();
    }

    /** Counts one message; its recipients are added to the returned event as they are counted. */
    Event message(Account account, String client, LineText text) {
        Event e = new Event(clock.instant(), Kind.MESSAGE, 0, client, text);
        add(account, e);
        limitWindow(account).messages.add(e.at().toEpochMilli(), 1);
        listener.counted(account, e.at(), 1, 0, client);
        return e;
    }

    /** Messages the account submitted in the limit window that ends now. */
    public long messagesInLimitWindow(Account account) {
        LimitWindow w = limitWindows.get(account);
        return w == null ? 0 : w.messages.total(clock.millis());
    }

    /** Recipients the account submitted to in the limit window that ends now. */
    public long recipientsInLimitWindow(Account account) {
        LimitWindow w = limitWindows.get(account);
        return w == null ? 0 : w.recipients.total(clock.millis());
    }

    private LimitWindow limitWindow(Account account) {
        return limitWindows.computeIfAbsent(account, a -> new LimitWindow(limitWindowMillis));
    }

    /**
     * A transaction the policy service refused (the account is suspended): kept as a line for the
     * evidence, but not a submission: it counts neither for the rate detector nor for a burst.
     */
    void refused(Account account, String client, LineText text) {
        add(account, new Event(clock.instant(), Kind.REFUSED, 0, client, text));
    }

    /** Counts {@code count} more recipients of a message counted before (its policy line shows them). */
    /** A message refused for being over the account's limit: an evidence line, not a submission. */
    void limited(Account account, String client, LineText text) {
        add(account, new Event(clock.instant(), Kind.LIMITED, 0, client, text));
    }

    /** Transactions refused because the account was suspended, since the moment (over-limit refusals are not). */
    @Override
    public OptionalLong refusedSince(Account account, Instant since) {
        return OptionalLong.of(eventsSince(account, since).stream().filter(e -> e.kind() == Kind.REFUSED).count());
    }

    void recipients(Account account, int count, String client, Event message) {
        Event e = new Event(clock.instant(), Kind.RECIPIENT, count, client, null);
        Deque<Event> q = add(account, e);
        if (message != null) {
            synchronized (q) {
                message.recipients += count;
            }
        }
        limitWindow(account).recipients.add(e.at().toEpochMilli(), count);
        listener.counted(account, e.at(), 0, count, client);
    }

    void queued(String queueId, Account account) {
        synchronized (queueIndex) {
            queueIndex.put(queueId, account);
        }
    }

    @Override
    public Optional<Account> accountOfQueueId(String queueId) {
        synchronized (queueIndex) {
            return Optional.ofNullable(queueIndex.get(queueId));
        }
    }

    private Deque<Event> add(Account account, Event e) {
        Deque<Event> q = events.computeIfAbsent(account, a -> new ArrayDeque<>());
        synchronized (q) {
            q.addLast(e);
            Instant horizon = e.at().minus(RETENTION);
            while (!q.isEmpty() && (q.size() > MAX_EVENTS_PER_ACCOUNT || q.peekFirst().at().isBefore(horizon))) {
                q.removeFirst();
            }
        }
        return q;
    }

    /** The account's counts over the last {@code window}. */
    public Window window(Account account, Duration window) {
        Activity a = activity(account, clock.instant().minus(window));
        return new Window(a.messages(), a.recipients(), a.distinctClients());
    }

    @Override
    public Map<Account, Activity> activitySince(Instant since) {
        Map<Account, Activity> out = new LinkedHashMap<>();
        for (Account account : events.keySet()) {
            Activity a = activity(account, since);
            if (a.messages() > 0 || a.recipients() > 0) {
                out.put(account, a);
            }
        }
        return out;
    }

    private Activity activity(Account account, Instant since) {
        long messages = 0, recipients = 0;
        Set<String> clients = new HashSet<>();
        for (Event e : eventsSince(account, since)) {
            if (e.kind() == Kind.REFUSED || e.kind() == Kind.LIMITED) {
                continue;
            }
            if (e.kind() == Kind.MESSAGE) {
                messages++;
            } else {
                recipients += e.recipients;
            }
            if (!e.client().isEmpty()) {
                clients.add(e.client());
            }
        }
        return new Activity(messages, recipients, clients.size());
    }

    private List<Event> eventsSince(Account account, Instant since) {
        Deque<Event> q = events.get(account);
        if (q == null) {
            return List.of();
        }
        List<Event> out = new ArrayList<>();
        synchronized (q) {
            Iterator<Event> it = q.descendingIterator();
            while (it.hasNext()) {
                Event e = it.next();
                if (e.at().isBefore(since)) {
                    break;
                }
                out.add(e);
            }
        }
        Collections.reverse(out);
        return out;
    }

    @Override
    public Submissions submissionsSince(Account account, Instant since) {
        long n = 0;
        Instant first = null, last = null;
        for (Event e : eventsSince(account, since)) {
            if (e.kind() == Kind.MESSAGE) {
                n++;
                first = first == null ? e.at() : first;
                last = e.at();
            }
        }
        return n == 0 ? Submissions.none() : new Submissions(n, first, last);
    }

    @Override
    public List<MailLog.LogLine> policyLines(Account account, Instant since, int limit) {
        return eventsSince(account, since).stream()
                .filter(e -> e.kind() != Kind.RECIPIENT)
                .limit(limit)
                .map(e -> new MailLog.LogLine(e.at(), relayLabel, e.client(), e.recipients, e.text.render(e.at())))
                .toList();
    }
}
