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
     * {@code member_add(key, member, at, window)} (1 if new in the window), {@code members(key, now, window)};
     * times and windows in milliseconds.
     */
    public static final String LIBRARY = """
            local function bucket_ms(window)
              return math.max(1, math.floor(window / 60))
            end
            local function window_total(key, now, window)
              local bm = bucket_ms(window)
              local oldest = math.floor(now / bm) - 59
              local all = redis.call('HGETALL', key)
              local total = 0
              for i = 1, #all, 2 do
                if tonumber(all[i]) < oldest then
                  redis.call('HDEL', key, all[i])
                else
                  total = total + tonumber(all[i + 1])
                end
              end
              return total
            end
            local function window_add(key, n, at, window)
              local bm = bucket_ms(window)
              local b = math.floor(at / bm)
              redis.call('HINCRBY', key, string.format('%d', b), n)
              redis.call('PEXPIRE', key, window + 2 * bm)
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
