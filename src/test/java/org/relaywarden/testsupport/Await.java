package org.relaywarden.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.fail;

/** Waiting in tests with a deadline, never sleep-and-assert. */
public final class Await {

    private Await() {
    }

    /**
     * Asks {@code condition} every 50 ms until it holds, at most {@code max}; a RuntimeException counts as "not yet"
     * (a server that is away for a moment). Fails naming {@code what}.
     */
    public static void until(String what, Duration max, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(max);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not yet
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        fail("not within " + max + ": " + what);
    }
}
