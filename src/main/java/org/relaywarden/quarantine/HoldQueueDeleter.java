package org.relaywarden.quarantine;

import org.relaywarden.enforcement.MailQueue;
import org.relaywarden.enforcement.QueuedMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Deletes committed batches from the hold queue on threads of its own, with up to
 * {@code processes} delete calls (postsuper processes) at a time. An idle thread takes what is
 * waiting, at most {@link #CALL_LIMIT} messages: batches that wait go in one call (each call starts
 * a postsuper, some 30 ms here), and a backlog is shared among the threads. Several calls at once
 * help where each file's unlink waits for the disk (here a synchronous discard per file: 10,000
 * deletes 2.4 s in one postsuper, 1.9 s in four). After a failed call no further call starts;
 * calls already running finish.
 */
final class HoldQueueDeleter {

    /** Most messages in one delete call, so that a backlog is shared among the threads. */
    static final int CALL_LIMIT = 500;
    private static final Logger log = LoggerFactory.getLogger(HoldQueueDeleter.class);

    private final MailQueue queue;
    private final Object lock = new Object();
    private final List<QueuedMessage> pending = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private boolean closed;
    private RuntimeException failure;
    private long busyNanos;
    private int calls;
    private int mostAtOnce;
    private int running;
    private long startedWaiting;

    HoldQueueDeleter(MailQueue queue, int processes) {
        if (processes < 1) {
            throw new IllegalArgumentException("at least one delete process, not " + processes);
        }
        this.queue = queue;
        for (int i = 1; i <= processes; i++) {
            Thread thread = new Thread(this::run, "quarantine-delete-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    void delete(List<QueuedMessage> batch) {
        synchronized (lock) {
            if (failure == null && !batch.isEmpty()) {
                pending.addAll(batch);
                lock.notifyAll();
            }
        }
    }

    private void run() {
        while (true) {
            List<QueuedMessage> next;
            synchronized (lock) {
                while (pending.isEmpty() && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        failure = new IllegalStateException("interrupted while deleting quarantined messages", e);
                        pending.clear();
                        return;
                    }
                }
                if (pending.isEmpty() || failure != null) {
                    return;
                }
                List<QueuedMessage> taken = pending.subList(0, Math.min(CALL_LIMIT, pending.size()));
                next = new ArrayList<>(taken);
                taken.clear();
                running++;
                mostAtOnce = Math.max(mostAtOnce, running);
            }
            long t = System.nanoTime();
            try {
                queue.deleteHeld(next);
            } catch (RuntimeException e) {
                synchronized (lock) {
                    if (failure == null) {
                        failure = e;
                    }
                    pending.clear();
                }
                return;
            } finally {
                synchronized (lock) {
                    busyNanos += System.nanoTime() - t;
                    calls++;
                    running--;
                }
            }
        }
    }

    /** Waits for the batches handed over so far (also when the copying failed: none is left half-done). */
    void finish() {
        startedWaiting = System.nanoTime();
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            for (Thread thread : threads) {
                while (thread.isAlive()) {
                    thread.join(60_000);
                    if (thread.isAlive()) {
                        log.warn("quarantine: still deleting quarantined messages from the hold queue");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the quarantine's deletes", e);
        }
    }

    void throwIfFailed() {
        synchronized (lock) {
            if (failure != null) {
                throw failure;
            }
        }
    }

    long startedWaiting() {
        return startedWaiting;
    }

    String report() {
        synchronized (lock) {
            return (busyNanos / 1_000_000) + " ms in delete calls (summed over threads), " + calls + " calls, at most " + mostAtOnce + " at once";
        }
    }
}
