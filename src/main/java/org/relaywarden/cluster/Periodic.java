package org.relaywarden.cluster;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A task run on a daemon thread of its own, again and again with a fixed delay: the cluster's
 * background work (lease renewal, following relay states, writing traffic counts) must not wait
 * behind slow scheduled work on Spring's shared scheduler.
 */
public final class Periodic {

    private final ScheduledExecutorService executor;

    private Periodic(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /** Runs {@code task} every {@code every} (at least 10 ms), the first time after one interval. */
    public static Periodic start(String threadName, Duration every, Runnable task) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(10, every.toMillis());
        executor.scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
        return new Periodic(executor);
    }

    /** Stops it and waits (at most 5 s) for a run in progress to end. */
    public void stop() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs {@code task}; a failure is logged as a warning ({@code what} failed, {@code then} what happens now) and
     * swallowed: background work that is tried again at its next run.
     */
    public static void quietly(Logger log, String what, String then, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("{} failed, {}: {}", what, then, e.toString());
        }
    }

    public boolean running() {
        return !executor.isShutdown();
    }
}
