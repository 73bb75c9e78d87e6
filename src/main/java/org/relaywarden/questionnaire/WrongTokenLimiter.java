package org.relaywarden.questionnaire;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down guessing of questionnaire tokens: a client address that presented more than
 * {@code relaywarden.questionnaire.wrong-tokens-per-window} wrong tokens within the window is answered
 * 429 with {@code Retry-After} for every further wrong token until the window has passed. A valid token
 * always works, so customers behind the guesser's address (NAT, a proxy) are not locked out. The page is
 * the same as for an expired token, so a guesser learns nothing about tokens. Memory is bounded: beyond
 * {@link #MAX_CLIENTS} the client that failed longest ago is forgotten first (never all at once).
 * Behind a reverse proxy, set {@code server.forward-headers-strategy} so that the address is the client's.
 * This one counts in the node's memory; in a cluster {@link SharedWrongTokenLimiter} counts in the database.
 */
class WrongTokenLimiter {

    static final int MAX_CLIENTS = 10_000;

    protected final int limit;
    protected final Duration window;
    protected final Clock clock;
    /** Access order: the client touched longest ago is the eldest, and the one forgotten at the bound. */
    private final Map<String, Deque<Instant>> failures = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
                    return size() > MAX_CLIENTS;
                }
            });

    WrongTokenLimiter(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** True while the client is under the limit of wrong tokens. */
    boolean allowed(String client) {
        Deque<Instant> f = failures.get(client);
        if (f == null) {
            return true;
        }
        synchronized (f) {
            prune(f);
            return f.size() < limit;
        }
    }

    /** True once the client has presented more wrong tokens than the limit within the window. */
    boolean over(String client) {
        Deque<Instant> f = failures.get(client);
        if (f == null) {
            return false;
        }
        synchronized (f) {
            prune(f);
            return f.size() > limit;
        }
    }

    void failed(String client) {
        Deque<Instant> f;
        synchronized (failures) {
            f = failures.computeIfAbsent(client, c -> new ArrayDeque<>());
        }
        synchronized (f) {
            prune(f);
            if (f.size() < limit * 2) {
                f.addLast(clock.instant());
            }
        }
    }

    private void prune(Deque<Instant> f) {
        Instant horizon = clock.instant().minus(window);
        while (!f.isEmpty() && f.peekFirst().isBefore(horizon)) {
            f.removeFirst();
        }
    }
}
