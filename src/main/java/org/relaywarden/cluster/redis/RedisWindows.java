package org.relaywarden.cluster.redis;

import io.lettuce.core.ScriptOutputType;

import java.time.Duration;
import java.util.List;

/**
 * Generic counting primitives in the cluster's Redis, each one atomic server-side script (one round
 * trip), every key expiring by itself:
 * <ul>
 *   <li>a <b>sliding-window counter</b>: add {@code n} at a moment, read the total over the window that
 *       ends now. A hash of {@value #BUCKETS} buckets of a sixtieth of the window each, as
 *       {@code enforcement.limits.SlidingWindow} in memory: the window read is between 59/60 and 60/60 of
 *       its length. Adding at a past moment (merging counts made while Redis was away) lands in that
 *       moment's bucket, or nowhere if it left the window;</li>
 *   <li>a <b>distinct-member set</b> per window: add a member, learn whether it is new in the window,
 *       count the distinct members (a sorted set scored by when each was last seen).</li>
 * </ul>
 * {@link #LIBRARY} holds the same primitives as Lua functions, so that a feature's own script (the
 * policy core's one script per request) combines several of them in one round trip.
 */
public class RedisWindows {

    public static final int BUCKETS = 60;

    /**
     * Lua functions for scripts: {@code window_add(key, n, at, window)}, {@code window_total(key, now, window)},
     * over rings: {@code ring_open(key, now, width, n, counters, span)} reads a ring in one {@code HMGET} (its oldest
     * bucket kept {@code p}, the running total of each counter and its current bucket; with {@code span}, that
     * counter's buckets of the whole window too) and retires the buckets that left the window (each bucket once: one
     * more {@code HMGET} and an {@code HDEL}); {@code ring_add(r, counter, at, x)} adds in the script's memory;
     * {@code ring_sum(r, counter)} is the counter's total; {@code ring_oldest(r)} the oldest bucket of the span counter
     * that has a value, or nil; {@code ring_close(r)} writes what changed in one {@code HSET} (and a {@code PEXPIRE}
     * when something was added to a bucket that was empty: a later add to the same bucket is less than a bucket later,
     * so the key still lives a bucket longer than the window; true then). A ring is a hash of buckets {@code <counter>:<bucket>}, a running total per counter
     * and {@code p}. {@code member_add(key, member, at, window)} (1 if new in the window), {@code members(key, now,
     * window)}; times and windows in milliseconds. A request thus costs a few commands per ring, not one per bucket
     * and counter.
     */
    public static final String LIBRARY = """
            local function ring_open(key, now, w, n, names, span)
              local cur = math.floor(now / w)
              local low = cur - n + 1
              local f = {'p'}
              for _, c in ipairs(names) do
                f[#f + 1] = c
                f[#f + 1] = c .. ':' .. cur
              end
              local k = #f
              if span then
                for b = low, cur - 1 do
                  f[#f + 1] = span .. ':' .. b
                end
              end
              local v = redis.call('HMGET', key, unpack(f))
              local r = {key = key, w = w, n = n, cur = cur, low = low, tot = {}, now = {}, has = {}, names = names,
                         added = false, rolled = false, span = span, old = {}}
              for i, c in ipairs(names) do
                r.tot[c] = tonumber(v[2 * i]) or 0
                r.now[c] = tonumber(v[2 * i + 1]) or 0
                r.has[c] = v[2 * i + 1] ~= false
                r.had = r.had or r.has[c]
              end
              local p = tonumber(v[1])
              if p == nil then
                p = low
              elseif p <= low - n then
                redis.call('DEL', key)
                p = low
                for _, c in ipairs(names) do
                  r.tot[c], r.now[c], r.has[c] = 0, 0, false
                end
                r.had = false
                span = nil
              elseif p < low then
                local old = {}
                for b = p, low - 1 do
                  for _, c in ipairs(names) do
                    old[#old + 1] = c .. ':' .. b
                  end
                end
                local ov = redis.call('HMGET', key, unpack(old))
                local i = 0
                for b = p, low - 1 do
                  for _, c in ipairs(names) do
                    i = i + 1
                    local x = tonumber(ov[i])
                    if x then
                      r.tot[c] = r.tot[c] - x
                    end
                  end
                end
                redis.call('HDEL', key, unpack(old))
                p = low
                r.rolled = true
              end
              r.p = p
              if span then
                for b = low, cur - 1 do
                  if v[k + b - low + 1] then
                    r.old[#r.old + 1] = b
                  end
                end
              end
              return r
            end
            local function ring_add(r, c, at, x)
              local b = math.floor(at / r.w)
              if x == 0 or b < r.p then
                return
              end
              if b == r.cur then
                r.now[c] = r.now[c] + x
                r.has[c] = true
              else
                redis.call('HINCRBY', r.key, c .. ':' .. b, x)
              end
              r.tot[c] = r.tot[c] + x
              r.added = true
            end
            local function ring_sum(r, c)
              return r.tot[c]
            end
            local function ring_oldest(r)
              for _, b in ipairs(r.old) do
                if b >= r.p then
                  return b
                end
              end
              if r.has[r.span] then
                return r.cur
              end
              return nil
            end
            local function ring_close(r)
              if not r.added and not r.rolled then
                return false
              end
              local f = {'p', r.p}
              for _, c in ipairs(r.names) do
                f[#f + 1] = c
                f[#f + 1] = r.tot[c]
                if r.has[c] then
                  f[#f + 1] = c .. ':' .. r.cur
                  f[#f + 1] = r.now[c]
                end
              end
              redis.call('HSET', r.key, unpack(f))
              if r.added and not r.had then
                redis.call('PEXPIRE', r.key, (r.n + 2) * r.w)
                return true
              end
              return false
            end
            local function bucket_ms(window)
              return math.max(1, math.floor(window / 60))
            end
            local function window_open(key, now, window)
              return ring_open(key, now, bucket_ms(window), 60, {'w'})
            end
            local function window_total(key, now, window)
              local r = window_open(key, now, window)
              ring_close(r)
              return ring_sum(r, 'w')
            end
            local function window_add(key, n, at, window)
              local r = window_open(key, at, window)
              ring_add(r, 'w', at, n)
              ring_close(r)
            end
            local function member_add(key, member, at, window)
              local old = redis.call('ZSCORE', key, member)
              redis.call('ZADD', key, 'GT', at, member)
              redis.call('PEXPIRE', key, window)
              if old and tonumber(old) > at - window then
                return 0
              end
              return 1
            end
            local function member_note(key, member, at, window)
              redis.call('ZADD', key, 'GT', at, member)
              redis.call('PEXPIRE', key, window)
            end
            local function members(key, now, window)
              redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. string.format('%d', now - window))
              return redis.call('ZCARD', key)
            end
            """;

    private final SharedStore store;
    private final SharedStore.Script add;
    private final SharedStore.Script total;
    private final SharedStore.Script addMember;
    private final SharedStore.Script members;

    public RedisWindows(SharedStore store) {
        this.store = store;
        this.add = store.script(LIBRARY + """
                window_add(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
                return window_total(KEYS[1], tonumber(ARGV[4]), tonumber(ARGV[3]))
                """);
        this.total = store.script(LIBRARY + "return window_total(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]))\n");
        this.addMember = store.script(LIBRARY + """
                local new = member_add(KEYS[1], ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]))
                return {new, members(KEYS[1], tonumber(ARGV[4]), tonumber(ARGV[3]))}
                """);
        this.members = store.script(LIBRARY + "return members(KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]))\n");
    }

    /** Adds {@code n} at {@code atMillis}; the window's total at {@code nowMillis}, or null if Redis is away. */
    public Long add(String key, long n, long atMillis, long nowMillis, Duration window) {
        return add.run(ScriptOutputType.INTEGER, new String[]{store.key(key)}, Long.toString(n), Long.toString(atMillis),
                Long.toString(window.toMillis()), Long.toString(nowMillis));
    }

    /** The window's total at {@code nowMillis}, or null if Redis is away. */
    public Long total(String key, long nowMillis, Duration window) {
        return total.run(ScriptOutputType.INTEGER, new String[]{store.key(key)}, Long.toString(nowMillis),
                Long.toString(window.toMillis()));
    }

    /** Adds a member seen at {@code atMillis}: whether it is new in the window and how many distinct there are; null if away. */
    public Membership addMember(String key, String member, long atMillis, long nowMillis, Duration window) {
        List<Long> r = addMember.run(ScriptOutputType.MULTI, new String[]{store.key(key)}, member, Long.toString(atMillis),
                Long.toString(window.toMillis()), Long.toString(nowMillis));
        return r == null ? null : new Membership(r.get(0) == 1, r.get(1));
    }

    /** Distinct members seen in the window that ends at {@code nowMillis}, or null if Redis is away. */
    public Long distinct(String key, long nowMillis, Duration window) {
        return members.run(ScriptOutputType.INTEGER, new String[]{store.key(key)}, Long.toString(nowMillis),
                Long.toString(window.toMillis()));
    }

    public record Membership(boolean isNew, long distinct) {
    }
}
