package org.relaywarden.cluster.redis;

import io.lettuce.core.SetArgs;

import java.time.Duration;

/**
 * "Who does this, once, among all nodes": a claim is a Redis key set only if absent ({@code SET NX PX}).
 * The node that claimed does the work and then {@link #settle}s the claim for longer; if it dies
 * before that, the claim runs out after its short lease and another node claims it.
 */
public class OnceClaims {

    private final SharedStore store;

    public OnceClaims(SharedStore store) {
        this.store = store;
    }

    /**
     * True if this node claimed {@code name} now (for {@code lease}); false if another node holds or settled it.
     * Null if Redis is away: nobody can tell.
     */
    public Boolean claim(String name, Duration lease) {
        String ok = store.call(r -> r.set(store.key("claim:" + name), store.nodeId(), SetArgs.Builder.nx().px(lease.toMillis())));
        if (ok == null && !store.available()) {
            return null;
        }
        return "OK".equals(ok);
    }

    /** The work is done: the claim stays for {@code keep} (no node does it again meanwhile). */
    public void settle(String name, Duration keep) {
        store.call(r -> r.set(store.key("claim:" + name), "done:" + store.nodeId(), SetArgs.Builder.xx().px(keep.toMillis())));
    }

    /** The work failed here: another node (or this one) may claim it at once. */
    public void release(String name) {
        store.call(r -> r.del(store.key("claim:" + name)));
    }
}
