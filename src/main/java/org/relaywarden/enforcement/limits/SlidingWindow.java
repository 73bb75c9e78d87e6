package org.relaywarden.enforcement.limits;

/**
 * A count over a sliding window, kept in {@link #BUCKETS} buckets of a sixtieth of the window each:
 * adding and reading are O(1) amortised and need no list of events. The window read is between
 * 59/60 and 60/60 of its length (the oldest bucket leaves whole). Not thread-safe by itself: each
 * method is synchronized on the instance.
 */
public final class SlidingWindow {

    public static final int BUCKETS = 60;

    private final long bucketMillis;
    private final int[] counts = new int[BUCKETS];
    /** Index (millis / bucketMillis) of the newest bucket written; older ones are in the ring behind it. */
    private long newest = Long.MIN_VALUE;
    private long total;

    public SlidingWindow(long windowMillis) {
        if (windowMillis < BUCKETS) {
            throw new IllegalArgumentException("a window must be at least " + BUCKETS + " ms");
        }
        this.bucketMillis = windowMillis / BUCKETS;
    }

    public synchronized void add(long nowMillis, long n) {
        advance(nowMillis);
        counts[(int) Math.floorMod(newest, BUCKETS)] += (int) n;
        total += n;
    }

    /** The count of the window that ends now. */
    public synchronized long total(long nowMillis) {
        advance(nowMillis);
        return total;
    }

    private void advance(long nowMillis) {
        long bucket = Math.floorDiv(nowMillis, bucketMillis);
        if (newest == Long.MIN_VALUE) {
            newest = bucket;
            return;
        }
        if (bucket <= newest) {
            return;
        }
        long steps = Math.min(bucket - newest, BUCKETS);
        for (long i = 1; i <= steps; i++) {
            int slot = (int) Math.floorMod(newest + i, BUCKETS);
            total -= counts[slot];
            counts[slot] = 0;
        }
        newest = bucket;
    }
}
