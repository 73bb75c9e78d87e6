package org.relaywarden.testsupport;

import java.time.Duration;
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
        boolean held = within(max, () -> {
            try {
                return condition.getAsBoolean();
            } catch (RuntimeException e) {
                return false; // not yet
            }
        });
        if (!held) {
            fail("not within " + max + ": " + what);
        }
    }

    /** Asks {@code condition} every 50 ms until it holds, at most {@code max}; whether it held. */
    public static boolean within(Duration max, BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
