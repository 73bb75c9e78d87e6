package org.relaywarden.cluster;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.cluster.redis.RedisSettings;
import org.relaywarden.cluster.redis.SharedStore;
import org.relaywarden.enforcement.RefusedAttemptRecorder;
import org.relaywarden.enforcement.limits.LimitSettings;
import org.relaywarden.enforcement.limits.OverLimitListener;
import org.relaywarden.enforcement.limits.SendingLimits;
import org.relaywarden.enforcement.policy.AccountStates;
import org.relaywarden.enforcement.policy.PolicyDecider;
import org.relaywarden.enforcement.policy.PolicyServer;
import org.relaywarden.enforcement.policy.RefusalCode;
import org.relaywarden.enforcement.policy.SharedCounts;
import org.relaywarden.enforcement.policy.TrafficCounters;
import org.relaywarden.enforcement.risk.AccountProfiles;
import org.relaywarden.enforcement.risk.InMemoryRiskWindows;
import org.relaywarden.enforcement.risk.RiskCore;
import org.relaywarden.enforcement.risk.RiskFloods;
import org.relaywarden.enforcement.risk.RiskLevel;
import org.relaywarden.enforcement.risk.RiskSettings;
import org.relaywarden.enforcement.risk.RiskWindows;
import org.relaywarden.enforcement.risk.SharedRiskWindows;
import org.relaywarden.testsupport.Await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The risk of the policy core (docs/risk.md) on three nodes sharing one real Redis (Debian's redis-server, a private
 * instance), each node its own policy service, states, counters, profiles and risk core, wired as
 * PolicyCoreConfiguration wires a node with {@code relaywarden.redis.url}: the risk's windows in Redis
 * ({@link SharedRiskWindows}), each request's observation counted in the volume count's script. Asked over the policy
 * protocol as Postfix asks (RCPT per recipient, END-OF-MESSAGE), a forged-sender flood spread round-robin over the
 * nodes is weighed as one. The nodes run in this JVM; nothing is simulated but the case a verdict would open (the
 * verdicts are only collected here).
 */
class ThreeNodesRiskOnRedisTest extends OnOneRedis<ThreeNodesRiskOnRedisTest.Node> {

    final List<String> verdicts = new CopyOnWriteArrayList<>();

    /** One node: its own policy service and risk core; with {@code redis} its risk's windows and counts in Redis. */
    final class Node implements Closing {
        final String name;
        final AccountStates states = new AccountStates();
        final TrafficCounters counters = new TrafficCounters(Clock.systemUTC(), "policy-service", TrafficCounters.Listener.NONE,
                Duration.ofHours(1));
        final SharedStore store;
        final SharedCounts shared;
        final RiskCore risk;
        final PolicyServer server;

        Node(String name, boolean onRedis) {
            this.name = name;
            RiskWindows windows;
            if (onRedis) {
                // a 1 s command timeout: the machine is shared by many jobs (the test counts exactly)
                store = new SharedStore(new RedisSettings(redis.url(), Duration.ofSeconds(1), Duration.ofMillis(200), "rw:"), name,
                        new SimpleMeterRegistry());
                store.start();
                SharedRiskWindows sharedWindows = new SharedRiskWindows(store, new InMemoryRiskWindows(),
                        SharedCounts.TRANSACTION_TTL.toMillis());
                shared = new SharedCounts(store, Clock.systemUTC(), Duration.ofHours(1), sharedWindows);
                windows = sharedWindows;
            } else {
                store = null;
                shared = null;
                windows = new InMemoryRiskWindows();
            }
            risk = new RiskCore(RiskSettings.defaults(), new AccountProfiles(null, RiskSettings.defaults(), name, Clock.systemUTC()),
                    windows, v -> verdicts.add(name + " " + v.account() + " " + v.level()), RiskCore.Observer.NONE, Clock.systemUTC());
            server = new PolicyServer(new PolicyDecider(states, counters, () -> RefusalCode.TEMPORARY, Clock.systemUTC(),
                    new SendingLimits(LimitSettings.defaults(), null, a -> null), OverLimitListener.NONE, RefusedAttemptRecorder.NONE,
                    risk, shared), new InetSocketAddress("127.0.0.1", 0), 64, Duration.ofSeconds(60), Duration.ofSeconds(5));
            try {
                server.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            server.close();
            if (store != null) {
                store.close();
            }
        }
    }

    List<Node> start(int n, boolean onRedis, String prefix) {
        List<Node> started = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            started.add(new Node(prefix + i, onRedis));
        }
        nodes.addAll(started);
        if (onRedis) {
            Await.until("every node connected", Duration.ofSeconds(30), () -> started.stream().allMatch(x -> x.store.available()));
        }
        return started;
    }

    /** The answers to one message: its RCPTs to one node, its END-OF-MESSAGE to another (smtpd's two connections). */
    static List<String> message(String login, String sender, String client, Node rcptNode, Node eomNode, String... recipients) {
        String instance = "rtx" + TX.incrementAndGet();
        List<String> answers = new ArrayList<>();
        try (PolicyClient c = new PolicyClient(rcptNode.server.port())) {
            for (String r : recipients) {
                answers.add(c.ask(login, "RCPT", instance, sender, client, r, 0));
            }
        }
        try (PolicyClient c = new PolicyClient(eomNode.server.port())) {
            answers.add(c.ask(login, "END-OF-MESSAGE", instance, sender, client, recipients.length == 1 ? recipients[0] : "",
                    recipients.length));
        }
        return answers;
    }

    /**
     * Round trips Redis answered so far: its scripts (INFO commandstats; the commands a script calls inside are counted
     * there too, under their own names, and are no round trips).
     */
    static long scriptCalls(Node node) {
        String info = node.store.call(r -> r.info("commandstats"));
        long calls = 0;
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
                String n = line.substring(line.indexOf("calls=") + 6);
                calls += Long.parseLong(n.substring(0, n.indexOf(',')));
            }
        }
        return calls;
    }

    static boolean out(List<String> answers) {
        return answers.stream().allMatch("action=DUNNO"::equals);
    }

    static boolean refusedFirst(List<String> answers) {
        return answers.get(0).startsWith("action=451 4.7.1 relaying suspended");
    }

    /** What one flood of {@code count} messages met, message {@code i} over {@code nodes.get(i mod n)} and the next. */
    record Flood(int out, int held, int refused, int notRefusedAtFirst) {
    }

    static Flood flood(String login, List<Node> over, int from, int count, IntFunction<String> sender, IntFunction<String[]> to) {
        int out = 0, held = 0, refused = 0, counted = 0;
        for (int i = from; i < from + count; i++) {
            List<String> a = message(login, sender.apply(i), "198.51.100.7", over.get(i % over.size()),
                    over.get((i + 1) % over.size()), to.apply(i));
            out += out(a) ? 1 : 0;
            held += a.stream().anyMatch(x -> x.startsWith("action=HOLD")) ? 1 : 0;
            refused += a.stream().anyMatch(x -> x.startsWith("action=451")) ? 1 : 0;
            counted += refusedFirst(a) ? 0 : 1;
        }
        return new Flood(out, held, refused, counted);
    }

    /** A neighbour's own mail: from its own address to one partner, one message each; how many got out. */
    static int neighbour(String login, List<Node> over, int count) {
        int out = 0;
        for (int i = 0; i < count; i++) {
            out += out(message(login, login, "192.0.2.50", over.get(i % over.size()), over.get(i % over.size()),
                    "orders@partner.test")) ? 1 : 0;
        }
        return out;
    }

    @Test
    void aForgedSenderFloodRoundRobinOverThreeNodesIsHeldAfterNoMoreMessagesThanOnOneANeighbourUntouched() {
        int n = 60;
        Node alone = start(1, false, "alone").get(0);
        List<Node> perNode = start(3, false, "own");
        List<Node> cluster = start(3, true, "node");
        // the seed's flood: forged senders, two new recipient domains a message
        Flood one = flood("flood@one.test", List.of(alone), 0, n, RiskFloods.forged("one"), RiskFloods.newDomains("one", 2));
        Flood apart = flood("flood@apart.test", perNode, 0, n, RiskFloods.forged("apart"), RiskFloods.newDomains("apart", 2));
        Flood spread = flood("flood@spread.test", cluster, 0, n, RiskFloods.forged("spread"), RiskFloods.newDomains("spread", 2));
        // forged senders alone, all to one domain: only the forged-sender signal weighs (held at the third on one node)
        IntFunction<String[]> oneDomain = i -> new String[]{"victim" + i + "@victims.test"};
        Flood oneForged = flood("forged@one.test", List.of(alone), 0, n, RiskFloods.forged("fone"), oneDomain);
        Flood apartForged = flood("forged@apart.test", perNode, 0, n, RiskFloods.forged("fapart"), oneDomain);
        Flood spreadForged = flood("forged@spread.test", cluster, 0, n, RiskFloods.forged("fspread"), oneDomain);
        long scriptsBefore = scriptCalls(cluster.get(0));
        int neighbourOut = neighbour("neighbour@partner-shop.test", cluster, 20);
        long scripts = scriptCalls(cluster.get(0)) - scriptsBefore;

        System.out.printf("risk, forged-sender flood of %d messages, 2 new recipient domains each: out before the hold: "
                        + "one node %d; three nodes, each its own windows %d; three nodes on Redis %d (held %d, refused %d)%n",
                n, one.out(), apart.out(), spread.out(), spread.held(), spread.refused());
        System.out.printf("risk, forged-sender flood of %d messages to one domain: out before the hold: "
                        + "one node %d; three nodes, each its own windows %d; three nodes on Redis %d (held %d, refused %d)%n",
                n, oneForged.out(), apartForged.out(), spreadForged.out(), spreadForged.held(), spreadForged.refused());
        assertThat(one.out()).as("one node: held at its second message (PolicyRiskTest)").isEqualTo(1);
        assertThat(spread.out()).as("three nodes sharing the risk's windows: no more than one node").isLessThanOrEqualTo(one.out());
        assertThat(oneForged.out()).as("one node: held at the third forged message").isEqualTo(2);
        assertThat(spreadForged.out()).as("three nodes sharing the risk's windows: no more than one node")
                .isLessThanOrEqualTo(oneForged.out());
        assertThat(apartForged.out()).as("each node its own windows: each weighs only what it sees").isGreaterThan(spreadForged.out());
        assertThat(spread.held() + spread.refused()).isEqualTo(n - spread.out());
        assertThat(verdicts).anyMatch(v -> v.endsWith("flood@spread.test HOLD")).anyMatch(v -> v.endsWith("flood@spread.test SUSPEND"));
        for (Node node : cluster) {
            assertThat(node.risk.levelOf(Account.parse("flood@spread.test"))).as("%s holds or refuses the flooder", node.name)
                    .isNotEqualTo(RiskLevel.NONE);
        }
        assertThat(neighbourOut).as("the neighbour's mail, beside the flood on the same nodes").isEqualTo(20);
        System.out.printf("risk on Redis: %d scripts (round trips) for the neighbour's 20 messages (40 counted requests)%n", scripts);
        assertThat(scripts).as("one round trip per counted request: the risk's observation rides with the volume count")
                .isEqualTo(40);
        assertThat(verdicts).noneMatch(v -> v.contains("neighbour@"));

        // the volume counts: every message whose first request was not refused is counted once, in Redis; what the risk
        // refused after the count was taken back
        TrafficCounters.Window w = cluster.get(0).shared.window(Account.parse("flood@spread.test"));
        assertThat(w.messages()).as("the flooder's messages in the cluster's volume count").isEqualTo(spread.notRefusedAtFirst());
        assertThat(cluster.get(1).shared.window(Account.parse("neighbour@partner-shop.test")).messages()).isEqualTo(20);
    }

    @Test
    void redisKilledMidFloodTheFlooderStaysHeldOthersMailFlowsAndTheObservationsAreReplayedWhenItIsBack() {
        List<Node> cluster = start(3, true, "node");
        String flooder = "flooder@kill.test";
        IntFunction<String> forged = RiskFloods.forged("kill");
        IntFunction<String[]> domains = RiskFloods.newDomains("kill", 2);
        // the flood's first messages: the second node holds at the second message (its RCPTs went there)
        Flood before = flood(flooder, cluster, 0, 2, forged, domains);
        assertThat(before.out()).isEqualTo(1);
        assertThat(cluster.get(1).risk.levelOf(Account.parse(flooder))).isNotEqualTo(RiskLevel.NONE);

        redis.kill();
        long slowest;
        Flood during;
        int othersOut = 0;
        try {
            long start = System.nanoTime();
            during = flood(flooder, cluster, 2, 30, forged, domains);
            slowest = System.nanoTime() - start;
            for (int i = 0; i < 3; i++) {
                othersOut += neighbour("other" + i + "@others.test", cluster, 6);
            }
            assertThat(cluster).allMatch(x -> !x.store.available());
        } finally {
            redis.start();
        }
        System.out.printf("risk, Redis killed after the flood's 2nd message: %d of the next 30 flood messages out "
                        + "(held %d, refused %d) in %d ms; others' mail out: %d of 18%n",
                during.out(), during.held(), during.refused(), TimeUnit.NANOSECONDS.toMillis(slowest), othersOut);
        // each node weighs with its own windows meanwhile: the first node holds already, the others on their own share
        assertThat(during.out()).as("the flooder is still stopped (per node meanwhile)").isLessThanOrEqualTo(4);
        for (Node node : cluster) {
            assertThat(node.risk.levelOf(Account.parse(flooder))).as("%s holds or refuses the flooder", node.name)
                    .isNotEqualTo(RiskLevel.NONE);
        }
        assertThat(othersOut).as("the others' mail flows with Redis away").isEqualTo(18);

        Await.until("every node uses Redis again", Duration.ofSeconds(30), () -> cluster.stream().allMatch(x -> x.store.available()));
        // the new Redis started empty: each node replayed what it observed meanwhile: the others' messages are in the
        // shared windows again, each once
        SharedRiskWindows windows = cluster.get(2).shared.risk();
        RiskWindows.Counts c = windows.observe(Account.parse("other0@others.test"), System.currentTimeMillis(),
                new RiskWindows.Observation(0, null, List.of(), null, false, true));
        assertThat(c.messages10m()).as("other0's messages observed on three nodes while Redis was away").isEqualTo(6);
        assertThat(c.newDomainsHour()).as("partner.test, first seen once").isEqualTo(1);
        RiskWindows.Counts f = windows.observe(Account.parse(flooder), System.currentTimeMillis(),
                new RiskWindows.Observation(0, null, List.of(), null, false, true));
        System.out.printf("risk, after Redis came back: the flooder's shared windows hold %d messages in 10 min, %d foreign%n",
                f.messages10m(), f.foreign10m());
        assertThat(f.messages10m()).as("the flood's messages observed while Redis was away (those not refused at once)")
                .isPositive().isLessThanOrEqualTo(30);
    }
}
