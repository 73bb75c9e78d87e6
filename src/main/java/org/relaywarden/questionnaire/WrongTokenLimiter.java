package org.relaywarden.questionnaire;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing of questionnaire tokens: a client address that presented more than
 * {@code relaywarden.questionnaire.wrong-tokens-per-window} wrong tokens within the window gets the
 * "invalid link" page for every token, right or wrong, until the window has passed. The answer is
 * the same page as for an expired token, so a guesser learns nothing. Memory is bounded.
 * Behind a reverse proxy, set {@code server.forward-headers-strategy} so that the address is the client's.
 * This one counts in the node's memory; in a cluster {@link SharedWrongTokenLimiter} counts in the database.
 */
class WrongTokenLimiter {

    static final int MAX_CLIENTS = 10_000;

    protected final int limit;
    protected final Duration window;
    protected final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    WrongTokenLimiter(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** True while the client may still have a token looked up. */
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

    void failed(String client) {
        if (failures.size() >= MAX_CLIENTS && !failures.containsKey(client)) {
            failures.clear();
        }
        Deque<Instant> f = failures.computeIfAbsent(client, c -> new ArrayDeque<>());
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
