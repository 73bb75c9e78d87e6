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
    static final int KEYS = 5;
    /** Observations made while Redis was away beyond this many are dropped, oldest first. */
    static final int MAX_PENDING = 100_000;
    /** An account's keys outlive its last request by at most this much (the longest window and two buckets). */
    static final long TTL = InMemoryRiskWindows.HOUR + 120_000;

    /**
     * {@code risk_observe(kb, ab)}: the keys from {@code KEYS[kb]} (transaction; the account's hash of four rings and
     * three name samples; its first-seen recipient domains (a set), foreign senders (a sorted set: when each was last
     * counted) and client networks (a set)), the arguments from {@code ARGV[ab]} (now, has transaction, transaction
     * ttl, messages, foreign sender, unknown network, adopt, burst, number of domains, domains...); returns the counts
     * of {@link Counts}, in its order, the three name lists nested.
     * <p>
     * Its windows are {@link RedisWindows#LIBRARY}'s rings (which must come before it in a script), all four in one
     * hash: one {@code HMGET} reads every total and current bucket and the samples, one {@code HSET} writes what
     * changed; buckets that left a window are retired once each (one more {@code HMGET} and {@code HDEL} for all
     * rings). The minute's oldest message is the ring's field {@code oa}, kept as messages are added, so the span
     * needs no read of the minute's buckets. A sample is one field, its names joined by newlines (no name holds one:
     * the policy protocol is line by line). Measured (docs/cluster.md): 31 Redis commands per request before, 18 now.
     */
    public static final String LIBRARY = """
            local RING_A = {id = 'a', w = 1000, n = 60, names = {'am', 'ad'}, span = 'am'}
            local RING_B = {id = 'b', w = 1000, n = 10, names = {'bb'}}
            local RING_T = {id = 't', w = 10000, n = 60, names = {'tm', 'tf', 'tg', 'tax', 'tdx', 'trx'}}
            local RING_H = {id = 'h', w = 60000, n = 60, names = {'hm', 'hd', 'hn'}}
            local RISK_TTL = 3720000
            local function risk_answered(key, now, a, d, r)
              local rs = rings_open(key, now, {RING_T})
              local t = rs[1]
              ring_add(t, 'tax', now, a + d + r)
              ring_add(t, 'tdx', now, d)
              ring_add(t, 'trx', now, r)
              rings_close(rs, RISK_TTL)
              return 1
            end
            local function names_of(s)
              local t = {}
              if s then
                for x in string.gmatch(s, '[^\\n]+') do
                  t[#t + 1] = x
                end
              end
              return t
            end
            local function remember(list, name, once)
              -- as the in-memory samples: a foreign sender moves to the end; a domain or network is only added (again
              -- when the account's first-seen names are full, as in memory)
              for i = #list, 1, -1 do
                if once and list[i] == name then
                  table.remove(list, i)
                end
              end
              list[#list + 1] = name
              if #list > 6 then
                table.remove(list, 1)
              end
            end
            local function risk_observe(kb, ab)
              local tx, rk, sd, sf, sn = KEYS[kb], KEYS[kb + 1], KEYS[kb + 2], KEYS[kb + 3], KEYS[kb + 4]
              local now = tonumber(ARGV[ab])
              local messages = tonumber(ARGV[ab + 3])
              local foreign = ARGV[ab + 4]
              local net = ARGV[ab + 5]
              local ttl = RISK_TTL
              local maxnames = 20000
              if ARGV[ab + 1] == '1' and (messages > 0 or foreign ~= '' or net ~= '') then
                if redis.call('HSETNX', tx, 'k', 1) == 0 then
                  messages, foreign, net = 0, '', ''
                end
                redis.call('PEXPIRE', tx, tonumber(ARGV[ab + 2]))
              end
              local rs, lists = rings_open(rk, now, {RING_A, RING_B, RING_T, RING_H}, {'ld', 'lf', 'ln'})
              local a, b, t, h = rs[1], rs[2], rs[3], rs[4]
              local ld, lf, ln = names_of(lists[1]), names_of(lists[2]), names_of(lists[3])
              local set = {}
              if messages > 0 then
                ring_add(a, 'am', now, messages)
                ring_add(t, 'tm', now, messages)
                ring_add(h, 'hm', now, messages)
                if foreign ~= '' then
                  ring_add(t, 'tf', now, messages)
                end
              end
              if foreign ~= '' then
                local seen = tonumber(redis.call('ZSCORE', sf, foreign))
                if seen == nil or now - seen >= 600000 then
                  if seen ~= nil or redis.call('ZCARD', sf) < maxnames then
                    redis.call('ZADD', sf, now, foreign)
                    redis.call('PEXPIRE', sf, ttl)
                  end
                  ring_add(t, 'tg', now, 1)
                  remember(lf, foreign, true)
                  set[#set + 1] = 'lf'
                  set[#set + 1] = table.concat(lf, '\\n')
                end
              end
              local nd = tonumber(ARGV[ab + 8])
              local fresh = 0
              local card = nil
              for i = 1, nd do
                local d = ARGV[ab + 8 + i]
                if redis.call('SADD', sd, d) == 1 then
                  card = card and card + 1 or redis.call('SCARD', sd)
                  if card > maxnames then
                    redis.call('SREM', sd, d)
                    card = card - 1
                  end
                  ring_add(a, 'ad', now, 1)
                  if ARGV[ab + 7] == '1' then
                    ring_add(b, 'bb', now, 1)
                  end
                  ring_add(h, 'hd', now, 1)
                  remember(ld, d)
                  fresh = fresh + 1
                end
              end
              if fresh > 0 then
                set[#set + 1] = 'ld'
                set[#set + 1] = table.concat(ld, '\\n')
                redis.call('PEXPIRE', sd, ttl)
              end
              if net ~= '' and redis.call('SADD', sn, net) == 1 then
                local n = redis.call('SCARD', sn) - 1
                local adopted = ARGV[ab + 6] == '1' and n == 0
                if n >= maxnames then
                  redis.call('SREM', sn, net)
                else
                  redis.call('PEXPIRE', sn, ttl)
                end
                if not adopted then
                  ring_add(h, 'hn', now, 1)
                  remember(ln, net)
                  set[#set + 1] = 'ln'
                  set[#set + 1] = table.concat(ln, '\\n')
                end
              end
              local first = rings_close(rs, ttl, set)
              if #set > 0 and not (first[1] or first[2] or first[3] or first[4]) then
                redis.call('PEXPIRE', rk, ttl)
              end
              if first[4] then
                -- the account's first request of this minute (the hour ring's new bucket): its sets live on an hour and
                -- two minutes from now (each set gets its time to live also when a member is added)
                for _, k in ipairs({sd, sf, sn}) do
                  redis.call('PEXPIRE', k, ttl)
                end
              end
              local m1 = ring_sum(a, 'am')
              local span = 0
              if m1 > 0 then
                local first = ring_oldest(a)
                if first then
                  span = now - first * 1000
                end
              end
              local fnames = {}
              if #lf > 0 then
                local at = redis.call('ZMSCORE', sf, unpack(lf))
                for i, f in ipairs(lf) do
                  local x = tonumber(at[i])
                  if x and now - x < 600000 then
                    table.insert(fnames, f)
                  end
                end
              end
              return {m1, span, ring_sum(h, 'hm'), ring_sum(t, 'tm'), ring_sum(t, 'tf'), fnames, ring_sum(t, 'tg'),
                      ring_sum(b, 'bb'), ring_sum(a, 'ad'), ring_sum(h, 'hd'), ld, ring_sum(h, 'hn'), ln,
                      ring_sum(t, 'tax'), ring_sum(t, 'tdx'), ring_sum(t, 'trx')}
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
        // (":k:a", ":k:b", ":k:t", ":k:h", ":k:sd", ":k:sn" and the lists ":k:ld", ":k:lf", ":k:ln" of earlier versions:
        // other types, left to expire)
        return new String[]{tx, p + ":k:r", p + ":k:d", p + ":k:sf", p + ":k:n"};
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
        return answer.run(ScriptOutputType.INTEGER, new String[]{keys(a.account(), "")[1]}, Long.toString(a.at()),
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
