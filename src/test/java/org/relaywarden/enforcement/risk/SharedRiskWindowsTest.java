package org.relaywarden.enforcement.risk;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.cluster.redis.RedisSettings;
import org.relaywarden.cluster.redis.SharedStore;
import org.relaywarden.testsupport.Await;
import org.relaywarden.testsupport.RedisServer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The risk's windows in a real Redis (Debian's redis-server, private) count exactly what this node's memory counts
 * for the same observations at the same moments: the same buckets, the same "first seen" sets, the same samples.
 */
class SharedRiskWindowsTest {

    static RedisServer redis;
    static SharedStore store;

    @BeforeAll
    static void start() {
        redis = RedisServer.startNew();
        store = new SharedStore(new RedisSettings(redis.url(), Duration.ofSeconds(2), Duration.ofMillis(200), "rw:"), "test",
                new SimpleMeterRegistry());
        store.start();
        Await.until("connected", Duration.ofSeconds(30), store::available);
    }

    @AfterAll
    static void stop() {
        store.close();
        redis.close();
    }

    @Test
    void twoHoursOfMixedTrafficCountTheSameAsInMemory() {
        SharedRiskWindows shared = new SharedRiskWindows(store, new InMemoryRiskWindows(), 600_000);
        InMemoryRiskWindows memory = new InMemoryRiskWindows();
        Account a = Account.parse("mixed@shop.test");
        Random random = new Random(29);
        long now = 1_796_000_000_123L;
        int compared = 0, answeredSeen = 0;
        for (int i = 0; i < 1500; i++) {
            // bursts (a few ms apart), pauses of seconds and minutes: every window fills and empties
            int gap = random.nextInt(10);
            now += gap < 6 ? random.nextInt(40) : gap < 9 ? random.nextInt(8_000) : random.nextInt(400_000);
            boolean message = random.nextInt(3) > 0;
            String foreign = message && random.nextInt(4) == 0 ? "forged" + random.nextInt(8) + ".test" : null;
            List<String> domains = random.nextInt(3) == 0 ? List.of() : List.of("d" + random.nextInt(300) + ".test");
            String network = message && random.nextInt(5) == 0 ? "203.0." + random.nextInt(12) + ".0/24" : null;
            RiskWindows.Observation o = new RiskWindows.Observation(message ? 1 : 0, foreign, domains, network, i < 10,
                    random.nextBoolean(), "");
            if (random.nextInt(4) == 0) {
                // what the receiving servers answered, read from a relay's log between two requests
                int accepted = random.nextInt(5), deferred = random.nextInt(3), refused = random.nextInt(3);
                memory.answered(a, now, accepted, deferred, refused);
                shared.answered(a, now, accepted, deferred, refused);
            }
            RiskWindows.Counts inMemory = memory.observe(a, now, o);
            RiskWindows.Counts inRedis = shared.observe(a, now, o);
            assertThat(inRedis).as("observation %d at %d", i, now).isEqualTo(inMemory);
            answeredSeen += inRedis.refused10m() > 0 ? 1 : 0;
            compared++;
        }
        assertThat(compared).isEqualTo(1500);
        assertThat(answeredSeen).as("the answers' window was not always empty").isPositive();
        assertThat(store.available()).as("every observation answered by Redis").isTrue();
    }

    @Test
    void theReceivingServersAnswersCountOnceForEveryNode() {
        // every node reads the same relays' logs; the lease holder adds what they say to Redis, the others keep it
        SharedRiskWindows leader = new SharedRiskWindows(store, new InMemoryRiskWindows(), 600_000, () -> true);
        SharedRiskWindows other = new SharedRiskWindows(store, new InMemoryRiskWindows(), 600_000, () -> false);
        Account a = Account.parse("refused@shop.test");
        long now = System.currentTimeMillis();
        leader.answered(a, now, 2, 1, 7);
        other.answered(a, now, 2, 1, 7);
        RiskWindows.Observation next = new RiskWindows.Observation(1, null, List.of(), null, false, false, "tx-a");
        RiskWindows.Counts c = other.observe(a, now + 5, next);
        assertThat(List.of(c.answered10m(), c.deferred10m(), c.refused10m())).as("on the node that did not share them")
                .containsExactly(10L, 1L, 7L);
        assertThat(other.observedLocally(a, now + 6, new RiskWindows.Observation(0, null, List.of(), null, false, false, ""))
                .refused10m()).as("its own copy, for when Redis is away").isEqualTo(7);
        c = leader.observe(a, now + 10, new RiskWindows.Observation(0, null, List.of(), null, false, false, ""));
        assertThat(c.refused10m()).as("counted once, not once per node").isEqualTo(7);
        c = leader.observe(a, now + 600_000 + 10_000, new RiskWindows.Observation(0, null, List.of(), null, false, false, ""));
        assertThat(c.answered10m()).as("out of the 10-minute window").isZero();
    }

    @Test
    void aTransactionsMessageCountsOnceHoweverManyNodesSeeItsFirstRequestAndTheKeysExpire() {
        SharedRiskWindows node1 = new SharedRiskWindows(store, new InMemoryRiskWindows(), 600_000);
        SharedRiskWindows node2 = new SharedRiskWindows(store, new InMemoryRiskWindows(), 600_000);
        Account a = Account.parse("split@shop.test");
        long now = System.currentTimeMillis();
        RiskWindows.Observation first = new RiskWindows.Observation(1, "forged.test", List.of("a.test"), "203.0.113.0/24", false,
                true, "tx-1");
        node1.observe(a, now, first);
        // the END-OF-MESSAGE on another node: a first request there too (its own Transactions), the same instance
        RiskWindows.Counts c = node2.observe(a, now + 5, first);
        assertThat(c.messagesMinute()).isEqualTo(1);
        assertThat(c.foreign10m()).isEqualTo(1);
        assertThat(c.newNetworksHour()).isEqualTo(1);
        assertThat(c.newDomainsMinute()).as("a.test, first seen once").isEqualTo(1);
        c = node2.observe(a, now + 10, new RiskWindows.Observation(1, null, List.of("b.test"), null, false, true, "tx-2"));
        assertThat(c.messagesMinute()).isEqualTo(2);
        assertThat(c.newDomainNames()).containsExactly("a.test", "b.test");

        List<String> ttls = new ArrayList<>();
        String[] keys = node1.keys(a, "");
        for (String k : Arrays.copyOfRange(keys, 1, keys.length)) {
            Long ttl = store.call(r -> r.pttl(k));
            ttls.add(k + "=" + ttl);
            assertThat(ttl).as("%s exists and expires by itself", k).isPositive().isLessThanOrEqualTo(SharedRiskWindows.TTL);
        }
        System.out.println("risk keys' time to live (ms): " + ttls);

        node1.forget(a);
        c = node2.observe(a, now + 20, new RiskWindows.Observation(0, null, List.of(), null, false, true, ""));
        assertThat(c.messagesHour()).as("forgotten on every node").isZero();
    }
}
