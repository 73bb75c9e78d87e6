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
 * policy core's one script per request) combines several of them in one round trip. {@code window_open}, {@code
 * window_add} and {@code window_total} take an optional list of counters ({@code names}, default {@code {'w'}}) and
 * the counter meant ({@code c}): several windows of the same length as counters of one ring in one hash.
 */
public class RedisWindows {

    public static final int BUCKETS = 60;

    /**
     * Lua functions for scripts: {@code window_add(key, n, at, window)}, {@code window_total(key, now, window)},
     * over rings: {@code rings_open(key, now, specs, extra)} reads several rings kept in one hash (each spec {@code {id,
     * w, n, names, span}}: {@code n} buckets of {@code w} ms, its counters, and the counter whose oldest bucket is
     * wanted) in one {@code HMGET}: each ring's oldest bucket kept {@code p<id>}, the running total of each counter and
     * its current bucket, the {@code extra} fields (returned too); then retires the buckets that left each window (each
     * bucket once: one more {@code HMGET} and an {@code HDEL} for all rings). {@code ring_add(r, counter, at, x)} adds
     * in the script's memory; {@code ring_sum(r, counter)} is the counter's total; {@code ring_oldest(r)} the oldest
     * bucket of the span counter that has a value, or nil (kept as field {@code o<id>} as buckets are added and retired:
     * no read of the window's buckets, but after the oldest left); {@code rings_close(rs, ttl, set)} writes what changed
     * (and the fields {@code set}) in one {@code HSET} and a {@code PEXPIRE ttl} when something was added to a bucket
     * that was empty (a later add to the same bucket is less than a bucket later, so the hash still lives a bucket
     * longer than the longest window), returning per ring whether that happened. {@code ring_open}/{@code ring_close}
     * are the same for one ring alone in its hash. Counter names are unique within a hash. A ring is the buckets
     * {@code <counter>:<bucket>}, a running total per counter and {@code p<id>}. {@code member_add(key, member, at,
     * window)} (1 if new in the window), {@code members(key, now, window)}; times and windows in milliseconds. A request
     * thus costs a few commands per hash, not one per bucket and counter.
     */
    public static final String LIBRARY = """
            local function rings_open(key, now, specs, extra)
              local f, rs = {}, {}
              for i, s in ipairs(specs) do
                local cur = math.floor(now / s.w)
                local r = {key = key, id = s.id, w = s.w, n = s.n, names = s.names, span = s.span, cur = cur, low = cur - s.n + 1,
                           tot = {}, now = {}, has = {}, dirty = {}, added = false, rolled = false, o = false, at = #f}
                f[#f + 1] = 'p' .. s.id
                for _, c in ipairs(s.names) do
                  f[#f + 1] = c
                  f[#f + 1] = c .. ':' .. cur
                end
                if s.span then
                  f[#f + 1] = 'o' .. s.id
                end
                rs[i] = r
              end
              local ex = #f
              for _, x in ipairs(extra or {}) do
                f[#f + 1] = x
              end
              local v = redis.call('HMGET', key, unpack(f))
              local old = {}
              for _, r in ipairs(rs) do
                local j = r.at
                local p = tonumber(v[j + 1])
                for i, c in ipairs(r.names) do
                  r.tot[c] = tonumber(v[j + 2 * i]) or 0
                  r.now[c] = tonumber(v[j + 2 * i + 1]) or 0
                  r.has[c] = v[j + 2 * i + 1] ~= false
                  r.had = r.had or r.has[c]
                end
                if r.span then
                  local x = v[j + 2 * #r.names + 2]
                  r.o = x == '-' and '-' or tonumber(x) or false
                end
                if p == nil then
                  p = r.low
                  r.o = '-'
                  r.fresh = true
                elseif p < r.low then
                  -- retire the buckets that left the window, each once; all of them when the whole ring did (its current bucket too)
                  local stale = p <= r.low - r.n
                  r.from, r.lo, r.hi = #old + 1, p, stale and p + r.n - 1 or r.low - 1
                  for b = r.lo, r.hi do
                    for _, c in ipairs(r.names) do
                      old[#old + 1] = c .. ':' .. b
                    end
                  end
                  if stale then
                    for _, c in ipairs(r.names) do
                      r.tot[c], r.now[c], r.has[c], r.dirty[c] = 0, 0, false, true
                    end
                    r.had, r.o, r.fresh = false, '-', true
                  end
                  p = r.low
                  r.rolled = true
                end
                r.p = p
                if type(r.o) == 'number' and r.o < p then
                  r.o = false
                end
              end
              if #old > 0 then
                local ov = redis.call('HMGET', key, unpack(old))
                for _, r in ipairs(rs) do
                  if r.from and not r.fresh then
                    local i = r.from - 1
                    for b = r.lo, r.hi do
                      for _, c in ipairs(r.names) do
                        i = i + 1
                        local x = tonumber(ov[i])
                        if x then
                          r.tot[c] = r.tot[c] - x
                          r.dirty[c] = true
                        end
                      end
                    end
                  end
                end
                redis.call('HDEL', key, unpack(old))
              end
              local xv = {}
              for i = ex + 1, #f do
                xv[#xv + 1] = v[i]
              end
              return rs, xv
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
              r.dirty[c] = true
              r.added = true
              if c == r.span and x > 0 and r.o and (r.o == '-' or b < r.o) then
                r.o = b
                r.ochanged = true
              end
            end
            local function ring_sum(r, c)
              return r.tot[c]
            end
            local function ring_oldest(r)
              if r.o == false then
                local f = {}
                for b = r.p, r.cur - 1 do
                  f[#f + 1] = r.span .. ':' .. b
                end
                local v = #f > 0 and redis.call('HMGET', r.key, unpack(f)) or {}
                r.o = '-'
                for i = 1, #f do
                  if v[i] then
                    r.o = r.p + i - 1
                    break
                  end
                end
                if r.o == '-' and r.has[r.span] then
                  r.o = r.cur
                end
                redis.call('HSET', r.key, 'o' .. r.id, r.o)
              end
              if r.o == '-' or r.o > r.cur then
                return nil
              end
              return r.o
            end
            local function rings_close(rs, ttl, set)
              local f = set or {}
              local first = {}
              for i, r in ipairs(rs) do
                if r.added or r.rolled then
                  f[#f + 1] = 'p' .. r.id
                  f[#f + 1] = r.p
                  for _, c in ipairs(r.names) do
                    if r.dirty[c] then
                      f[#f + 1] = c
                      f[#f + 1] = r.tot[c]
                      if r.has[c] then
                        f[#f + 1] = c .. ':' .. r.cur
                        f[#f + 1] = r.now[c]
                      end
                    end
                  end
                  if r.span and (r.ochanged or r.fresh) and r.o then
                    f[#f + 1] = 'o' .. r.id
                    f[#f + 1] = r.o
                  end
                  first[i] = r.added and not r.had
                end
              end
              if #f > 0 then
                redis.call('HSET', rs[1].key, unpack(f))
              end
              for i = 1, #rs do
                if first[i] then
                  redis.call('PEXPIRE', rs[1].key, ttl)
                  break
                end
              end
              return first
            end
            local function ring_open(key, now, w, n, names)
              local rs = rings_open(key, now, {{id = '', w = w, n = n, names = names}})
              return rs[1]
            end
            local function ring_close(r)
              return rings_close({r}, (r.n + 2) * r.w)[1] == true
            end
            local function bucket_ms(window)
              return math.max(1, math.floor(window / 60))
            end
            local function window_open(key, now, window, names)
              return ring_open(key, now, bucket_ms(window), 60, names or {'w'})
            end
            local function window_total(key, now, window, c, names)
              local r = window_open(key, now, window, names)
              ring_close(r)
              return ring_sum(r, c or 'w')
            end
            local function window_add(key, n, at, window, c, names)
              local r = window_open(key, at, window, names)
              ring_add(r, c or 'w', at, n)
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
