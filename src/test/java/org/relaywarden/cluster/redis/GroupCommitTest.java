package org.relaywarden.cluster.redis;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.testsupport.RedisServer;

import java.time.Duration;
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
 * The group commit on a real Redis (a private redis-server): calls of many threads go together into few script
 * calls, each call still gets its own result, decided in order on what the calls before it left (a counter
 * incremented by every call hands out every value once), a group holds at most its bound, and a script Redis
 * lost (SCRIPT FLUSH, as after a restart) is loaded again.
 */
class GroupCommitTest {

    /** Adds ARGV[a] to KEYS[k]; returns the new total, the caller's tag and the size of the group it came in. */
    static final String LIBRARY = """
            local function add_one(k, a)
              local v = redis.call('INCRBY', KEYS[k], tonumber(ARGV[a]))
              return {v, ARGV[a + 1], tonumber(ARGV[1])}
            end
            """;

    static RedisServer redis;

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
        SharedStore s = new SharedStore(new RedisSettings(redis.url(), Duration.ofSeconds(5), Duration.ofMillis(100), "g:"),
                node, new SimpleMeterRegistry());
        s.start();
        return s;
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
        try (SharedStore s = store("g1")) {
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
                        List<?> r = (List<?>) s.call(c -> group.submit(c, new String[]{s.key("counter")}, new String[]{"1", tag}));
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
            String counter = s.call(c -> c.get(s.key("counter")));
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
        try (SharedStore s = store("g2")) {
            List<Object> first = (List<Object>) s.call(c -> group.submit(c, new String[]{s.key("again")}, new String[]{"2", "a"}));
            assertThat(first).containsExactly(2L, "a", 1L);
            redis.command("SCRIPT", "FLUSH");
            List<Object> second = (List<Object>) s.call(c -> group.submit(c, new String[]{s.key("again")}, new String[]{"3", "b"}));
            assertThat(second).containsExactly(5L, "b", 1L);
            assertThat(s.available()).isTrue();
        }
    }
}
