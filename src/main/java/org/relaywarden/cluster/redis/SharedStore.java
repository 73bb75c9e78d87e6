package org.relaywarden.cluster.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.relaywarden.cluster.Periodic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The connection of this node to the cluster's Redis, behind a circuit breaker: one multiplexed
 * Lettuce connection (commands of all threads share it, so they are pipelined), every command given
 * at most {@link RedisSettings#timeout()}. The first command that fails or takes longer opens the
 * breaker: {@link #available()} is false, callers count on their own, and every
 * {@link RedisSettings#retryInterval()} a probe tries Redis again. When it answers, the tasks given
 * to {@link #whenBack} run (they merge what was counted meanwhile), and only then the breaker closes.
 * Nothing here ever waits longer than the timeout on a request thread.
 */
public class SharedStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharedStore.class);

    private final RedisSettings settings;
    private final String nodeId;
    private final ClientResources resources;
    private final RedisClient client;
    private final long timeoutMillis;
    private final List<Runnable> whenBack = new CopyOnWriteArrayList<>();
    private final Map<String, Consumer<String>> subscriptions = new ConcurrentHashMap<>();
    private final Counter openings;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile StatefulRedisPubSubConnection<String, String> pubSub;
    private volatile boolean up;
    /** The probe's thread while it merges: it may use Redis before the other threads do again. */
    private volatile Thread merger;
    private volatile Instant downSince = Instant.now();
    private volatile String lastError = "not connected yet";
    private Periodic probe;
    private boolean closed;
    private boolean everUp;

    public SharedStore(RedisSettings settings, String nodeId, MeterRegistry registry) {
        this.settings = settings;
        this.nodeId = nodeId;
        this.timeoutMillis = Math.max(1, settings.timeout().toMillis());
        // no latency histogram per command (Lettuce keeps one when HdrHistogram and LatencyUtils are on the class path, as
        // they are here: seen in a profile of the request path, CommandLatencyRecorder on every script call); the node's
        // own metrics say how Redis is doing (relaywarden.redis.*)
        this.resources = DefaultClientResources.builder().commandLatencyRecorder(CommandLatencyRecorder.disabled()).build();
        this.client = RedisClient.create(resources, RedisURI.create(settings.url()));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // while disconnected a command fails at once instead of waiting in a queue
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                // no timeout task per command (TimeoutOptions schedules one on another thread for every command, measured:
                // the node's CPU per request is most of the Redis path's cost): every caller here waits at most the timeout
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).tcpNoDelay(true).build())
                .build());
        Gauge.builder("relaywarden.redis.available", this, s -> s.available() ? 1 : 0)
                .description("1 while this node shares its policy counts through Redis, 0 while it counts on its own")
                .register(registry);
        this.openings = Counter.builder("relaywarden.redis.breaker.openings")
                .description("times Redis failed or was too slow and this node went on counting on its own").register(registry);
    }

    /** Connects (or, if Redis is away, starts counting on its own and keeps trying). */
    public void start() {
        probe();
        probe = Periodic.start("redis-probe", settings.retryInterval(), this::probe);
    }

    public boolean available() {
        return up;
    }

    /** Why Redis is not used now, and since when (for the health indicator); null while it is. */
    public String unavailableReason() {
        return up ? null : lastError + " (since " + downSince + ")";
    }

    public String key(String name) {
        return settings.keyPrefix() + name;
    }

    public String nodeId() {
        return nodeId;
    }

    /**
     * Runs when Redis is back (merging what was counted meanwhile), first before the request threads use Redis
     * again (a failure keeps the breaker open), then once more after (what they counted during the first run).
     */
    public void whenBack(Runnable task) {
        whenBack.add(task);
    }

    /**
     * One command, at most the timeout: its result, or null when Redis is away, failed or was too slow (the
     * breaker is then open). Never throws on Redis' account. The command may also be a call of a {@link GroupCommit}
     * (its group is then sent by this thread or by the reply of the group before).
     */
    public <T> T call(Function<RedisAsyncCommands<String, String>, ? extends Future<T>> command) {
        return guarded(c -> command.apply(c.async()).get(timeoutMillis, TimeUnit.MILLISECONDS));
    }

    /** A command's way to Redis and back. */
    @FunctionalInterface
    private interface Exchange<T> {
        T run(StatefulRedisConnection<String, String> connection) throws Exception;
    }

    /** Runs the exchange if Redis is in use: its result, or null (and the breaker opens) if it failed or took too long. */
    private <T> T guarded(Exchange<T> exchange) {
        StatefulRedisConnection<String, String> c = connection;
        if (!usable() || c == null) {
            return null;
        }
        try {
            return exchange.run(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            trip(e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e);
            return null;
        }
    }

    private boolean usable() {
        return up || Thread.currentThread() == merger;
    }

    /** A server-side script (atomic), sent by its SHA-1 and loaded again when Redis lost it (a restart). */
    public Script script(String lua) {
        return new Script(lua);
    }

    public final class Script {
        private final LuaScript script;

        private Script(String lua) {
            this.script = new LuaScript(lua);
        }

        /** Runs the script (one round trip): its reply, or null (see {@link SharedStore#call}). */
        public <T> T run(ScriptOutputType type, String[] keys, String... args) {
            return guarded(c -> script.<T>eval(c.async(), type, keys, args).get(timeoutMillis, TimeUnit.MILLISECONDS));
        }
    }

    /** Tells every node (those subscribed now; nothing is kept for a node that is away). False if Redis is away. */
    public boolean publish(String channel, String message) {
        return call(r -> r.publish(key(channel), message)) != null;
    }

    /** {@code listener} hears what any node publishes on the channel, on Lettuce's thread (hand long work off). */
    public void subscribe(String channel, Consumer<String> listener) {
        subscriptions.put(key(channel), listener);
        StatefulRedisPubSubConnection<String, String> p = pubSub;
        if (p != null) {
            p.async().subscribe(key(channel));
        }
    }

    private void trip(Throwable e) {
        synchronized (this) {
            if (!up) {
                return;
            }
            up = false;
            downSince = Instant.now();
            lastError = e.toString();
        }
        openings.increment();
        log.warn("node {}: Redis failed or was slower than {} ms ({}): counting on this node alone until it is back",
                nodeId, timeoutMillis, e.toString());
    }

    /** While Redis is away: connect if need be, PING, merge, then use it again. */
    void probe() {
        if (up) {
            return;
        }
        try {
            if (connection == null || !connection.isOpen()) {
                closeQuietly();
                connection = client.connect();
                connectPubSub();
            }
            String pong = connection.async().ping().get(Math.max(timeoutMillis, 1000), TimeUnit.MILLISECONDS);
            if (!"PONG".equals(pong)) {
                throw new IllegalStateException("PING answered " + pong);
            }
            // the merge first, while requests still count on this node; then Redis for everyone, and once more the
            // merge for what was counted during the first
            merger = Thread.currentThread();
            try {
                whenBack.forEach(Runnable::run);
            } finally {
                merger = null;
            }
            up = true;
            try {
                whenBack.forEach(Runnable::run);
            } catch (RuntimeException e) {
                log.debug("node {}: the second merge failed, left for the next time: {}", nodeId, e.toString());
            }
            String url = settings.url().replaceAll("//[^@/]*@", "//***@");
            if (everUp) {
                log.info("node {}: Redis {} answers again after {}; counts shared", nodeId, url, Duration.between(downSince, Instant.now()));
            } else {
                log.info("node {}: connected to Redis {}; counts shared with the other nodes", nodeId, url);
                everUp = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            up = false;
            lastError = e.toString();
            log.debug("node {}: Redis still away: {}", nodeId, e.toString());
        }
    }

    private void connectPubSub() {
        StatefulRedisPubSubConnection<String, String> p = client.connectPubSub();
        p.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                Consumer<String> l = subscriptions.get(channel);
                if (l != null) {
                    l.accept(message);
                }
            }
        });
        if (!subscriptions.isEmpty()) {
            p.async().subscribe(subscriptions.keySet().toArray(String[]::new));
        }
        pubSub = p;
    }

    private void closeQuietly() {
        try {
            if (connection != null) {
                connection.close();
            }
            if (pubSub != null) {
                pubSub.close();
            }
        } catch (RuntimeException e) {
            // going away anyway
        }
        connection = null;
        pubSub = null;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (probe != null) {
            probe.stop();
        }
        up = false;
        closeQuietly();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
