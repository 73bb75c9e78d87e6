package org.relaywarden.enforcement.risk;

import org.relaywarden.account.Account;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link RiskWindows} in this node's memory: per account a few bucketed counters (one lock per account,
 * a handful of array updates per request) and the domains and networks it was first seen with.
 */
public final class InMemoryRiskWindows implements RiskWindows {

    static final long HOUR = 3_600_000;
    /** At most this many first-seen names per account and kind are remembered (beyond, each counts as new). */
    static final int MAX_NAMES = 20_000;
    private static final int SAMPLE = 6;

    /**
     * A sliding sum over {@code n} buckets of {@code width} ms: a ring of counts behind the newest bucket
     * written (the buckets' starts follow from its index), with the ring's total kept for the full-span sums.
     * A quarter of the memory of one start and one long count per bucket: every account that sends has a
     * handful of these, and on a busy node they were most of what its young collections copied.
     */
    static final class Buckets {
        private final long width;
        private final int[] counts;
        /** Index (ms / width) of the newest bucket written; the ring holds the {@code n} buckets up to it. */
        private long newest = Long.MIN_VALUE;
        private long total;

        Buckets(int n, long width) {
            this.width = width;
            this.counts = new int[n];
        }

        void add(long now, long n) {
            long b = Math.floorDiv(now, width);
            advance(b);
            if (b <= newest - counts.length) {
                return; // older than the ring (a clock read long before the lock was taken): outside every span
            }
            counts[slot(b)] += (int) n;
            total += n;
        }

        /** Clears the buckets between the newest written and {@code b}, which becomes the newest. */
        private void advance(long b) {
            if (newest == Long.MIN_VALUE) {
                newest = b;
                return;
            }
            if (b <= newest) {
                return;
            }
            long steps = Math.min(b - newest, counts.length);
            for (long i = 1; i <= steps; i++) {
                int slot = slot(newest + i);
                total -= counts[slot];
                counts[slot] = 0;
            }
            newest = b;
        }

        private int slot(long bucket) {
            return (int) Math.floorMod(bucket, (long) counts.length);
        }

        /** The sum of the buckets that started within the last {@code span} ms (span a multiple of the width). */
        long sum(long now, long span) {
            if (newest == Long.MIN_VALUE) {
                return 0;
            }
            long b = Math.floorDiv(now, width);
            int k = (int) (span / width);
            if (k >= counts.length && b >= newest) {
                advance(b);
                return total;
            }
            long hi = Math.min(b, newest), lo = Math.max(b - k + 1, newest - counts.length + 1);
            long sum = 0;
            for (long i = lo; i <= hi; i++) {
                sum += counts[slot(i)];
            }
            return sum;
        }

        /** The start of the oldest non-empty bucket within the span, or -1. */
        long oldest(long now, long span) {
            if (newest == Long.MIN_VALUE) {
                return -1;
            }
            long b = Math.floorDiv(now, width);
            long hi = Math.min(b, newest), lo = Math.max(b - span / width + 1, newest - counts.length + 1);
            for (long i = lo; i <= hi; i++) {
                if (counts[slot(i)] > 0) {
                    return i * width;
                }
            }
            return -1;
        }

        static long sum(Buckets b, long now, long span) {
            return b == null ? 0 : b.sum(now, span);
        }
    }

    /**
     * One account's windows. Those of signals most accounts never show (foreign senders, new networks, the
     * receiving servers' answers) are made at their first count.
     */
    private static final class State {
        final Buckets messagesSec = new Buckets(60, 1_000);
        final Buckets messages10s = new Buckets(60, 10_000);
        final Buckets messagesMin = new Buckets(60, 60_000);
        Buckets foreign10s;
        Buckets foreignDomains10s;
        final Buckets newDomainsSec = new Buckets(60, 1_000);
        final Buckets newDomains10s = new Buckets(10, 1_000);
        final Buckets newDomainsMin = new Buckets(60, 60_000);
        Buckets newNetworksMin;
        Buckets answered10s;
        Buckets deferred10s;
        Buckets refused10s;
        final Map<String, Long> domains = new HashMap<>();
        final Map<String, Long> foreign = new HashMap<>();
        final Map<String, Long> networks = new HashMap<>();
        final Deque<String> latestDomains = new ArrayDeque<>(SAMPLE + 1);
        final Deque<String> latestNetworks = new ArrayDeque<>(SAMPLE + 1);
        final Deque<String> latestForeign = new ArrayDeque<>(SAMPLE + 1);
        /** Copies of the samples as the counts name them, made again only when a sample changes. */
        List<String> domainNames = List.of();
        List<String> networkNames = List.of();
        long last;
    }

    private final Map<Account, State> states = new ConcurrentHashMap<>();

    @Override
    public Counts observe(Account account, long now, Observation o) {
        State s = states.computeIfAbsent(account, a -> new State());
        synchronized (s) {
            s.last = now;
            if (o.messages() > 0) {
                s.messagesSec.add(now, o.messages());
                s.messages10s.add(now, o.messages());
                s.messagesMin.add(now, o.messages());
                if (o.foreignSender() != null) {
                    if (s.foreign10s == null) {
                        s.foreign10s = new Buckets(60, 10_000);
                    }
                    s.foreign10s.add(now, o.messages());
                }
            }
            if (o.foreignSender() != null) {
                Long seen = s.foreign.get(o.foreignSender());
                if (seen == null || now - seen >= 600_000) {
                    // distinct within 10 minutes: counted again once its last count left the window
                    if (s.foreign.size() < MAX_NAMES || seen != null) {
                        s.foreign.put(o.foreignSender(), now);
                    }
                    if (s.foreignDomains10s == null) {
                        s.foreignDomains10s = new Buckets(60, 10_000);
                    }
                    s.foreignDomains10s.add(now, 1);
                    s.latestForeign.remove(o.foreignSender());
                    remember(s.latestForeign, o.foreignSender());
                }
            }
            for (String d : o.unknownDomains()) {
                if (!s.domains.containsKey(d)) {
                    if (s.domains.size() < MAX_NAMES) {
                        s.domains.put(d, now);
                    }
                    s.newDomainsSec.add(now, 1);
                    if (o.inBurstWindow()) {
                        s.newDomains10s.add(now, 1);
                    }
                    s.newDomainsMin.add(now, 1);
                    remember(s.latestDomains, d);
                    s.domainNames = List.copyOf(s.latestDomains);
                }
            }
            String net = o.unknownNetwork();
            if (net != null && !s.networks.containsKey(net)) {
                boolean adopted = o.adoptFirstNetwork() && s.networks.isEmpty();
                if (s.networks.size() < MAX_NAMES) {
                    s.networks.put(net, now);
                }
                if (!adopted) {
                    if (s.newNetworksMin == null) {
                        s.newNetworksMin = new Buckets(60, 60_000);
                    }
                    s.newNetworksMin.add(now, 1);
                    remember(s.latestNetworks, net);
                    s.networkNames = List.copyOf(s.latestNetworks);
                }
            }
            long m1 = s.messagesSec.sum(now, 60_000);
            long oldest = s.messagesSec.oldest(now, 60_000);
            List<String> foreignNames = s.latestForeign.isEmpty() ? List.of() : s.latestForeign.stream()
                    .filter(f -> now - s.foreign.getOrDefault(f, 0L) < 600_000).sorted().toList();
            return new Counts(m1, oldest < 0 ? 0 : now - oldest, s.messagesMin.sum(now, HOUR), s.messages10s.sum(now, 600_000),
                    Buckets.sum(s.foreign10s, now, 600_000), foreignNames, Buckets.sum(s.foreignDomains10s, now, 600_000),
                    s.newDomains10s.sum(now, 10_000), s.newDomainsSec.sum(now, 60_000), s.newDomainsMin.sum(now, HOUR),
                    s.domainNames, Buckets.sum(s.newNetworksMin, now, HOUR), s.networkNames,
                    Buckets.sum(s.answered10s, now, 600_000), Buckets.sum(s.deferred10s, now, 600_000),
                    Buckets.sum(s.refused10s, now, 600_000));
        }
    }

    @Override
    public void answered(Account account, long now, int accepted, int deferred, int refused) {
        State s = states.computeIfAbsent(account, a -> new State());
        synchronized (s) {
            s.last = Math.max(s.last, now);
            if (s.answered10s == null) {
                s.answered10s = new Buckets(60, 10_000);
                s.deferred10s = new Buckets(60, 10_000);
                s.refused10s = new Buckets(60, 10_000);
            }
            s.answered10s.add(now, (long) accepted + deferred + refused);
            s.deferred10s.add(now, deferred);
            s.refused10s.add(now, refused);
        }
    }

    private static void remember(Deque<String> latest, String name) {
        latest.addLast(name);
        if (latest.size() > SAMPLE) {
            latest.removeFirst();
        }
    }

    @Override
    public void forget(Account account) {
        states.remove(account);
    }

    @Override
    public void sweep(long now) {
        states.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return now - e.getValue().last > HOUR + 60_000;
            }
        });
    }
}
