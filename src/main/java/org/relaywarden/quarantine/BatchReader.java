package org.relaywarden.quarantine;

import org.relaywarden.enforcement.MailQueue;
import org.relaywarden.enforcement.QueuedMessage;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Reads the quarantine's next batch from the relay on a thread of its own while the current one
 * is stored: one read ahead at a time ({@link #readAhead}, then {@link #next}). Reading only
 * copies queue files; nothing is deleted on its account before its copies are committed.
 */
final class BatchReader implements AutoCloseable {

    private final MailQueue queue;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "quarantine-read");
        t.setDaemon(true);
        return t;
    });
    private CompletableFuture<Map<QueuedMessage, byte[]>> ahead;

    BatchReader(MailQueue queue) {
        this.queue = queue;
    }

    void readAhead(List<QueuedMessage> messages) {
        if (ahead != null) {
            throw new IllegalStateException("the batch read ahead was not taken yet");
        }
        ahead = messages.isEmpty() ? CompletableFuture.completedFuture(Map.of())
                : CompletableFuture.supplyAsync(() -> queue.contents(messages), thread);
    }

    /** The batch read ahead; the relay's failure as it was thrown. */
    Map<QueuedMessage, byte[]> next() {
        if (ahead == null) {
            throw new IllegalStateException("no batch was read ahead");
        }
        CompletableFuture<Map<QueuedMessage, byte[]>> read = ahead;
        ahead = null;
        try {
            return read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Waits for a read still running (a failure elsewhere ended the batches), so that none outlives the quarantine. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.MINUTES)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
