package org.relaywarden.enforcement.risk;

import io.lettuce.core.ScriptOutputType;
import org.relaywarden.account.Account;
import org.relaywarden.cluster.redis.RedisWindows;
import org.relaywarden.cluster.redis.SharedStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * {@link RiskWindows} in the cluster's Redis ({@link SharedStore}): every node of a cluster counts one account's
 * risk in the same windows, so a flood spread over the nodes by the balancer is weighed as a whole. The same
 * windows as {@link InMemoryRiskWindows} (the same buckets, the same "first seen" sets and samples), as one
 * server-side script per request ({@link #LIBRARY}: the policy core's volume script runs it in its own round trip,
 * {@code SharedCounts}; {@link #observe} runs it alone). Every key expires by itself (at most an hour and two minutes after the
 * account's last request, as the in-memory windows forget an idle account). A transaction's message, sender and
 * client network count once (field {@code k} of the transaction's hash, which the volume count shares).
 * <p>
 * This node's own windows ({@link InMemoryRiskWindows}) are fed as well, on every request: while Redis is away or
 * slow (the breaker of the volume counts) the node weighs with them, what it saw itself before and during the
 * outage; what it observes meanwhile is replayed into Redis when it is back (docs/cluster.md says what is lost).
 * <p>
 * The receiving servers' answers ({@link #answered}) are in the 10-minute ring too: every node reads the relays' logs
 * into its own windows, and one node (the lease holder) adds them to Redis, so they count once for the cluster.
 */
public class SharedRiskWindows implements RiskWindows {

    private static final Logger log = LoggerFactory.getLogger(SharedRiskWindows.class);
    /** Keys of one account's windows, in the order {@link #keys} gives them. */
    static final int KEYS = 11;
    /** Observations made while Redis was away beyond this many are dropped, oldest first. */
    static final int MAX_PENDING = 100_000;
    /** An account's keys outlive its last request by at most this much (the longest window and two buckets). */
    static final long TTL = InMemoryRiskWindows.HOUR + 120_000;

    /**
     * {@code risk_observe(kb, ab)}: the keys from {@code KEYS[kb]} (transaction, four rings, three sets, three
     * lists), the arguments from {@code ARGV[ab]} (now, has transaction, transaction ttl, messages, foreign sender,
     * unknown network, adopt, burst, number of domains, domains...); returns the counts of {@link Counts}, in its
     * order, the three name lists nested.
     * <p>
     * Its windows are {@link RedisWindows#LIBRARY}'s rings (which must come before it in a script): each request
     * retires the buckets that left a window (each bucket once), so a total costs one field read.
     */
    public static final String LIBRARY = """
            local TEN_MINUTES = {'m', 'f', 'g', 'ax', 'dx', 'rx'}
            local function risk_answered(key, now, a, d, r)
              local t = ring_open(key, now, 10000, 60, TEN_MINUTES)
              ring_add(t, 'ax', now, a + d + r)
              ring_add(t, 'dx', now, d)
              ring_add(t, 'rx', now, r)
              ring_close(t)
              return 1
            end
            local function remember(key, names, ttl)
              if #names > 0 then
                redis.call('RPUSH', key, unpack(names))
                redis.call('LTRIM', key, -6, -1)
                redis.call('PEXPIRE', key, ttl)
              end
            end
            local function risk_observe(kb, ab)
              local tx, ra, rb, rt, rh = KEYS[kb], KEYS[kb + 1], KEYS[kb + 2], KEYS[kb + 3], KEYS[kb + 4]
              local sd, sf, sn, ld, lf, ln = KEYS[kb + 5], KEYS[kb + 6], KEYS[kb + 7], KEYS[kb + 8], KEYS[kb + 9], KEYS[kb + 10]
              local now = tonumber(ARGV[ab])
              local messages = tonumber(ARGV[ab + 3])
              local foreign = ARGV[ab + 4]
              local net = ARGV[ab + 5]
              local ttl = 3720000
              local maxnames = 20000
              if ARGV[ab + 1] == '1' and (messages > 0 or foreign ~= '' or net ~= '') then
                if redis.call('HSETNX', tx, 'k', 1) == 0 then
                  messages, foreign, net = 0, '', ''
                end
                redis.call('PEXPIRE', tx, tonumber(ARGV[ab + 2]))
              end
              local a = ring_open(ra, now, 1000, 60, {'m', 'd'}, 'm')
              local b = ring_open(rb, now, 1000, 10, {'b'})
              local t = ring_open(rt, now, 10000, 60, TEN_MINUTES)
              local h = ring_open(rh, now, 60000, 60, {'m', 'd', 'n'})
              if messages > 0 then
                ring_add(a, 'm', now, messages)
                ring_add(t, 'm', now, messages)
                ring_add(h, 'm', now, messages)
                if foreign ~= '' then
                  ring_add(t, 'f', now, messages)
                end
              end
              if foreign ~= '' then
                local seen = tonumber(redis.call('ZSCORE', sf, foreign))
                if seen == nil or now - seen >= 600000 then
                  if seen ~= nil or redis.call('ZCARD', sf) < maxnames then
                    redis.call('ZADD', sf, now, foreign)
                    redis.call('PEXPIRE', sf, ttl)
                  end
                  ring_add(t, 'g', now, 1)
                  redis.call('LREM', lf, 0, foreign)
                  remember(lf, {foreign}, ttl)
                end
              end
              local nd = tonumber(ARGV[ab + 8])
              local fresh = {}
              local card = nil
              for i = 1, nd do
                local d = ARGV[ab + 8 + i]
                if not redis.call('ZSCORE', sd, d) then
                  card = card or redis.call('ZCARD', sd)
                  if card < maxnames then
                    card = card + redis.call('ZADD', sd, 'NX', now, d)
                  end
                  ring_add(a, 'd', now, 1)
                  if ARGV[ab + 7] == '1' then
                    ring_add(b, 'b', now, 1)
                  end
                  ring_add(h, 'd', now, 1)
                  fresh[#fresh + 1] = d
                end
              end
              remember(ld, fresh, ttl)
              if #fresh > 0 then
                redis.call('PEXPIRE', sd, ttl)
              end
              if net ~= '' and not redis.call('ZSCORE', sn, net) then
                local n = redis.call('ZCARD', sn)
                local adopted = ARGV[ab + 6] == '1' and n == 0
                if n < maxnames then
                  redis.call('ZADD', sn, now, net)
                  redis.call('PEXPIRE', sn, ttl)
                end
                if not adopted then
                  ring_add(h, 'n', now, 1)
                  remember(ln, {net}, ttl)
                end
              end
              ring_close(a)
              ring_close(b)
              ring_close(t)
              if ring_close(h) then
                -- the account's first request of this minute (the hour ring's new bucket): its sets live on an hour and
                -- two minutes from now (each set gets its time to live also when a member is added)
                for _, k in ipairs({sd, sf, sn}) do
                  redis.call('PEXPIRE', k, ttl)
                end
              end
              local m1 = ring_sum(a, 'm')
              local span = 0
              if m1 > 0 then
                local first = ring_oldest(a)
                if first then
                  span = now - first * 1000
                end
              end
              local fnames = {}
              local lfn = redis.call('LRANGE', lf, 0, -1)
              if #lfn > 0 then
                local at = redis.call('ZMSCORE', sf, unpack(lfn))
                for i, f in ipairs(lfn) do
                  local x = tonumber(at[i])
                  if x and now - x < 600000 then
                    table.insert(fnames, f)
                  end
                end
              end
              return {m1, span, ring_sum(h, 'm'), ring_sum(t, 'm'), ring_sum(t, 'f'), fnames, ring_sum(t, 'g'),
                      ring_sum(b, 'b'), ring_sum(a, 'd'), ring_sum(h, 'd'), redis.call('LRANGE', ld, 0, -1),
                      ring_sum(h, 'n'), redis.call('LRANGE', ln, 0, -1), ring_sum(t, 'ax'), ring_sum(t, 'dx'), ring_sum(t, 'rx')}
            end
            """;

    private final SharedStore store;
    private final InMemoryRiskWindows local;
    private final SharedStore.Script observe;
    private final SharedStore.Script answer;
    private final long transactionTtl;
    /** Whether this node shares the receiving servers' answers it reads (one node of a cluster does: every node reads the same logs). */
    private final BooleanSupplier sharesAnswers;

    private record Answer(Account account, long at, int accepted, int deferred, int refused) {
    }

    /** Answers read while Redis was away (by the node that shares them), oldest first: replayed when it is back. */
    private final Deque<Answer> missedAnswers = new ArrayDeque<>();

    private record Missed(Account account, long at, Observation observation) {
    }

    /** Observed on this node while Redis was away, oldest first: replayed when it is back. */
    private final Deque<Missed> missed = new ArrayDeque<>();

    /**
     * @param local          this node's own windows (fed on every request; weighed with while Redis is away)
     * @param transactionTtl how long a transaction's hash lives (the volume count's)
     */
    public SharedRiskWindows(SharedStore store, InMemoryRiskWindows local, long transactionTtl) {
        this(store, local, transactionTtl, () -> true);
    }

    /**
     * @param sharesAnswers whether this node adds the receiving servers' answers it reads to the shared windows (the
     *                      lease holder: every node reads the same relays' logs, so one adds them; the others keep
     *                      them in their own windows for when Redis is away)
     */
    public SharedRiskWindows(SharedStore store, InMemoryRiskWindows local, long transactionTtl, BooleanSupplier sharesAnswers) {
        this.store = store;
        this.local = local;
        this.transactionTtl = transactionTtl;
        this.sharesAnswers = sharesAnswers;
        this.observe = store.script(RedisWindows.LIBRARY + LIBRARY + "return risk_observe(1, 1)\n");
        this.answer = store.script(RedisWindows.LIBRARY + LIBRARY
                + "return risk_answered(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]))\n");
        store.whenBack(this::replay);
    }

    private static String account(Account a) {
        // the volume counts' hash tag: one account's keys in one slot
        return "{" + a.login() + "}";
    }

    /** The account's keys, {@link #KEYS} of them, the transaction's hash first (the volume count's own). */
    public String[] keys(Account a, String transaction) {
        String p = store.key(account(a));
        String tx = transaction.isEmpty() ? p + ":k:notx" : p + ":tx:" + transaction;
        return new String[]{tx, p + ":k:a", p + ":k:b", p + ":k:t", p + ":k:h", p + ":k:sd", p + ":k:sf", p + ":k:sn",
                p + ":k:ld", p + ":k:lf", p + ":k:ln"};
    }

    /** The script's arguments for one observation at {@code now}. */
    public List<String> args(long now, Observation o) {
        List<String> a = new ArrayList<>(9 + o.unknownDomains().size());
        a.add(Long.toString(now));
        a.add(o.transaction().isEmpty() ? "0" : "1");
        a.add(Long.toString(transactionTtl));
        a.add(Integer.toString(o.messages()));
        a.add(o.foreignSender() == null ? "" : o.foreignSender());
        a.add(o.unknownNetwork() == null ? "" : o.unknownNetwork());
        a.add(o.adoptFirstNetwork() ? "1" : "0");
        a.add(o.inBurstWindow() ? "1" : "0");
        a.add(Integer.toString(o.unknownDomains().size()));
        a.addAll(o.unknownDomains());
        return a;
    }

    /**
     * The counts the script answered for an observation ({@code reply}: its table); this node's own windows hear
     * the observation too.
     */
    public Counts counted(Account a, long now, Observation o, List<?> reply) {
        local.observe(a, now, o);
        return parse(reply);
    }

    @SuppressWarnings("unchecked")
    static Counts parse(List<?> r) {
        List<String> foreign = new ArrayList<>((List<String>) r.get(5));
        foreign.sort(null);
        return new Counts(num(r, 0), num(r, 1), num(r, 2), num(r, 3), num(r, 4), List.copyOf(foreign), num(r, 6), num(r, 7),
                num(r, 8), num(r, 9), List.copyOf((List<String>) r.get(10)), num(r, 11), List.copyOf((List<String>) r.get(12)),
                num(r, 13), num(r, 14), num(r, 15));
    }

    private static long num(List<?> r, int i) {
        return ((Number) r.get(i)).longValue();
    }

    /** Redis answers: the cluster's counts; away or too slow: this node's own (and the observation kept for Redis). */
    @Override
    public Counts observe(Account account, long now, Observation o) {
        if (store.available()) {
            List<String> args = args(now, o);
            List<Object> r = observe.run(ScriptOutputType.MULTI, keys(account, o.transaction()), args.toArray(String[]::new));
            if (r != null) {
                return counted(account, now, o, r);
            }
        }
        return observedLocally(account, now, o);
    }

    /** Redis away: weighed with this node's windows; the observation is replayed into Redis when it is back. */
    public Counts observedLocally(Account account, long now, Observation o) {
        synchronized (missed) {
            missed.addLast(new Missed(account, now, o));
            if (missed.size() > MAX_PENDING) {
                missed.removeFirst();
            }
        }
        return local.observe(account, now, o);
    }

    /**
     * The receiving servers' answers for the account's recipients (off the request path): this node's own windows
     * hear them; the node that shares them ({@code sharesAnswers}) adds them to the cluster's 10-minute window in Redis
     * (one small script), or keeps them for Redis while it is away.
     */
    @Override
    public void answered(Account account, long nowMillis, int accepted, int deferred, int refused) {
        local.answered(account, nowMillis, accepted, deferred, refused);
        if (!sharesAnswers.getAsBoolean()) {
            return;
        }
        Answer a = new Answer(account, nowMillis, accepted, deferred, refused);
        if (!store.available() || !sendAnswer(a)) {
            synchronized (missedAnswers) {
                missedAnswers.addLast(a);
                if (missedAnswers.size() > MAX_PENDING) {
                    missedAnswers.removeFirst();
                }
            }
        }
    }

    private boolean sendAnswer(Answer a) {
        return answer.run(ScriptOutputType.INTEGER, new String[]{keys(a.account(), "")[3]}, Long.toString(a.at()),
                Integer.toString(a.accepted()), Integer.toString(a.deferred()), Integer.toString(a.refused())) != null;
    }

    /** Observations made while Redis was away and not replayed yet. */
    int missedObservations() {
        synchronized (missed) {
            return missed.size();
        }
    }

    /**
     * Redis is back (the probe's thread): replays what this node observed meanwhile, each at its moment (what left a
     * window meanwhile lands nowhere). A transaction whose first request Redis counted before it went away is not
     * counted again; an observation whose command timed out but ran is counted twice (stricter, not looser).
     */
    void replay() {
        List<Answer> answers;
        synchronized (missedAnswers) {
            answers = new ArrayList<>(missedAnswers);
            missedAnswers.clear();
        }
        for (int i = 0; i < answers.size(); i++) {
            if (!sendAnswer(answers.get(i))) {
                synchronized (missedAnswers) {
                    List<Answer> rest = answers.subList(i, answers.size());
                    for (int j = rest.size() - 1; j >= 0; j--) {
                        missedAnswers.addFirst(rest.get(j));
                    }
                }
                throw new IllegalStateException("Redis went away again while replaying the receiving servers' answers");
            }
        }
        List<Missed> batch;
        synchronized (missed) {
            batch = new ArrayList<>(missed);
            missed.clear();
        }
        int done = 0;
        try {
            for (Missed m : batch) {
                List<String> args = args(m.at(), m.observation());
                if (observe.run(ScriptOutputType.MULTI, keys(m.account(), m.observation().transaction()),
                        args.toArray(String[]::new)) == null) {
                    throw new IllegalStateException("Redis went away again while replaying the risk's observations");
                }
                done++;
            }
            if (done > 0) {
                log.info("node {}: replayed into Redis the {} risk observations it made while Redis was away", store.nodeId(), done);
            }
        } finally {
            if (done < batch.size()) {
                synchronized (missed) {
                    List<Missed> rest = batch.subList(done, batch.size());
                    for (int i = rest.size() - 1; i >= 0; i--) {
                        missed.addFirst(rest.get(i));
                    }
                }
            }
        }
    }

    /** Forgets the account's windows, in Redis (every node's) and in this node's memory. */
    @Override
    public void forget(Account account) {
        local.forget(account);
        String[] k = keys(account, "");
        store.call(c -> c.del(Arrays.copyOfRange(k, 1, k.length)));
    }

    /** Redis' keys expire by themselves; this node's own windows are swept. */
    @Override
    public void sweep(long nowMillis) {
        local.sweep(nowMillis);
    }
}
