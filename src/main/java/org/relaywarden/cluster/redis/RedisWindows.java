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
     * over rings ({@code ring_roll(key, now, width, n, counters)} retires the buckets that left the window and returns
     * the oldest bucket kept, {@code ring_add(key, counter, at, width, n, oldest, x)}, {@code ring_sum(key, counter)}:
     * a hash of buckets {@code <counter>:<bucket>}, a running total per counter and {@code p}, the oldest bucket kept;
     * each bucket is retired once, so a total costs one field read however long the window),
     * {@code member_add(key, member, at, window)} (1 if new in the window), {@code members(key, now, window)};
     * times and windows in milliseconds.
     */
    public static final String LIBRARY = """
            local function ring_roll(key, now, w, n, names)
              local cur = math.floor(now / w)
              local low = cur - n + 1
              local p = tonumber(redis.call('HGET', key, 'p'))
              if p == nil then
                return low
              end
              if p <= low - n then
                redis.call('DEL', key)
                return low
              end
              if p >= low then
                return p
              end
              while p < low do
                for _, c in ipairs(names) do
                  local f = c .. ':' .. p
                  local v = tonumber(redis.call('HGET', key, f))
                  if v then
                    redis.call('HINCRBY', key, c, -v)
                    redis.call('HDEL', key, f)
                  end
                end
                p = p + 1
              end
              redis.call('HSET', key, 'p', p)
              return p
            end
            local function ring_add(key, c, at, w, n, p, x)
              local b = math.floor(at / w)
              if x == 0 or b < p then
                return
              end
              redis.call('HINCRBY', key, c .. ':' .. b, x)
              redis.call('HINCRBY', key, c, x)
              redis.call('HSETNX', key, 'p', p)
              redis.call('PEXPIRE', key, (n + 2) * w)
            end
            local function ring_sum(key, c)
              return tonumber(redis.call('HGET', key, c)) or 0
            end
            local function bucket_ms(window)
              return math.max(1, math.floor(window / 60))
            end
            local function window_total(key, now, window)
              ring_roll(key, now, bucket_ms(window), 60, {'w'})
              return ring_sum(key, 'w')
            end
            local function window_add(key, n, at, window)
              local bm = bucket_ms(window)
              ring_add(key, 'w', at, bm, 60, ring_roll(key, at, bm, 60, {'w'}), n)
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
