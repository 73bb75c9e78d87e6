package org.relaywarden.security;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down password guessing per client address and user, never locking anybody for good:
 * after {@code relaywarden.security.login.free-failures} wrong passwords (default 5) from one address for
 * one user, that address's next attempt for that user is refused unchecked until a delay has passed; the
 * delay starts at {@code initial-delay} (PT1S) and doubles with every further failure up to {@code max-delay}
 * (PT1M). It ends by itself; the right password resets it. Other addresses are not affected, so a stranger
 * cannot lock out a user (Camunda's own permanent lock is switched off, {@link ThrottledIdentityProvider}).
 * API tokens are not passwords and are not throttled here. Memory is bounded: beyond {@code max-entries}
 * (10000), the pair that failed longest ago is forgotten first.
 * Behind a reverse proxy, set {@code server.forward-headers-strategy} so that the address is the client's.
 */
@Component
public class LoginThrottle {

    private final int freeFailures;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final int maxEntries;
    private final Clock clock;
    private final Map<String, Failures> failures;

    LoginThrottle(@Value("${relaywarden.security.login.free-failures:5}") int freeFailures,
                  @Value("${relaywarden.security.login.initial-delay:PT1S}") Duration initialDelay,
                  @Value("${relaywarden.security.login.max-delay:PT1M}") Duration maxDelay,
                  @Value("${relaywarden.security.login.max-entries:10000}") int maxEntries,
                  Clock clock) {
        this.freeFailures = freeFailures;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.maxEntries = maxEntries;
        this.clock = clock;
        // access order: the pair touched longest ago is the eldest
        this.failures = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
                return size() > LoginThrottle.this.maxEntries;
            }
        };
    }

    private static final class Failures {
        int count;
        Instant last;
        Instant notBefore;
    }

    /** False while this client must wait before its next attempt for this user. */
    public synchronized boolean mayTry(String client, String user) {
        Failures f = failures.get(key(client, user));
        if (f == null) {
            return true;
        }
        Instant now = clock.instant();
        if (forgotten(f, now)) {
            failures.remove(key(client, user));
            return true;
        }
        return f.notBefore == null || !now.isBefore(f.notBefore);
    }

    public synchronized void failed(String client, String user) {
        Instant now = clock.instant();
        Failures f = failures.computeIfAbsent(key(client, user), k -> new Failures());
        if (f.last != null && forgotten(f, now)) {
            f.count = 0;
            f.notBefore = null;
        }
        f.count++;
        f.last = now;
        if (f.count >= freeFailures) {
            int doublings = Math.min(f.count - freeFailures, 30);
            Duration delay = initialDelay.multipliedBy(1L << doublings);
            f.notBefore = now.plus(delay.compareTo(maxDelay) > 0 ? maxDelay : delay);
        }
    }

    public synchronized void succeeded(String client, String user) {
        failures.remove(key(client, user));
    }

    synchronized int size() {
        return failures.size();
    }

    /** A pair that has been quiet for twice the longest delay starts afresh. */
    private boolean forgotten(Failures f, Instant now) {
        return f.last.plus(maxDelay.multipliedBy(2)).isBefore(now);
    }

    private static String key(String client, String user) {
        return client + '\u0000' + user;
    }
}
