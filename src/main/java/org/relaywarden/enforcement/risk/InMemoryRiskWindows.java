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

    /** A sliding sum over {@code n} buckets of {@code width} ms. */
    static final class Buckets {
        private final long width;
        private final long[] counts;
        private final long[] starts;

        Buckets(int n, long width) {
            this.width = width;
            this.counts = new long[n];
            this.starts = new long[n];
        }

        void add(long now, long n) {
            long start = now - Math.floorMod(now, width);
            int i = (int) Math.floorMod(start / width, (long) counts.length);
            if (starts[i] != start) {
                starts[i] = start;
                counts[i] = 0;
            }
            counts[i] += n;
        }

        /** The sum of the buckets that started within the last {@code span} ms (span a multiple of the width). */
        long sum(long now, long span) {
            long from = now - Math.floorMod(now, width) - span + width;
            long total = 0;
            for (int i = 0; i < counts.length; i++) {
                if (starts[i] >= from && starts[i] <= now) {
                    total += counts[i];
                }
            }
            return total;
        }

        /** The start of the oldest non-empty bucket within the span, or -1. */
        long oldest(long now, long span) {
            long from = now - Math.floorMod(now, width) - span + width;
            long oldest = -1;
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0 && starts[i] >= from && starts[i] <= now && (oldest < 0 || starts[i] < oldest)) {
                    oldest = starts[i];
                }
            }
            return oldest;
        }
    }

    private static final class State {
        final Buckets messagesSec = new Buckets(60, 1_000);
        final Buckets messages10s = new Buckets(60, 10_000);
        final Buckets messagesMin = new Buckets(60, 60_000);
        final Buckets foreign10s = new Buckets(60, 10_000);
        final Buckets foreignDomains10s = new Buckets(60, 10_000);
        final Buckets newDomainsSec = new Buckets(60, 1_000);
        final Buckets newDomains10s = new Buckets(10, 1_000);
        final Buckets newDomainsMin = new Buckets(60, 60_000);
        final Buckets newNetworksMin = new Buckets(60, 60_000);
        final Buckets answered10s = new Buckets(60, 10_000);
        final Buckets deferred10s = new Buckets(60, 10_000);
        final Buckets refused10s = new Buckets(60, 10_000);
        final Map<String, Long> domains = new HashMap<>();
        final Map<String, Long> foreign = new HashMap<>();
        final Map<String, Long> networks = new HashMap<>();
        final Deque<String> latestDomains = new ArrayDeque<>();
        final Deque<String> latestNetworks = new ArrayDeque<>();
        final Deque<String> latestForeign = new ArrayDeque<>();
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
                }
            }
            String net = o.unknownNetwork();
            if (net != null && !s.networks.containsKey(net)) {
                boolean adopted = o.adoptFirstNetwork() && s.networks.isEmpty();
                if (s.networks.size() < MAX_NAMES) {
                    s.networks.put(net, now);
                }
                if (!adopted) {
                    s.newNetworksMin.add(now, 1);
                    remember(s.latestNetworks, net);
                }
            }
            long m1 = s.messagesSec.sum(now, 60_000);
            long oldest = s.messagesSec.oldest(now, 60_000);
            List<String> foreignNames = s.latestForeign.stream().filter(f -> now - s.foreign.getOrDefault(f, 0L) < 600_000)
                    .sorted().toList();
            return new Counts(m1, oldest < 0 ? 0 : now - oldest, s.messagesMin.sum(now, HOUR), s.messages10s.sum(now, 600_000),
                    s.foreign10s.sum(now, 600_000), foreignNames, s.foreignDomains10s.sum(now, 600_000),
                    s.newDomains10s.sum(now, 10_000), s.newDomainsSec.sum(now, 60_000), s.newDomainsMin.sum(now, HOUR),
                    List.copyOf(s.latestDomains), s.newNetworksMin.sum(now, HOUR), List.copyOf(s.latestNetworks),
                    s.answered10s.sum(now, 600_000), s.deferred10s.sum(now, 600_000), s.refused10s.sum(now, 600_000));
        }
    }

    @Override
    public void answered(Account account, long now, int accepted, int deferred, int refused) {
        State s = states.computeIfAbsent(account, a -> new State());
        synchronized (s) {
            s.last = Math.max(s.last, now);
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
