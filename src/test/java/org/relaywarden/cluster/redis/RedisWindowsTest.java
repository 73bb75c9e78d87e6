package org.relaywarden.cluster.redis;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.testsupport.Await;
import org.relaywarden.testsupport.RedisServer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generic primitives on a real Redis (Debian's redis-server, a private instance): the sliding-window
 * counter and the distinct-member set keep the in-memory window's semantics, a claim is taken by one
 * node only, and the breaker opens at once when Redis dies and closes (after the merge task) when it is back. The group
 * commit ({@link GroupCommit}): calls of many threads go together into few script calls, each still gets its own
 * result, decided in order on what the calls before it left (a counter incremented by every call hands out every
 * value once), a group holds at most its bound, and a script Redis lost (SCRIPT FLUSH, as after a restart) is loaded again.
 */
class RedisWindowsTest {

    /** Adds ARGV[a] to KEYS[k]; returns the new total, the caller's tag and the size of the group it came in. */
    static final String LIBRARY = """
            local function add_one(k, a)
              local v = redis.call('INCRBY', KEYS[k], tonumber(ARGV[a]))
              return {v, ARGV[a + 1], tonumber(ARGV[1])}
            end
            """;

    static RedisServer redis;
    static final long T0 = Instant.parse("2026-12-07T10:00:00Z").toEpochMilli();
    static final Duration HOUR = Duration.ofHours(1);

    @BeforeAll
    static void start() {
        redis = RedisServer.startNew();
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    static SharedStore store(String node) {
        return store(node, Duration.ofMillis(500));
    }

    static SharedStore store(String node, Duration timeout) {
        SharedStore s = new SharedStore(new RedisSettings(redis.url(), timeout, Duration.ofMillis(100), "t:"),
                node, new SimpleMeterRegistry());
        s.start();
        return s;
    }

    @Test
    void aSlidingWindowCountsWhatIsInItAndLetsOldBucketsGo() {
        try (SharedStore s = store("w1")) {
            RedisWindows w = new RedisWindows(s);
            assertThat(w.add("win:a", 3, T0, T0, HOUR)).isEqualTo(3);
            assertThat(w.add("win:a", 2, T0 + 30 * 60_000, T0 + 30 * 60_000, HOUR)).isEqualTo(5);
            assertThat(w.total("win:a", T0 + 59 * 60_000, HOUR)).isEqualTo(5);
            // an hour after the first: its bucket left the window, the second's did not
            assertThat(w.total("win:a", T0 + 60 * 60_000, HOUR)).isEqualTo(2);
            assertThat(w.total("win:a", T0 + 91 * 60_000, HOUR)).isZero();
            // a count merged late lands in its own moment's bucket, or nowhere if that left the window
            long now = T0 + 120 * 60_000;
            assertThat(w.add("win:a", 4, now - 10 * 60_000, now, HOUR)).isEqualTo(4);
            assertThat(w.add("win:a", 7, now - 2 * 60 * 60_000, now, HOUR)).isEqualTo(4);
            assertThat(w.total("win:other", now, HOUR)).isZero();
        }
    }

    @Test
    void aDistinctMemberSetTellsWhetherAMemberIsNewInTheWindow() throws Exception {
        try (SharedStore s = store("w2")) {
            RedisWindows w = new RedisWindows(s);
            assertThat(w.addMember("set:a", "192.0.2.1", T0, T0, HOUR)).isEqualTo(new RedisWindows.Membership(true, 1));
            assertThat(w.addMember("set:a", "192.0.2.2", T0 + 1000, T0 + 1000, HOUR)).isEqualTo(new RedisWindows.Membership(true, 2));
            assertThat(w.addMember("set:a", "192.0.2.1", T0 + 2000, T0 + 2000, HOUR)).isEqualTo(new RedisWindows.Membership(false, 2));
            // an hour on: both still in the window; a second later .2 (last seen at +1 s) has left it, .1 (seen again at +2 s) not
            assertThat(w.distinct("set:a", T0 + 3_600_500, HOUR)).isEqualTo(2);
            assertThat(w.distinct("set:a", T0 + 3_601_500, HOUR)).isEqualTo(1);
            assertThat(w.addMember("set:a", "192.0.2.2", T0 + 3_601_500, T0 + 3_601_500, HOUR).isNew()).isTrue();
            assertThat(redis.command("PTTL", "t:set:a")).matches(":\\d+").isNotEqualTo(":-1");
        }
    }

    @Test
    void aClaimIsTakenByOneNodeOnlyAndAReleasedOrExpiredOneAgain() throws Exception {
        List<SharedStore> nodes = List.of(store("c1"), store("c2"), store("c3"));
        try {
            List<Boolean> got = new ArrayList<>();
            for (SharedStore n : nodes) {
                got.add(new OnceClaims(n).claim("case-1", Duration.ofSeconds(30)));
            }
            assertThat(got).containsExactly(true, false, false);
            new OnceClaims(nodes.get(0)).settle("case-1", Duration.ofMinutes(5));
            assertThat(new OnceClaims(nodes.get(1)).claim("case-1", Duration.ofSeconds(30))).isFalse();
            assertThat(new OnceClaims(nodes.get(1)).claim("case-2", Duration.ofSeconds(30))).isTrue();
            new OnceClaims(nodes.get(1)).release("case-2");
            assertThat(new OnceClaims(nodes.get(2)).claim("case-2", Duration.ofMillis(200))).isTrue();
            // the claimant "dies": its lease runs out and another node claims
            Await.until("the dead node's claim ran out", Duration.ofSeconds(5),
                    () -> Boolean.TRUE.equals(new OnceClaims(nodes.get(0)).claim("case-2", Duration.ofSeconds(30))));
        } finally {
            nodes.forEach(SharedStore::close);
        }
    }

    @Test
    void theBreakerOpensWhenRedisDiesAndClosesAfterTheMergeWhenItIsBack() {
        try (SharedStore s = store("b1")) {
            AtomicInteger merges = new AtomicInteger();
            s.whenBack(merges::incrementAndGet);
            RedisWindows w = new RedisWindows(s);
            assertThat(s.available()).isTrue();
            redis.kill();
            try {
                long start = System.nanoTime();
                assertThat(w.add("win:b", 1, T0, T0, HOUR)).as("no answer while Redis is away").isNull();
                assertThat(s.available()).isFalse();
                for (int i = 0; i < 1000; i++) {
                    assertThat(w.total("win:b", T0, HOUR)).isNull();
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertThat(millis).as("a thousand calls with Redis away do not wait").isLessThan(2000);
            } finally {
                redis.start();
            }
            Await.until("Redis used again", Duration.ofSeconds(10), s::available);
            assertThat(merges.get()).as("the merge ran before Redis was used again").isGreaterThanOrEqualTo(1);
            assertThat(w.add("win:b", 1, T0, T0, HOUR)).isEqualTo(1);
        }
    }

    static long evalshaCalls(SharedStore s) {
        String stats = s.call(c -> c.info("commandstats"));
        for (String line : stats.split("\\r?\\n")) {
            if (line.startsWith("cmdstat_evalsha:")) {
                return Long.parseLong(line.replaceAll("^[^:]*:calls=(\\d+),.*", "$1"));
            }
        }
        return 0;
    }

    @Test
    void callsOfManyThreadsGoTogetherAndEachGetsItsOwnResultInOrder() throws Exception {
        int threads = 16, perThread = 300, max = 4;
        GroupCommit group = new GroupCommit(LIBRARY, "add_one", max);
        Set<Long> totals = ConcurrentHashMap.newKeySet();
        AtomicInteger mixedUp = new AtomicInteger(), failed = new AtomicInteger(), largest = new AtomicInteger();
        int calls = threads * perThread;
        try (SharedStore s = store("g1", Duration.ofSeconds(5))) {
            long before = evalshaCalls(s);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        String tag = thread + "/" + i;
                        List<?> r = (List<?>) s.call(c -> group.submit(c, new String[]{s.key("group:counter")}, new String[]{"1", tag}));
                        if (r == null) {
                            failed.incrementAndGet();
                            continue;
                        }
                        totals.add((Long) r.get(0));
                        if (!tag.equals(r.get(1))) {
                            mixedUp.incrementAndGet();
                        }
                        largest.accumulateAndGet(((Long) r.get(2)).intValue(), Math::max);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            // grouped: fewer script calls than calls
            assertThat(evalshaCalls(s) - before).isLessThan(calls);
            String counter = s.call(c -> c.get(s.key("group:counter")));
            assertThat(counter).isEqualTo(Integer.toString(calls));
        }
        assertThat(failed.get()).isZero();
        assertThat(mixedUp.get()).isZero();
        // every call saw the counter as the calls before it left it: each total from 1 to calls once
        assertThat(totals).hasSize(calls);
        assertThat(totals.stream().mapToLong(Long::longValue).min().orElseThrow()).isEqualTo(1);
        assertThat(totals.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(calls);
        // some groups held several calls, none more than the bound
        assertThat(largest.get()).isBetween(2, max);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aScriptRedisLostIsLoadedAgain() throws Exception {
        GroupCommit group = new GroupCommit(LIBRARY, "add_one", 8);
        try (SharedStore s = store("g2", Duration.ofSeconds(5))) {
            List<Object> first = (List<Object>) s.call(c -> group.submit(c, new String[]{s.key("group:again")}, new String[]{"2", "a"}));
            assertThat(first).containsExactly(2L, "a", 1L);
            redis.command("SCRIPT", "FLUSH");
            List<Object> second = (List<Object>) s.call(c -> group.submit(c, new String[]{s.key("group:again")}, new String[]{"3", "b"}));
            assertThat(second).containsExactly(5L, "b", 1L);
            assertThat(s.available()).isTrue();
        }
    }
}
