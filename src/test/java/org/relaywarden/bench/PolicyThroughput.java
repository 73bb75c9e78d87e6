package org.relaywarden.bench;

import org.relaywarden.testsupport.Ports;
import org.relaywarden.enforcement.policy.AccountStates;
import org.relaywarden.enforcement.policy.RefusalCode;
import org.relaywarden.enforcement.RefusedAttemptRecorder;
import org.relaywarden.enforcement.policy.PolicyDecider;
import org.relaywarden.enforcement.risk.AccountProfiles;
import org.relaywarden.enforcement.risk.InMemoryRiskWindows;
import org.relaywarden.enforcement.risk.RiskCore;
import org.relaywarden.enforcement.risk.RiskListener;
import org.relaywarden.enforcement.risk.RiskSettings;
import org.relaywarden.enforcement.risk.SharedRiskWindows;
import org.relaywarden.enforcement.policy.PolicyServer;
import org.relaywarden.enforcement.policy.TrafficCounters;
import org.relaywarden.enforcement.limits.LearnedLimits;
import org.relaywarden.enforcement.limits.LimitSettings;
import org.relaywarden.enforcement.limits.SendingLimits;
import org.relaywarden.account.Account;
import org.relaywarden.cluster.redis.RedisSettings;
import org.relaywarden.cluster.redis.SharedStore;
import org.relaywarden.enforcement.RefusedAttemptRecorder;
import org.relaywarden.enforcement.RelayTraffic;
import org.relaywarden.enforcement.policy.SharedCounts;
import org.relaywarden.testsupport.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Figure 1: Relaywarden's policy service against postfwd2 and policyd-rate-limit under the same
 * load ({@link PolicyLoad}), each run measuring all three one after the other on the same machine.
 */
final class PolicyThroughput {

    /** The connections of the earlier figure (50) and of the goal of issue #14 (8). */
    static final int[] CONNECTIONS = {50, 8};
    static final int ACCOUNTS = 20_000;
    static final double WARMUP = 3, MEASURE = 10;

    private PolicyThroughput() {
    }

    static void measure(int runs) throws Exception {
        for (int connections : CONNECTIONS) {
            measure(runs, connections);
        }
    }

    /**
     * Figure 1's Redis row alone ({@code -Dbench.figures=1r}): at 8 connections the in-memory core and the core counting
     * in Redis one after the other, each with the CPU it used (the benchmark JVM, load generator included, and Redis):
     * requests per CPU-second say what a request costs when other jobs share the machine. Redis' own view is added:
     * its commands per request and the microseconds per script call (INFO commandstats).
     */
    static void measureRedisRow(int runs) throws Exception {
        int connections = 8;
        Map<String, List<PolicyLoad.Result>> results = new LinkedHashMap<>();
        Map<String, String> setups = new LinkedHashMap<>();
        Map<String, List<Double>> perCpu = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
            double cpu = jvmCpuSeconds();
            try (PolicyServer rw = new PolicyServer(new Core(null).decider,
                    new InetSocketAddress("127.0.0.1", 0), 200, Duration.ofMinutes(5), Duration.ofSeconds(10))) {
                rw.start();
                PolicyLoad.Result r = PolicyLoad.run(rw.port(), connections, ACCOUNTS, "r" + run + "u", WARMUP, MEASURE);
                cpu = jvmCpuSeconds() - cpu;
                add(results, "Relaywarden", r);
                perCpu.computeIfAbsent("Relaywarden", k -> new ArrayList<>()).add(r.requests() / ((WARMUP + MEASURE) / MEASURE) / cpu);
            }
            setups.put("Relaywarden", "the policy core counting in memory, as in figure 1");
            measureWithRedis(results, setups, connections, "r" + run + "x");
            perCpu.computeIfAbsent(WITH_REDIS, k -> new ArrayList<>()).add(lastRedisPerCpu);
        }
        String load = "%d keep-alive connections, one request at a time each, Postfix 3.7 RCPT requests with sasl_username "
                + "(3 recipients per transaction, %,d logins, none over the limit), %.0f s warm-up + %.0f s measured, %d runs; "
                + "load generator in the benchmark JVM, same 2 cores";
        load = load.formatted(connections, ACCOUNTS, WARMUP, MEASURE, runs);
        for (Map.Entry<String, List<PolicyLoad.Result>> e : results.entrySet()) {
            List<PolicyLoad.Result> rs = e.getValue();
            Spread rate = Spread.of(rs.stream().map(PolicyLoad.Result::perSecond).toList());
            Spread p50 = Spread.of(rs.stream().map(PolicyLoad.Result::p50Ms).toList());
            Spread p99 = Spread.of(rs.stream().map(PolicyLoad.Result::p99Ms).toList());
            Spread cpu = Spread.of(perCpu.get(e.getKey()));
            RelaywardenBench.row("1r. policy service, 8 connections: " + e.getKey(),
                    "%s req/s, p50 %s ms, p99 %s ms, %s requests per CPU-second%s".formatted(rate.format("%.0f"), p50.format("%.2f"),
                            p99.format("%.2f"), cpu.format("%.0f"), e.getKey().equals(WITH_REDIS)
                                    ? " (goal >= 20000 req/s at p99 <= 2 ms: %s)".formatted(rate.median() >= 20_000 && p99.median() <= 2
                                    ? "met" : "NOT met") : ""),
                    setups.get(e.getKey()) + "; CPU: the benchmark JVM (policy core and load generator)"
                            + (e.getKey().equals(WITH_REDIS) ? " and redis-server" : "") + " during warm-up and measurement; " + load);
        }
    }

    /** CPU seconds the benchmark JVM used so far (all its threads). */
    static double jvmCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /** Requests per CPU-second of the latest Redis run (the JVM's CPU and Redis'). */
    private static double lastRedisPerCpu;

    /** Redis' CPU seconds so far (INFO cpu), or NaN. */
    private static double redisCpuSeconds(SharedStore store) {
        String info = store.call(c -> c.info("cpu"));
        if (info == null) {
            return Double.NaN;
        }
        double s = 0;
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                s += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return s;
    }

    /** Redis' commands and their cost (INFO commandstats): {@code cmd=calls x usec_per_call us}. */
    private static String redisCommands(SharedStore store, long requests) {
        String info = store.call(c -> c.info("commandstats"));
        if (info == null) {
            return "(Redis did not answer INFO)";
        }
        List<String> parts = new ArrayList<>();
        for (String line : info.split("\\r?\\n")) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            String name = line.substring(8, line.indexOf(':'));
            long calls = Long.parseLong(line.replaceAll("^[^:]*:calls=(\\d+),.*", "$1"));
            String usec = line.replaceAll(".*usec_per_call=([0-9.]+).*", "$1");
            if (calls >= requests / 100) {
                parts.add("%s %,d calls (%.2f per request), %s µs each".formatted(name, calls, calls / (double) requests, usec));
            }
        }
        return String.join("; ", parts);
    }

    static void measure(int runs, int connections) throws Exception {
        boolean peers = PolicyPeer.installed("postfwd") && PolicyPeer.installed("policyd-rate-limit");
        Map<String, List<PolicyLoad.Result>> results = new LinkedHashMap<>();
        Map<String, String> setups = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
            String prefix = "r" + run + "u";
            // as PolicyCoreConfiguration wires them: counts recorded for the learned limits (in memory: the writing to the
            // database is a thread of its own), the default limits checked on every message and recipient, the risk
            // weighed (profiles in memory: nothing is learned yet, every account is new)
            try (PolicyServer rw = new PolicyServer(new Core(null).decider,
                    new InetSocketAddress("127.0.0.1", 0), 200, Duration.ofMinutes(5), Duration.ofSeconds(10))) {
                rw.start();
                add(results, "Relaywarden", PolicyLoad.run(rw.port(), connections, ACCOUNTS, prefix, WARMUP, MEASURE));
                setups.put("Relaywarden", "PolicyServer + PolicyDecider + TrafficCounters started standalone in the "
                        + "benchmark JVM (as PostfixConfiguration wires them, without the metrics observer); it counts "
                        + "every message once and checks it against the account's limit on the request path "
                        + "(relaywarden.limits defaults, 750 messages an hour) and weighs its risk (relaywarden.risk defaults: "
                        + "the load's senders are not the logins' own, so its accounts are held and keep being weighed)");
            }
            measureWithRedis(results, setups, connections, "r" + run + "x");
            if (!peers) {
                continue;
            }
            try (PolicyPeer postfwd = PolicyPeer.postfwd(Ports.freePort(), connections)) {
                add(results, postfwd.name, PolicyLoad.run(postfwd.port, connections, ACCOUNTS, prefix, WARMUP, MEASURE));
                setups.put(postfwd.name, postfwd.setup);
            }
            try (PolicyPeer prl = PolicyPeer.policydRateLimit(Ports.freePort())) {
                add(results, prl.name, PolicyLoad.run(prl.port, connections, ACCOUNTS, prefix, WARMUP, MEASURE));
                setups.put(prl.name, prl.setup);
            }
        }
        String load = "%d keep-alive connections, one request at a time each, Postfix 3.7 RCPT requests with sasl_username "
                + "(3 recipients per transaction, %,d logins, none over the limit), %.0f s warm-up + %.0f s measured, %d runs; "
                + "load generator in the benchmark JVM, same 2 cores";
        load = load.formatted(connections, ACCOUNTS, WARMUP, MEASURE, runs);
        Spread rwRate = null, rwP99 = null;
        Spread bestPeerRate = null, bestPeerP99 = null;
        String bestPeer = null;
        for (Map.Entry<String, List<PolicyLoad.Result>> e : results.entrySet()) {
            List<PolicyLoad.Result> rs = e.getValue();
            Spread rate = Spread.of(rs.stream().map(PolicyLoad.Result::perSecond).toList());
            Spread p50 = Spread.of(rs.stream().map(PolicyLoad.Result::p50Ms).toList());
            Spread p99 = Spread.of(rs.stream().map(PolicyLoad.Result::p99Ms).toList());
            long errors = rs.stream().mapToLong(PolicyLoad.Result::errors).sum();
            RelaywardenBench.row("1. policy service, " + connections + " connections: " + e.getKey(), "%s req/s, p50 %s ms, p99 %s ms%s".formatted(
                            rate.format("%.0f"), p50.format("%.2f"), p99.format("%.2f"),
                            errors == 0 ? "" : ", " + errors + " broken connections"),
                    setups.get(e.getKey()) + "; answered `" + rs.get(0).firstAction() + "`; " + load);
            if (e.getKey().equals("Relaywarden")) {
                rwRate = rate;
                rwP99 = p99;
            } else if (e.getKey().equals(WITH_REDIS)) {
                if (connections == 8) {
                    RelaywardenBench.row("1. policy service, 8 connections: Relaywarden with Redis against the goal",
                            "%s req/s, p99 %s ms (goal >= 20000 req/s at p99 <= 2 ms: %s)".formatted(rate.format("%.0f"),
                                    p99.format("%.2f"), rate.median() >= 20_000 && p99.median() <= 2 ? "met" : "NOT met"), load);
                }
            } else if (bestPeerRate == null || rate.median() > bestPeerRate.median()) {
                bestPeerRate = rate;
                bestPeerP99 = p99;
                bestPeer = e.getKey();
            }
        }
        if (bestPeerRate == null) {
            goal(connections, rwRate, rwP99, load);
            RelaywardenBench.row("1. policy service vs postfwd / policyd-rate-limit", "peers not measured",
                    "postfwd or policyd-rate-limit is not installed: run .ci/bench-setup.sh");
            return;
        }
        double ratio = rwRate.median() / bestPeerRate.median();
        boolean met = ratio >= 5 && rwP99.median() < bestPeerP99.median();
        goal(connections, rwRate, rwP99, load);
        RelaywardenBench.row("1. policy service, " + connections + " connections: Relaywarden vs the faster peer (" + bestPeer + ")",
                "%.1fx the requests/s, p99 %.2f vs %.2f ms (goal >= 5x at a lower p99: %s)".formatted(ratio, rwP99.median(),
                        bestPeerP99.median(), met ? "met" : "NOT met"),
                "ratio of the medians of " + runs + " runs; " + load);
    }

    /** Issue #14's goal for the policy service at 8 connections, limits included. */
    private static void goal(int connections, Spread rate, Spread p99, String load) {
        if (connections == 8) {
            RelaywardenBench.row("1. policy service, 8 connections: Relaywarden against the goal",
                    "%s req/s, p99 %s ms (goal >= 20000 req/s at p99 <= 2 ms: %s)".formatted(rate.format("%.0f"),
                            p99.format("%.2f"), rate.median() >= 20_000 && p99.median() <= 2 ? "met" : "NOT met"), load);
        }
    }

    static final String WITH_REDIS = "Relaywarden with Redis";

    /**
     * The policy core as PostfixConfiguration wires it: counts recorded for the learned limits (in memory: the writing
     * to the database is a thread of its own), the default limits checked on every message and recipient; with
     * {@code shared} counting in Redis.
     */
    private static final class Core {
        final TrafficCounters counters;
        final PolicyDecider decider;

        Core(SharedCounts shared) {
            LimitSettings limitSettings = LimitSettings.defaults();
            LearnedLimits learned = new LearnedLimits(null, limitSettings, "bench", Clock.systemUTC());
            counters = new TrafficCounters(Clock.systemUTC(), "bench",
                    (account, at, messages, recipients, client) -> learned.record(account, at, messages, recipients),
                    limitSettings.window());
            RiskCore risk = new RiskCore(RiskSettings.defaults(), new AccountProfiles(null, RiskSettings.defaults(), "bench",
                    Clock.systemUTC()), shared == null ? new InMemoryRiskWindows() : shared.risk(), RiskListener.NONE,
                    RiskCore.Observer.NONE, Clock.systemUTC());
            decider = new PolicyDecider(new AccountStates(), counters, () -> RefusalCode.parse("451"), Clock.systemUTC(),
                    new SendingLimits(limitSettings, learned, account -> null), (account, reason) -> { }, RefusedAttemptRecorder.NONE,
                    risk, shared);
        }
    }

    /**
     * The same policy core counting in a private Redis (Debian's redis-server on loopback, as a cluster node does):
     * one script per counted request. Afterwards the counts are checked: what Redis holds for every account equals
     * what the node counted (exact), else the row says so.
     */
    private static void measureWithRedis(Map<String, List<PolicyLoad.Result>> results, Map<String, String> setups,
                                         int connections, String prefix) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // a 1 s timeout: the figure is Redis on the request path; with the default 100 ms a loaded machine opens the
        // breaker now and then and the node counts on its own meanwhile (faster, and not what is measured here)
        try (RedisServer redis = RedisServer.startNew();
             SharedStore store = new SharedStore(new RedisSettings(redis.url(), Duration.ofSeconds(1), Duration.ofMillis(200), "rw:"),
                     "bench", registry)) {
            store.start();
            double jvmCpu = jvmCpuSeconds(), redisCpu = redisCpuSeconds(store);
            // as PolicyCoreConfiguration wires it: the risk's windows in the same Redis, counted in the volume's script
            SharedCounts shared = new SharedCounts(store, Clock.systemUTC(), LimitSettings.defaults().window(),
                    new SharedRiskWindows(store, new InMemoryRiskWindows(), SharedCounts.TRANSACTION_TTL.toMillis()));
            Core core = new Core(shared);
            TrafficCounters counters = core.counters;
            try (PolicyServer rw = new PolicyServer(core.decider, new InetSocketAddress("127.0.0.1", 0), 200, Duration.ofMinutes(5),
                    Duration.ofSeconds(10))) {
                rw.start();
                PolicyLoad.Result r = PolicyLoad.run(rw.port(), connections, ACCOUNTS, prefix, WARMUP, MEASURE);
                jvmCpu = jvmCpuSeconds() - jvmCpu;
                redisCpu = redisCpuSeconds(store) - redisCpu;
                // every request of warm-up and measurement, at the measured rate (the load counts only the measured ones)
                long all = Math.round(r.requests() * (WARMUP + MEASURE) / MEASURE);
                lastRedisPerCpu = all / (jvmCpu + redisCpu);
                redisView = "CPU per request: %.0f µs in the benchmark JVM, %.0f µs in Redis; ".formatted(jvmCpu / all * 1e6,
                        redisCpu / all * 1e6) + redisCommands(store, all);
                add(results, WITH_REDIS, r);
            }
            double openings = registry.get("relaywarden.redis.breaker.openings").counter().count();
            // what was counted while the breaker was open is merged when it closes
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!store.available() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            long local = 0, inRedis = 0, accounts = 0;
            boolean complete = store.available();
            for (Map.Entry<Account, RelayTraffic.Activity> e : counters.activitySince(Instant.now().minus(Duration.ofHours(1)))
                    .entrySet()) {
                TrafficCounters.Window w = shared.window(e.getKey());
                complete &= w != null;
                local += e.getValue().messages();
                inRedis += w == null ? 0 : w.messages();
                accounts++;
            }
            String check = (complete && local == inRedis
                    ? "counts exact: Redis holds the %,d messages of %,d accounts the node counted".formatted(inRedis, accounts)
                    : "counts NOT exact: the node counted %,d messages, Redis holds %,d (Redis answering at the end: %s)"
                    .formatted(local, inRedis, complete))
                    + "; breaker opened %.0f times during the run (counted on the node meanwhile, merged after)".formatted(openings);
            setups.put(WITH_REDIS, "the same, counting in Redis 7.0 (Debian's redis-server, private, loopback, no persistence) "
                    + "through cluster/redis.SharedStore (one Lettuce connection, one script per counted request, the requests that arrive "
                    + "while one script call is in flight grouped into the next call (cluster/redis.GroupCommit), 1 s timeout); "
                    + check + "; Redis' commands (INFO commandstats, warm-up and measurement): " + redisView);
        }
    }

    private static String redisView = "";

    private static void add(Map<String, List<PolicyLoad.Result>> results, String name, PolicyLoad.Result r) {
        System.out.printf("policy load %s: %.0f req/s p50 %.2f ms p99 %.2f ms (%d requests, %d errors)%n", name,
                r.perSecond(), r.p50Ms(), r.p99Ms(), r.requests(), r.errors());
        results.computeIfAbsent(name, k -> new ArrayList<>()).add(r);
    }
}
