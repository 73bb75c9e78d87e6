package org.relaywarden.enforcement.policy;

import io.lettuce.core.ScriptOutputType;
import org.relaywarden.account.Account;
import org.relaywarden.cluster.redis.GroupCommit;
import org.relaywarden.cluster.redis.RedisWindows;
import org.relaywarden.cluster.redis.SharedStore;
import org.relaywarden.enforcement.RelayTraffic;
import org.relaywarden.enforcement.WatchedSubmissions;
import org.relaywarden.enforcement.limits.Limit;
import org.relaywarden.enforcement.risk.RiskWindows;
import org.relaywarden.enforcement.risk.SharedRiskWindows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
    public static final Duration TRANSACTION_TTL = Duration.ofMillis(2 * Transactions.GENERATION_MILLIS);
    static final Duration CLIENT_WINDOW = Duration.ofHours(1);
    /** At most this many submissions of one watched account are kept. */
    static final int MAX_WATCHED = 100_000;
    /** Counts made while Redis was away beyond this many (account, bucket) pairs are dropped, oldest first. */
    static final int MAX_PENDING = 200_000;
    /**
     * At most this many requests in one script call (a group commit): one node has at most as many requests waiting as
     * policy connections; the bound keeps one script call short (a few milliseconds of Redis' time at most).
     */
    static final int MAX_GROUP = 64;

    /** The result codes of the script. */
    enum Outcome { COUNTED, OVER_MESSAGE_LIMIT, OVER_RECIPIENT_LIMIT, OVER_LIMIT_EARLIER }

    /**
     * What the cluster made of one request: the outcome, whether it counted a new message, how many more recipients,
     * and the account's risk counts after the request's observation (null: none was asked for).
     */
    record Counted(Outcome outcome, boolean newMessage, int moreRecipients, RiskWindows.Counts risk) {
    }

    /**
     * One request, {@code count_one(k, a)} (its keys from {@code KEYS[k]}, its arguments from {@code ARGV[a]}): the volume
     * count ({@code count_request}, keys 1-5, arguments 1-15) and, when argument 16 is 1, the risk's observation in the
     * same script ({@link SharedRiskWindows#LIBRARY}, keys from 6, arguments from 17). The requests that arrive while
     * one group is at Redis go together in the next script call ({@link GroupCommit}), each decided in turn on the
     * counts the requests before it left. The account's
     * messages and recipients are the counters {@code m} and {@code r} of one ring in one hash (one {@code HMGET}, one
     * {@code HSET}); a transaction's recipients are fields {@code +<recipient>} of its hash, read with its state.
     */
    private static final String COUNT = RedisWindows.LIBRARY + SharedRiskWindows.LIBRARY + """
            local VOLUME = {'m', 'r'}
            local function count_request(k, a)
            local now = tonumber(ARGV[a])
            local window = tonumber(ARGV[a + 1])
            local txttl = tonumber(ARGV[a + 2])
            local maxm = tonumber(ARGV[a + 3])
            local maxr = tonumber(ARGV[a + 4])
            local isrcpt = ARGV[a + 5] == '1'
            local fresh = redis.call('SETNX', KEYS[k + 4], '1')
            local hastx = ARGV[a + 13] == '1'
            local seen, over, recips, known = 0, 0, 0, false
            if hastx then
              local h = redis.call('HMGET', KEYS[k], 's', 'o', 'r', '+' .. ARGV[a + 6])
              seen = tonumber(h[1]) or 0
              over = tonumber(h[2]) or 0
              recips = tonumber(h[3]) or 0
              known = h[4] ~= false
            end
            if over == 1 then
              return {3, 0, 0, fresh}
            end
            local v = nil
            local new = 0
            local txset = {}
            if seen == 0 then
              v = window_open(KEYS[k + 1], now, window, VOLUME)
              if maxm >= 0 and ring_sum(v, 'm') + 1 > maxm then
                ring_close(v)
                if hastx then
                  redis.call('HSET', KEYS[k], 's', 1, 'o', 1)
                  redis.call('PEXPIRE', KEYS[k], txttl)
                end
                return {1, 0, 0, fresh}
              end
              ring_add(v, 'm', now, 1)
              new = 1
              if ARGV[a + 8] ~= '' then
                member_note(KEYS[k + 2], ARGV[a + 8], now, tonumber(ARGV[a + 11]))
              end
              if ARGV[a + 9] == '1' then
                member_note(KEYS[k + 3], ARGV[a + 10], now, tonumber(ARGV[a + 12]))
                redis.call('ZREMRANGEBYRANK', KEYS[k + 3], 0, -tonumber(ARGV[a + 14]) - 1)
              end
              txset = {'s', 1}
            end
            local more = 0
            if isrcpt then
              if hastx then
                if not known then
                  more = 1
                  txset[#txset + 1] = '+' .. ARGV[a + 6]
                  txset[#txset + 1] = 1
                end
              else
                more = 1
              end
            else
              more = math.max(0, tonumber(ARGV[a + 7]) - recips)
            end
            local out = {0, new, more, fresh}
            if more > 0 then
              v = v or window_open(KEYS[k + 1], now, window, VOLUME)
              if maxr >= 0 and ring_sum(v, 'r') + more > maxr then
                if hastx and not isrcpt then
                  txset[#txset + 1] = 'o'
                  txset[#txset + 1] = 1
                end
                out = {2, new, 0, fresh}
              else
                ring_add(v, 'r', now, more)
                if hastx then
                  txset[#txset + 1] = 'r'
                  txset[#txset + 1] = recips + more
                end
              end
            end
            if v then
              ring_close(v)
            end
            if hastx and #txset > 0 then
              redis.call('HSET', KEYS[k], unpack(txset))
              if new == 1 then
                redis.call('PEXPIRE', KEYS[k], txttl)
              end
            end
            return out
            end
            local function count_one(k, a)
              local out = count_request(k, a)
              if ARGV[a + 15] == '1' then
                out[5] = risk_observe(k + 5, a + 16)
              end
              return out
            end
            """;

    /**
     * Takes back what one request counted (the risk refused it after the count: the account is suspended): its message
     * and recipients leave the windows, and the transaction stays refused on every node.
     */
    private static final String UNCOUNT = RedisWindows.LIBRARY + """
            local at = tonumber(ARGV[1])
            local window = tonumber(ARGV[4])
            local v = window_open(KEYS[2], at, window, {'m', 'r'})
            ring_add(v, 'm', at, -tonumber(ARGV[2]))
            ring_add(v, 'r', at, -tonumber(ARGV[3]))
            ring_close(v)
            if ARGV[6] == '1' then
              redis.call('HINCRBY', KEYS[1], 'r', -tonumber(ARGV[3]))
              redis.call('HSET', KEYS[1], 'o', 1)
              redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[5]))
            end
            return 1
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

    /**
     * Adds one transaction counted on this node while Redis was away or too slow, unless Redis has it already (a
     * command that timed out may still have run, and another node may have counted the message).
     */
    private static final String MERGE = RedisWindows.LIBRARY + """
            local at = tonumber(ARGV[1])
            local window = tonumber(ARGV[5])
            local h = redis.call('HMGET', KEYS[1], 's', 'r')
            local seen = tonumber(h[1]) or 0
            local counted = tonumber(h[2]) or 0
            local m = 0
            local v = window_open(KEYS[2], at, window, {'m', 'r'})
            if tonumber(ARGV[2]) > 0 and seen == 0 then
              ring_add(v, 'm', at, 1)
              m = 1
            end
            local r = math.max(0, tonumber(ARGV[3]) - counted)
            if r > 0 then
              ring_add(v, 'r', at, r)
              redis.call('HSET', KEYS[1], 'r', tonumber(ARGV[3]))
            end
            ring_close(v)
            redis.call('HSET', KEYS[1], 's', 1)
            if ARGV[4] == '1' then
              redis.call('HSET', KEYS[1], 'o', 1)
            end
            redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[6]))
            return {m, r}
            """;

    /** Adds back messages and recipients at a past moment (after Redis lost its keys); the window's totals at ARGV[4]. */
    private static final String VOLUME = RedisWindows.LIBRARY + """
            local window = tonumber(ARGV[1])
            local now = tonumber(ARGV[4])
            if tonumber(ARGV[2]) ~= 0 or tonumber(ARGV[3]) ~= 0 then
              local at = tonumber(ARGV[5])
              local v = window_open(KEYS[1], at, window, {'m', 'r'})
              ring_add(v, 'm', at, tonumber(ARGV[2]))
              ring_add(v, 'r', at, tonumber(ARGV[3]))
              ring_close(v)
            end
            local v = window_open(KEYS[1], now, window, {'m', 'r'})
            ring_close(v)
            return {ring_sum(v, 'm'), ring_sum(v, 'r')}
            """;

    private final SharedStore store;
    private final Clock clock;
    private final long windowMillis;
    /** The requests' counts, a group per script call. */
    private final GroupCommit count;
    private final SharedStore.Script submissions;
    private final SharedStore.Script merge;
    private final SharedStore.Script uncount;
    private final SharedStore.Script volume;
    private final RedisWindows windows;
    /** The risk's windows in the same Redis (null: the risk is not weighed here, or not in Redis). */
    private final SharedRiskWindows risk;
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

    /** A transaction counted on this node while Redis was away: when, whether its message, its recipients so far. */
    private static final class Local {
        final Account account;
        final String instance;
        final long at;
        int messages;
        int recipients;
        boolean overLimit;

        Local(Account account, String instance, long at) {
            this.account = account;
            this.instance = instance;
            this.at = at;
        }
    }

    /** Counted on this node while Redis was away, per transaction (account and instance), oldest first. */
    private final Map<String, Local> pending = new LinkedHashMap<>();
    /** Everything this node counted in the limit window, either way: added back if Redis restarted empty. */
    private final Map<Bucket, long[]> own = new ConcurrentHashMap<>();
    private final AtomicLong ownWrites = new AtomicLong();
    private final List<String[]> pendingWatched = new ArrayList<>();

    public SharedCounts(SharedStore store, Clock clock, Duration limitWindow) {
        this(store, clock, limitWindow, null);
    }

    /** @param risk the risk's windows in the same Redis: a request's observation goes with its count, one round trip */
    public SharedCounts(SharedStore store, Clock clock, Duration limitWindow, SharedRiskWindows risk) {
        this.store = store;
        this.risk = risk;
        this.uncount = store.script(UNCOUNT);
        this.clock = clock;
        this.windowMillis = limitWindow.toMillis();
        this.count = new GroupCommit(COUNT, "count_one", MAX_GROUP);
        this.submissions = store.script(SUBMISSIONS);
        this.merge = store.script(MERGE);
        this.volume = store.script(VOLUME);
        this.windows = new RedisWindows(store);
        this.marker = store.key("node:" + store.nodeId());
        store.whenBack(this::merge);
    }

    boolean available() {
        return store.available();
    }

    /** The risk's windows counted with each request (null: none). */
    public SharedRiskWindows risk() {
        return risk;
    }

    private static String account(Account a) {
        // a hash tag: every key of one account in one slot (one script may touch them all, also on a Redis Cluster)
        return "{" + a.login() + "}";
    }

    /**
     * The account's messages and recipients in the limit window: counters {@code m} and {@code r} of one ring. (Before
     * session 12's second round two hashes, {@code :msg} and {@code :rcp}, and before session 11 {@code :m} and
     * {@code :r}: no longer read, left to expire within the window.)
     */
    static String volumeKey(Account a) {
        return account(a) + ":v";
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
     * ({@code limit} null: none), and with it the risk's {@code observation} (null: none); one round trip. Null when
     * Redis is away (the decider counts on this node).
     */
    Counted count(Account a, String instance, boolean rcpt, String recipient, int recipientCount, String client, Limit limit,
                  boolean watched, RiskWindows.Observation observation) {
        long now = clock.millis();
        boolean tx = !instance.isEmpty();
        String id = tx ? instance : store.nodeId() + "-" + nextSeq();
        boolean weigh = observation != null && risk != null;
        String txKey = store.key(transactionKey(a, id));
        String[] keys = {txKey, store.key(volumeKey(a)), store.key(clientsKey(a)),
                store.key(watchedKey(a)), marker};
        List<String> args = new ArrayList<>(List.of(Long.toString(now), Long.toString(windowMillis),
                Long.toString(TRANSACTION_TTL.toMillis()),
                Long.toString(limit == null || limit.messages() == Long.MAX_VALUE ? -1 : limit.messages()),
                Long.toString(limit == null || limit.recipients() == Long.MAX_VALUE ? -1 : limit.recipients()),
                rcpt ? "1" : "0", rcpt ? recipient.toLowerCase(Locale.ROOT) : "", Integer.toString(recipientCount),
                client.length() <= 64 ? client : client.substring(0, 64), watched ? "1" : "0",
                store.nodeId() + ":" + id, Long.toString(CLIENT_WINDOW.toMillis()), Long.toString(TrafficCounters.RETENTION.toMillis()),
                tx ? "1" : "0", Integer.toString(MAX_WATCHED), weigh ? "1" : "0"));
        if (weigh) {
            String[] riskKeys = risk.keys(a, id);
            riskKeys[0] = txKey;
            String[] all = Arrays.copyOf(keys, keys.length + riskKeys.length);
            System.arraycopy(riskKeys, 0, all, keys.length, riskKeys.length);
            keys = all;
            args.addAll(risk.args(now, tx ? observation : withoutTransaction(observation)));
        }
        String[] k = keys;
        String[] v = args.toArray(String[]::new);
        List<?> r = (List<?>) store.call(c -> count.submit(c, k, v));
        if (r == null) {
            return null;
        }
        Counted c = new Counted(Outcome.values()[num(r, 0)], num(r, 1) == 1, num(r, 2),
                weigh ? risk.counted(a, now, observation, (List<?>) r.get(4)) : null);
        if (num(r, 3) == 1) {
            // this node's marker was gone: Redis lost its keys (a restart without persistence): add back what this node
            // counted before this request (taken now, before this request is kept in own)
            Map<Bucket, long[]> before = ownSnapshot();
            restorer.execute(() -> addBack(before));
        }
        if (c.newMessage() || c.moreRecipients() > 0) {
            own(a, now, c.newMessage() ? 1 : 0, c.moreRecipients());
        }
        return c;
    }

    private static int num(List<?> r, int i) {
        return ((Number) r.get(i)).intValue();
    }

    private static RiskWindows.Observation withoutTransaction(RiskWindows.Observation o) {
        return new RiskWindows.Observation(o.messages(), o.foreignSender(), o.unknownDomains(), o.unknownNetwork(),
                o.adoptFirstNetwork(), o.inBurstWindow(), "");
    }

    /**
     * Takes back what {@link #count} counted for a request the risk then refused (the account's suspension): the
     * transaction stays refused on every node. Best effort: if Redis fails now, the message stays counted (stricter).
     */
    void uncount(Account a, String instance, Counted c) {
        int messages = c.newMessage() ? 1 : 0;
        if (messages == 0 && c.moreRecipients() == 0) {
            return;
        }
        long now = clock.millis();
        boolean tx = !instance.isEmpty();
        String txKey = store.key(transactionKey(a, tx ? instance : "none"));
        if (uncount.run(ScriptOutputType.INTEGER, new String[]{txKey, store.key(volumeKey(a))},
                Long.toString(now), Integer.toString(messages), Integer.toString(c.moreRecipients()), Long.toString(windowMillis),
                Long.toString(TRANSACTION_TTL.toMillis()), tx ? "1" : "0") != null) {
            own(a, now, -messages, -c.moreRecipients());
        }
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
     * What the decider counted on this node while Redis was away or too slow (merged when it is back):
     * {@code messages} 0 or 1, {@code recipients} counted now, {@code recipientsSoFar} of the transaction on this
     * node, {@code overLimit} the transaction was refused.
     */
    synchronized void countedLocally(Account a, String instance, int messages, int recipients, int recipientsSoFar,
                                     boolean overLimit, boolean watched) {
        long at = clock.millis();
        if (messages > 0 || recipients > 0) {
            own(a, at, messages, recipients);
        }
        if (messages == 0 && recipients == 0 && !overLimit) {
            return;
        }
        String id = instance.isEmpty() ? store.nodeId() + "-local-" + nextSeq() : instance;
        Local l = pending.computeIfAbsent(a.login() + "\n" + id, k -> new Local(a, id, at));
        l.messages += messages;
        l.recipients = Math.max(l.recipients, recipientsSoFar);
        l.overLimit |= overLimit;
        if (pending.size() > MAX_PENDING) {
            var it = pending.keySet().iterator();
            it.next();
            it.remove();
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
        Boolean lost = store.call(c -> c.setnx(marker, "1"));
        if (lost == null) {
            throw new IllegalStateException("Redis went away again");
        }
        if (lost) {
            addBack(ownSnapshot());
        } else {
            addPending();
        }
    }

    private Map<Bucket, long[]> ownSnapshot() {
        Map<Bucket, long[]> copy = new HashMap<>();
        own.forEach((k, v) -> copy.put(k, new long[]{v[0], v[1]}));
        return copy;
    }

    /** Redis lost its keys: adds back what this node counted in the limit window (the snapshot), and drops what is pending. */
    void addBack(Map<Bucket, long[]> snapshot) {
        synchronized (adding) {
            synchronized (this) {
                pending.clear();
            }
            addNow(true, snapshot);
        }
    }

    /** Adds to the shared windows what this node counted while Redis was away. */
    void addPending() {
        // one merge at a time; request threads never wait for it (they take this object's lock only briefly)
        synchronized (adding) {
            addNow(false, Map.of());
        }
    }

    private void addNow(boolean restarted, Map<Bucket, long[]> snapshot) {
        List<Local> transactions;
        List<String[]> watched;
        synchronized (this) {
            transactions = new ArrayList<>(pending.values());
            watched = new ArrayList<>(pendingWatched);
            pending.clear();
            pendingWatched.clear();
        }
        long messages = 0, recipients = 0;
        int done = 0;
        try {
            if (restarted) {
                // every key is gone: all this node counted in the limit window goes back, per bucket
                long horizon = clock.millis() - windowMillis;
                for (Map.Entry<Bucket, long[]> e : snapshot.entrySet()) {
                    if (e.getKey().at() < horizon) {
                        continue;
                    }
                    Account a = e.getKey().account();
                    long m = e.getValue()[0], r = e.getValue()[1];
                    if (volume(a, m, r, e.getKey().at()) == null) {
                        throw new IllegalStateException("Redis went away again while adding back");
                    }
                    messages += m;
                    recipients += r;
                }
                done = transactions.size();
            } else {
                for (Local l : transactions) {
                    List<Long> r = merge.run(ScriptOutputType.MULTI, new String[]{store.key(transactionKey(l.account, l.instance)),
                                    store.key(volumeKey(l.account))},
                            Long.toString(l.at), Integer.toString(l.messages), Integer.toString(l.recipients), l.overLimit ? "1" : "0",
                            Long.toString(windowMillis), Long.toString(TRANSACTION_TTL.toMillis()));
                    if (r == null) {
                        throw new IllegalStateException("Redis went away again while merging");
                    }
                    messages += r.get(0);
                    recipients += r.get(1);
                    done++;
                }
            }
            for (String[] w : watched) {
                windows.addMember(watchedKey(Account.parse(w[0])), w[2], Long.parseLong(w[1]), clock.millis(), TrafficCounters.RETENTION);
            }
            if (messages > 0 || recipients > 0 || !transactions.isEmpty()) {
                log.info("node {}: merged into Redis {}: {} messages, {} recipients", store.nodeId(),
                        restarted ? "all it counted in the limit window (Redis had lost its keys)"
                                : "what it counted meanwhile (" + transactions.size() + " transactions)", messages, recipients);
            }
        } catch (RuntimeException e) {
            // keep what was not merged for the next time Redis is back (after a restart: all of it comes from own again)
            synchronized (this) {
                for (Local l : transactions.subList(done, transactions.size())) {
                    pending.putIfAbsent(l.account.login() + "\n" + l.instance, l);
                }
            }
            throw e;
        }
    }

    /** Transactions counted on this node while Redis was away and not merged yet. */
    synchronized int pendingTransactions() {
        return pending.size();
    }

    /** Adds {@code m} messages and {@code r} recipients at {@code at}; the account's totals in the window now, null if away. */
    private List<Long> volume(Account a, long m, long r, long at) {
        return volume.run(ScriptOutputType.MULTI, new String[]{store.key(volumeKey(a))}, Long.toString(windowMillis),
                Long.toString(m), Long.toString(r), Long.toString(clock.millis()), Long.toString(at));
    }

    /**
     * Messages and recipients of the account in the limit window and its distinct client addresses in the last hour,
     * as the cluster counted them; null if Redis is away.
     */
    public TrafficCounters.Window window(Account a) {
        long now = clock.millis();
        List<Long> v = volume(a, 0, 0, now);
        Long c = v == null ? null : windows.distinct(clientsKey(a), now, CLIENT_WINDOW);
        return c == null ? null : new TrafficCounters.Window(v.get(0), v.get(1), c);
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
