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
            local function remember(key, name, ttl)
              redis.call('RPUSH', key, name)
              redis.call('LTRIM', key, -6, -1)
              redis.call('PEXPIRE', key, ttl)
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
              local pa = ring_roll(ra, now, 1000, 60, {'m', 'd'})
              local pb = ring_roll(rb, now, 1000, 10, {'b'})
              local pt = ring_roll(rt, now, 10000, 60, {'m', 'f', 'g'})
              local ph = ring_roll(rh, now, 60000, 60, {'m', 'd', 'n'})
              if messages > 0 then
                ring_add(ra, 'm', now, 1000, 60, pa, messages)
                ring_add(rt, 'm', now, 10000, 60, pt, messages)
                ring_add(rh, 'm', now, 60000, 60, ph, messages)
                if foreign ~= '' then
                  ring_add(rt, 'f', now, 10000, 60, pt, messages)
                end
              end
              if foreign ~= '' then
                local seen = tonumber(redis.call('ZSCORE', sf, foreign))
                if seen == nil or now - seen >= 600000 then
                  if seen ~= nil or redis.call('ZCARD', sf) < maxnames then
                    redis.call('ZADD', sf, now, foreign)
                  end
                  ring_add(rt, 'g', now, 10000, 60, pt, 1)
                  redis.call('LREM', lf, 0, foreign)
                  remember(lf, foreign, ttl)
                end
              end
              local nd = tonumber(ARGV[ab + 8])
              for i = 1, nd do
                local d = ARGV[ab + 8 + i]
                if not redis.call('ZSCORE', sd, d) then
                  if redis.call('ZCARD', sd) < maxnames then
                    redis.call('ZADD', sd, now, d)
                  end
                  ring_add(ra, 'd', now, 1000, 60, pa, 1)
                  if ARGV[ab + 7] == '1' then
                    ring_add(rb, 'b', now, 1000, 10, pb, 1)
                  end
                  ring_add(rh, 'd', now, 60000, 60, ph, 1)
                  remember(ld, d, ttl)
                end
              end
              if net ~= '' and not redis.call('ZSCORE', sn, net) then
                local adopted = ARGV[ab + 6] == '1' and redis.call('ZCARD', sn) == 0
                if redis.call('ZCARD', sn) < maxnames then
                  redis.call('ZADD', sn, now, net)
                end
                if not adopted then
                  ring_add(rh, 'n', now, 60000, 60, ph, 1)
                  remember(ln, net, ttl)
                end
              end
              for _, k in ipairs({sd, sf, sn}) do
                redis.call('PEXPIRE', k, ttl)
              end
              local m1 = ring_sum(ra, 'm')
              local span = 0
              if m1 > 0 then
                local cur = math.floor(now / 1000)
                for b = pa, cur do
                  if redis.call('HEXISTS', ra, 'm:' .. b) == 1 then
                    span = now - b * 1000
                    break
                  end
                end
              end
              local fnames = {}
              for _, f in ipairs(redis.call('LRANGE', lf, 0, -1)) do
                local at = tonumber(redis.call('ZSCORE', sf, f))
                if at and now - at < 600000 then
                  table.insert(fnames, f)
                end
              end
              return {m1, span, ring_sum(rh, 'm'), ring_sum(rt, 'm'), ring_sum(rt, 'f'), fnames, ring_sum(rt, 'g'),
                      ring_sum(rb, 'b'), ring_sum(ra, 'd'), ring_sum(rh, 'd'), redis.call('LRANGE', ld, 0, -1),
                      ring_sum(rh, 'n'), redis.call('LRANGE', ln, 0, -1)}
            end
            """;

    private final SharedStore store;
    private final InMemoryRiskWindows local;
    private final SharedStore.Script observe;
    private final long transactionTtl;

    private record Missed(Account account, long at, Observation observation) {
    }

    /** Observed on this node while Redis was away, oldest first: replayed when it is back. */
    private final Deque<Missed> missed = new ArrayDeque<>();

    /**
     * @param local          this node's own windows (fed on every request; weighed with while Redis is away)
     * @param transactionTtl how long a transaction's hash lives (the volume count's)
     */
    public SharedRiskWindows(SharedStore store, InMemoryRiskWindows local, long transactionTtl) {
        this.store = store;
        this.local = local;
        this.transactionTtl = transactionTtl;
        this.observe = store.script(RedisWindows.LIBRARY + LIBRARY + "return risk_observe(1, 1)\n");
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
                num(r, 8), num(r, 9), List.copyOf((List<String>) r.get(10)), num(r, 11), List.copyOf((List<String>) r.get(12)));
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
