package org.relaywarden.enforcement.policy;

import org.relaywarden.cluster.redis.SharedStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * With the cluster's Redis: each relay-state change a node saves is announced on a channel, and every
 * node that hears it reads the changes from the database at once ({@link PolicyRelayControl#follow()}),
 * instead of at its next poll. The database stays the record: a node that missed the announcement
 * (Redis away, a reconnect) gets the change from {@link RelayStateFollower}'s poll.
 */
class RelayStateBroadcast implements AutoCloseable {

    static final String CHANNEL = "relay-state";
    private static final Logger log = LoggerFactory.getLogger(RelayStateBroadcast.class);

    private final SharedStore store;
    private final PolicyRelayControl control;
    /** One follower thread; announcements arriving while one round waits are one more round, not many. */
    private final ExecutorService follower = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(1),
            r -> {
                Thread t = new Thread(r, "relay-state-broadcast");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.DiscardPolicy());

    RelayStateBroadcast(SharedStore store, PolicyRelayControl control) {
        this.store = store;
        this.control = control;
        store.subscribe(CHANNEL, from -> follower.execute(this::follow));
        control.onChange(id -> store.publish(CHANNEL, store.nodeId() + " " + id));
    }

    private void follow() {
        try {
            control.follow();
        } catch (RuntimeException e) {
            log.debug("relay states not followed on announcement (the poll will): {}", e.toString());
        }
    }

    @Override
    public void close() {
        follower.shutdownNow();
    }
}
