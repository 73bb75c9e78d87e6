package org.relaywarden.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.fail;

/** Waiting in tests with a deadline, never sleep-and-assert. */
public final class Await {

    private static final Duration POLL = Duration.ofMillis(50);

    private Await() {
    }

    /**
     * Asks {@code condition} every 50 ms until it holds, at most {@code max}; a RuntimeException counts as "not yet"
     * (a server that is away for a moment). Fails naming {@code what}.
     */
    public static void until(String what, Duration max, BooleanSupplier condition) {
        until(what, max, condition, () -> "");
    }

    /**
     * As {@link #until(String, Duration, BooleanSupplier)}; when it gives up, the failure also carries
     * {@code diagnosis} (logs, the engine's jobs: what a reader of a failed run needs).
     */
    public static void until(String what, Duration max, BooleanSupplier condition, Supplier<String> diagnosis) {
        if (!quietly(max, condition)) {
            String more = diagnosis.get();
            fail("not within " + max + ": " + what + (more.isEmpty() ? "" : "\n" + more));
        }
    }

    /** Asks {@code condition} every 50 ms until it holds, at most {@code max}, a RuntimeException counting as "not yet"; whether it held. */
    public static boolean quietly(Duration max, BooleanSupplier condition) {
        return within(max, () -> {
            try {
                return condition.getAsBoolean();
            } catch (RuntimeException e) {
                return false; // not yet
            }
        });
    }

    /** Asks {@code condition} every 50 ms until it holds, at most {@code max}; whether it held. */
    public static boolean within(Duration max, BooleanSupplier condition) {
        return within(max, POLL, condition);
    }

    /** Asks {@code condition} every {@code poll} until it holds, at most {@code max}; whether it held. */
    public static boolean within(Duration max, Duration poll, BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
