package org.relaywarden.quarantine;

import org.relaywarden.enforcement.MailQueue;
import org.relaywarden.enforcement.QueuedMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * Deletes committed batches from the hold queue on its own thread. Batches that are waiting
 * when it gets to them go in one call (each call starts a postsuper: some 30 ms here, 20 per
 * 10,000 messages if every batch were its own). After a failed call no further batch is deleted.
 */
final class HoldQueueDeleter {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HoldQueueDeleter.class);

    private final MailQueue queue;
    private final Object lock = new Object();
    private final List<QueuedMessage> pending = new ArrayList<>();
    private final Thread thread;
    private boolean closed;
    private RuntimeException failure;
    private long busyNanos;
    private int calls;
    private long startedWaiting;

    HoldQueueDeleter(MailQueue queue) {
        this.queue = queue;
        this.thread = new Thread(this::run, "quarantine-delete");
        thread.setDaemon(true);
        thread.start();
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
                        return;
                    }
                }
                if (pending.isEmpty()) {
                    return;
                }
                next = new ArrayList<>(pending);
                pending.clear();
            }
            long t = System.nanoTime();
            try {
                queue.deleteHeld(next);
            } catch (RuntimeException e) {
                synchronized (lock) {
                    failure = e;
                    pending.clear();
                }
                return;
            } finally {
                synchronized (lock) {
                    busyNanos += System.nanoTime() - t;
                    calls++;
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
            while (thread.isAlive()) {
                thread.join(60_000);
                if (thread.isAlive()) {
                    log.warn("quarantine: still deleting quarantined messages from the hold queue");
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
            return (busyNanos / 1_000_000) + " ms deleting in " + calls + " calls";
        }
    }
}
