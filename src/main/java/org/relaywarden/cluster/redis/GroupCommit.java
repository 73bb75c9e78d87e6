package org.relaywarden.cluster.redis;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Group commit of one server-side script's calls: the calls that arrive while one is on its way to Redis go
 * together, in their order of arrival, into the next script call (at most {@code maxBatch} of them). The
 * script runs each call in turn (atomically, as one script), so every call is decided on the shared counts
 * as the calls before it left them: the same answers as one script call each, with the cost of a call
 * (round trip, script start, the node's command and its reply) paid once per group instead of once per call.
 * At most one group is in flight per {@code GroupCommit}: with a single Redis thread a second one would
 * only queue there.
 * <p>
 * The script is {@code library} followed by a loop calling the Lua function {@code function(kb, ab)} once per
 * call, with the index of its first key and first argument ({@code KEYS[kb]}, {@code ARGV[ab]}); it returns the
 * list of the calls' results. A group's keys may lie in different slots: this needs one Redis, not a Redis
 * Cluster (docs/cluster.md).
 * <p>
 * Callers wait through {@link SharedStore#call}: at most the store's timeout, and a failed or late group opens
 * its breaker (every call of the group then counts on its node, as one failed call did before).
 */
public final class GroupCommit {

    private final LuaScript script;
    private final int maxBatch;
    private final Object lock = new Object();
    /** Calls waiting for the next group. */
    private List<Call> queue = new ArrayList<>();
    private boolean inFlight;

    private record Call(String[] keys, String[] args, CompletableFuture<Object> result) {
    }

    public GroupCommit(String library, String function, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        this.maxBatch = maxBatch;
        this.script = new LuaScript(library + """
                local out = {}
                local n = tonumber(ARGV[1])
                for i = 1, n do
                  out[i] = %s(tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1]))
                end
                return out
                """.formatted(function));
    }

    /**
     * Queues one call ({@code keys} and {@code args} as for a script of its own) and, if no group is in flight, sends
     * the queue as one; the future completes with this call's result (a nested list for a table) when its group's
     * reply is in. For {@link SharedStore#call}: {@code store.call(c -> group.submit(c, keys, args))}.
     */
    public CompletableFuture<Object> submit(RedisAsyncCommands<String, String> commands, String[] keys, String[] args) {
        Call call = new Call(keys, args, new CompletableFuture<>());
        List<Call> group = null;
        synchronized (lock) {
            queue.add(call);
            if (!inFlight) {
                inFlight = true;
                group = take();
            }
        }
        if (group != null) {
            send(commands, group);
        }
        return call.result();
    }

    /** The next group, oldest calls first (under the lock). */
    private List<Call> take() {
        if (queue.size() <= maxBatch) {
            List<Call> group = queue;
            queue = new ArrayList<>();
            return group;
        }
        List<Call> group = new ArrayList<>(queue.subList(0, maxBatch));
        queue = new ArrayList<>(queue.subList(maxBatch, queue.size()));
        return group;
    }

    private void send(RedisAsyncCommands<String, String> commands, List<Call> group) {
        int n = group.size();
        int keyCount = 0, argCount = 1 + 2 * n;
        for (Call c : group) {
            keyCount += c.keys().length;
            argCount += c.args().length;
        }
        String[] keys = new String[keyCount];
        String[] args = new String[argCount];
        args[0] = Integer.toString(n);
        int k = 0, a = 1 + 2 * n;
        for (int i = 0; i < n; i++) {
            Call c = group.get(i);
            args[1 + 2 * i] = Integer.toString(k + 1);
            args[2 + 2 * i] = Integer.toString(a + 1);
            System.arraycopy(c.keys(), 0, keys, k, c.keys().length);
            System.arraycopy(c.args(), 0, args, a, c.args().length);
            k += c.keys().length;
            a += c.args().length;
        }
        CompletableFuture<List<Object>> reply;
        try {
            reply = script.eval(commands, ScriptOutputType.MULTI, keys, args);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((r, e) -> {
            // the next group goes first (its callers have waited longest), then this group's callers hear their results
            List<Call> next;
            synchronized (lock) {
                next = queue.isEmpty() ? null : take();
                inFlight = next != null;
            }
            if (next != null) {
                send(commands, next);
            }
            for (int i = 0; i < n; i++) {
                CompletableFuture<Object> f = group.get(i).result();
                if (e != null) {
                    f.completeExceptionally(e);
                } else if (r == null || r.size() <= i) {
                    f.completeExceptionally(new IllegalStateException("the group's script answered " + (r == null ? 0 : r.size())
                            + " results for " + n + " calls"));
                } else {
                    f.complete(r.get(i));
                }
            }
        });
    }
}
