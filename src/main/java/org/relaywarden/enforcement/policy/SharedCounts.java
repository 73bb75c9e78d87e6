package org.relaywarden.enforcement.policy;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import org.relaywarden.account.Account;
import org.relaywarden.cluster.redis.RedisWindows;
import org.relaywarden.cluster.redis.SharedStore;
import org.relaywarden.enforcement.RelayTraffic;
import org.relaywarden.enforcement.WatchedSubmissions;
import org.relaywarden.enforcement.limits.Limit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The policy core's counts shared by every node of a cluster in Redis ({@link SharedStore}): per
 * account the messages and recipients in the limit window, the distinct client addresses of the last
 * hour, the submissions of accounts under watch (held or on probation, for the burst watch on every
 * node), and per mail transaction (Postfix's {@code instance}) whether it was counted and how many of
 * its recipients, so that a transaction whose RCPT requests went to one node and whose END-OF-MESSAGE
 * went to another counts once. One script per counted request: one round trip, atomic, so the limit
 * holds exactly across nodes.
 * <p>
 * While Redis is away the decider counts on its own node ({@link #countedLocally}); what it counted
 * is merged into the shared windows when Redis is back.
 */
public class SharedCounts implements WatchedSubmissions {

    private static final Logger log = LoggerFactory.getLogger(SharedCounts.class);
    /** A transaction's keys outlive it by this much (Transactions forgets one after at most two generations). */
    static final Duration TRANSACTION_TTL = Duration.ofMillis(2 * Transactions.GENERATION_MILLIS);
    static final Duration CLIENT_WINDOW = Duration.ofHours(1);
    /** At most this many submissions of one watched account are kept. */
    static final int MAX_WATCHED = 100_000;
    /** Counts made while Redis was away beyond this many (account, bucket) pairs are dropped, oldest first. */
    static final int MAX_PENDING = 200_000;

    /** The result codes of the script. */
    enum Outcome { COUNTED, OVER_MESSAGE_LIMIT, OVER_RECIPIENT_LIMIT, OVER_LIMIT_EARLIER }

    /** What the cluster made of one request: the outcome, whether it counted a new message, how many more recipients. */
    record Counted(Outcome outcome, boolean newMessage, int moreRecipients) {
    }

    private static final String COUNT = RedisWindows.LIBRARY + """
            local now = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            local txttl = tonumber(ARGV[3])
            local maxm = tonumber(ARGV[4])
            local maxr = tonumber(ARGV[5])
            local isrcpt = ARGV[6] == '1'
            local fresh = 0
            if redis.call('EXISTS', KEYS[7]) == 0 then
              redis.call('SET', KEYS[7], '1')
              fresh = 1
            end
            local hastx = ARGV[14] == '1'
            local seen, over, recips = 0, 0, 0
            if hastx then
              local h = redis.call('HMGET', KEYS[1], 's', 'o', 'r')
              seen = tonumber(h[1]) or 0
              over = tonumber(h[2]) or 0
              recips = tonumber(h[3]) or 0
            end
            if over == 1 then
              return {3, 0, 0, fresh}
            end
            local new = 0
            if seen == 0 then
              if maxm >= 0 and window_total(KEYS[3], now, window) + 1 > maxm then
                if hastx then
                  redis.call('HSET', KEYS[1], 's', 1, 'o', 1)
                  redis.call('PEXPIRE', KEYS[1], txttl)
                end
                return {1, 0, 0, fresh}
              end
              window_add(KEYS[3], 1, now, window)
              new = 1
              if ARGV[9] ~= '' then
                member_add(KEYS[5], ARGV[9], now, tonumber(ARGV[12]))
              end
              if ARGV[10] == '1' then
                member_add(KEYS[6], ARGV[11], now, tonumber(ARGV[13]))
                redis.call('ZREMRANGEBYRANK', KEYS[6], 0, -tonumber(ARGV[15]) - 1)
              end
              if hastx then
                redis.call('HSET', KEYS[1], 's', 1)
                redis.call('PEXPIRE', KEYS[1], txttl)
              end
            end
            local more = 0
            if isrcpt then
              if hastx then
                more = redis.call('SADD', KEYS[2], ARGV[7])
                redis.call('PEXPIRE', KEYS[2], txttl)
              else
                more = 1
              end
            else
              more = math.max(0, tonumber(ARGV[8]) - recips)
            end
            if more > 0 then
              if maxr >= 0 and window_total(KEYS[4], now, window) + more > maxr then
                if hastx and not isrcpt then
                  redis.call('HSET', KEYS[1], 'o', 1)
                end
                return {2, new, 0, fresh}
              end
              window_add(KEYS[4], more, now, window)
              if hastx then
                redis.call('HINCRBY', KEYS[1], 'r', more)
              end
            end
            return {0, new, more, fresh}
            """;

    private static final String SUBMISSIONS = RedisWindows.LIBRARY + """
            local since = tonumber(ARGV[1])
            local n = redis.call('ZCOUNT', KEYS[1], since, '+inf')
            if n == 0 then
              return {0, 0, 0}
            end
            local first = redis.call('ZRANGEBYSCORE', KEYS[1], since, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
            local last = redis.call('ZREVRANGEBYSCORE', KEYS[1], '+inf', since, 'WITHSCORES', 'LIMIT', 0, 1)
            return {n, tonumber(first[2]), tonumber(last[2])}
            """;

    private static final String MERGE = RedisWindows.LIBRARY + """
            if tonumber(ARGV[2]) > 0 then window_add(KEYS[1], tonumber(ARGV[2]), tonumber(ARGV[1]), tonumber(ARGV[4])) end
            if tonumber(ARGV[3]) > 0 then window_add(KEYS[2], tonumber(ARGV[3]), tonumber(ARGV[1]), tonumber(ARGV[4])) end
            return 1
            """;

    private final SharedStore store;
    private final Clock clock;
    private final long windowMillis;
    private final SharedStore.Script count;
    private final SharedStore.Script submissions;
    private final SharedStore.Script merge;
    private final RedisWindows windows;
    private long submissionSeq;
    /** This node's marker key: set on its first count; missing later, Redis lost its keys. */
    private final String marker;
    private final Object adding = new Object();
    private final ExecutorService restorer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "redis-restore");
        t.setDaemon(true);
        return t;
    });

    private record Bucket(Account account, long at) {
    }

    /** Counted on this node while Redis was away, per account and bucket of the limit window: {messages, recipients}. */
    private final Map<Bucket, long[]> pending = new LinkedHashMap<>();
    /** Everything this node counted in the limit window, either way: added back if Redis restarted empty. */
    private final Map<Bucket, long[]> own = new ConcurrentHashMap<>();
    private final AtomicLong ownWrites = new AtomicLong();
    /** Transactions counted meanwhile, and whether each is over the limit (so no node counts them again). */
    private final Map<String, Boolean> pendingTransactions = new LinkedHashMap<>();
    private final List<String[]> pendingWatched = new ArrayList<>();

    public SharedCounts(SharedStore store, Clock clock, Duration limitWindow) {
        this.store = store;
        this.clock = clock;
        this.windowMillis = limitWindow.toMillis();
        this.count = store.script(COUNT);
        this.submissions = store.script(SUBMISSIONS);
        this.merge = store.script(MERGE);
        this.windows = new RedisWindows(store);
        this.marker = store.key("node:" + store.nodeId());
        store.whenBack(this::merge);
    }

    boolean available() {
        return store.available();
    }

    private static String account(Account a) {
        // a hash tag: every key of one account in one slot (one script may touch them all, also on a Redis Cluster)
        return "{" + a.login() + "}";
    }

    static String messagesKey(Account a) {
        return account(a) + ":m";
    }

    static String recipientsKey(Account a) {
        return account(a) + ":r";
    }

    static String clientsKey(Account a) {
        return account(a) + ":c";
    }

    static String watchedKey(Account a) {
        return account(a) + ":w";
    }

    private static String transactionKey(Account a, String instance) {
        return account(a) + ":tx:" + instance;
    }

    /**
     * Counts one RCPT or END-OF-MESSAGE request of an account that is not suspended, against its limit
     * ({@code limit} null: none); null when Redis is away (the decider counts on this node).
     */
    Counted count(Account a, String instance, boolean rcpt, String recipient, int recipientCount, String client, Limit limit,
                  boolean watched) {
        long now = clock.millis();
        boolean tx = !instance.isEmpty();
        String id = tx ? instance : store.nodeId() + "-" + nextSeq();
        List<Long> r = count.run(ScriptOutputType.MULTI,
                new String[]{store.key(transactionKey(a, id)), store.key(transactionKey(a, id) + ":rcpt"), store.key(messagesKey(a)),
                        store.key(recipientsKey(a)), store.key(clientsKey(a)), store.key(watchedKey(a)), marker},
                Long.toString(now), Long.toString(windowMillis), Long.toString(TRANSACTION_TTL.toMillis()),
                Long.toString(limit == null ? -1 : limit.messages()), Long.toString(limit == null ? -1 : limit.recipients()),
                rcpt ? "1" : "0", rcpt ? recipient.toLowerCase(java.util.Locale.ROOT) : "", Integer.toString(recipientCount),
                client.length() <= 64 ? client : client.substring(0, 64), watched ? "1" : "0",
                store.nodeId() + ":" + id, Long.toString(CLIENT_WINDOW.toMillis()), Long.toString(TrafficCounters.RETENTION.toMillis()),
                tx ? "1" : "0", Integer.toString(MAX_WATCHED));
        if (r == null) {
            return null;
        }
        Counted c = new Counted(Outcome.values()[r.get(0).intValue()], r.get(1) == 1, r.get(2).intValue());
        if (r.get(3) == 1) {
            // this node's marker was gone: Redis lost its keys (a restart without persistence): add back what this node counted
            restorer.execute(() -> add(true));
        }
        if (c.newMessage() || c.moreRecipients() > 0) {
            own(a, now, c.newMessage() ? 1 : 0, c.moreRecipients());
        }
        return c;
    }

    private long bucketOf(long at) {
        long bm = Math.max(1, windowMillis / RedisWindows.BUCKETS);
        return Math.floorDiv(at, bm) * bm;
    }

    /** Keeps what this node counted, per bucket of the limit window; now and then forgets buckets out of the window. */
    private void own(Account a, long at, int messages, int recipients) {
        own.compute(new Bucket(a, bucketOf(at)), (k, v) -> {
            long[] c = v == null ? new long[2] : v;
            c[0] += messages;
            c[1] += recipients;
            return c;
        });
        if (ownWrites.incrementAndGet() % 10_000 == 0) {
            long horizon = at - windowMillis;
            own.keySet().removeIf(b -> b.at() < horizon);
        }
    }

    private synchronized long nextSeq() {
        return ++submissionSeq;
    }

    /**
     * What the decider counted on this node while Redis was away (merged when it is back): {@code messages}
     * 0 or 1, {@code recipients} 0 or more; {@code overLimit} the transaction was refused.
     */
    synchronized void countedLocally(Account a, String instance, int messages, int recipients, boolean overLimit, boolean watched) {
        long at = clock.millis();
        if (messages > 0 || recipients > 0) {
            own(a, at, messages, recipients);
            long[] c = pending.computeIfAbsent(new Bucket(a, bucketOf(at)), k -> new long[2]);
            c[0] += messages;
            c[1] += recipients;
            if (pending.size() > MAX_PENDING) {
                var it = pending.keySet().iterator();
                it.next();
                it.remove();
            }
        }
        if (!instance.isEmpty() && (messages > 0 || overLimit)) {
            pendingTransactions.merge(a.login() + "\n" + instance, overLimit, Boolean::logicalOr);
            if (pendingTransactions.size() > MAX_PENDING) {
                var it = pendingTransactions.keySet().iterator();
                it.next();
                it.remove();
            }
        }
        if (watched && messages > 0 && pendingWatched.size() < MAX_WATCHED) {
            pendingWatched.add(new String[]{a.login(), Long.toString(at), store.nodeId() + ":local-" + nextSeq()});
        }
    }

    /**
     * Redis is back (on the probe's thread): if this node's marker is still there, adds what it counted meanwhile;
     * if not, Redis lost its keys (restarted without persistence), and all this node counted in the limit window.
     */
    void merge() {
        String set = store.call(c -> c.set(marker, "1", SetArgs.Builder.nx()));
        if (set == null && !store.available()) {
            throw new IllegalStateException("Redis went away again");
        }
        add("OK".equals(set));
    }

    /** Adds to the shared windows what this node counted while Redis was away, or ({@code restarted}) all it counted. */
    void add(boolean restarted) {
        // one merge at a time; request threads never wait for it (they take this object's lock only briefly)
        synchronized (adding) {
            addNow(restarted);
        }
    }

    private void addNow(boolean restarted) {
        Map<Bucket, long[]> counts;
        Map<String, Boolean> transactions;
        List<String[]> watched;
        synchronized (this) {
            counts = new LinkedHashMap<>();
            if (restarted) {
                long horizon = clock.millis() - windowMillis;
                own.forEach((k, v) -> {
                    if (k.at() >= horizon) {
                        counts.put(k, new long[]{v[0], v[1]});
                    }
                });
            } else {
                pending.forEach((k, v) -> counts.put(k, new long[]{v[0], v[1]}));
            }
            transactions = new LinkedHashMap<>(pendingTransactions);
            watched = new ArrayList<>(pendingWatched);
            pending.clear();
            pendingTransactions.clear();
            pendingWatched.clear();
        }
        if (counts.isEmpty() && transactions.isEmpty() && watched.isEmpty()) {
            return;
        }
        long messages = 0, recipients = 0;
        try {
            for (Map.Entry<Bucket, long[]> e : counts.entrySet()) {
                Account a = e.getKey().account();
                if (merge.run(ScriptOutputType.INTEGER, new String[]{store.key(messagesKey(a)), store.key(recipientsKey(a))},
                        Long.toString(e.getKey().at()), Long.toString(e.getValue()[0]), Long.toString(e.getValue()[1]),
                        Long.toString(windowMillis)) == null) {
                    throw new IllegalStateException("Redis went away again while merging");
                }
                messages += e.getValue()[0];
                recipients += e.getValue()[1];
                e.getValue()[0] = 0;
                e.getValue()[1] = 0;
            }
            for (Map.Entry<String, Boolean> t : transactions.entrySet()) {
                String[] parts = t.getKey().split("\n", 2);
                String key = store.key(transactionKey(Account.parse(parts[0]), parts[1]));
                store.call(c -> c.hset(key, t.getValue() ? Map.of("s", "1", "o", "1") : Map.of("s", "1")));
                store.call(c -> c.pexpire(key, TRANSACTION_TTL.toMillis()));
            }
            for (String[] w : watched) {
                windows.addMember(watchedKey(Account.parse(w[0])), w[2], Long.parseLong(w[1]), clock.millis(), TrafficCounters.RETENTION);
            }
            log.info("node {}: merged into Redis {}: {} messages, {} recipients, {} transactions", store.nodeId(),
                    restarted ? "all it counted in the limit window (Redis restarted)" : "what it counted meanwhile",
                    messages, recipients, transactions.size());
        } catch (RuntimeException e) {
            // keep what was not merged for the next time Redis is back (after a restart: all of it, from own)
            synchronized (this) {
                (restarted ? Map.<Bucket, long[]>of() : counts).forEach((k, v) -> {
                    if (v[0] > 0 || v[1] > 0) {
                        long[] c = pending.computeIfAbsent(k, x -> new long[2]);
                        c[0] += v[0];
                        c[1] += v[1];
                    }
                });
                transactions.forEach((k, v) -> pendingTransactions.merge(k, v, Boolean::logicalOr));
            }
            throw e;
        }
    }

    /** Counts made on this node while Redis was away and not merged yet (account-bucket pairs). */
    synchronized int pendingBuckets() {
        return pending.size();
    }

    /** Messages and recipients of the account in the limit window as the cluster counted them; null if Redis is away. */
    TrafficCounters.Window window(Account a) {
        long now = clock.millis();
        Duration w = Duration.ofMillis(windowMillis);
        Long m = windows.total(messagesKey(a), now, w);
        Long r = m == null ? null : windows.total(recipientsKey(a), now, w);
        Long c = r == null ? null : windows.distinct(clientsKey(a), now, CLIENT_WINDOW);
        return c == null ? null : new TrafficCounters.Window(m, r, c);
    }

    @Override
    public RelayTraffic.Submissions since(Account a, Instant since) {
        List<Long> r = submissions.run(ScriptOutputType.MULTI, new String[]{store.key(watchedKey(a))},
                Long.toString(since.toEpochMilli()));
        if (r == null) {
            return null;
        }
        return r.get(0) == 0 ? RelayTraffic.Submissions.none()
                : new RelayTraffic.Submissions(r.get(0), Instant.ofEpochMilli(r.get(1)), Instant.ofEpochMilli(r.get(2)));
    }
}
