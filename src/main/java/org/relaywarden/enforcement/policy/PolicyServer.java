package org.relaywarden.enforcement.policy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The TCP server Postfix's {@code check_policy_service} talks to. One thread per connection
 * (Postfix keeps one persistent connection per smtpd process), up to {@code maxConnections}.
 * Only {@link AllowedClients} may connect (the relays; the protocol has no authentication), each
 * client address with at most {@code maxPerClient} connections. When the pool or a client's share
 * is full, the connection idle the longest (at least {@link #EVICTABLE_IDLE_MILLIS}) is closed to
 * make room (Postfix reconnects by itself): idle connections cannot crowd out real requests.
 * A connection that breaks the protocol, sends an oversized request, or stalls inside a request
 * for longer than {@code requestTimeout} is closed with a log line; everyone else is served on.
 * Idle connections are closed after {@code idleTimeout} (Postfix reconnects by itself).
 */
public class PolicyServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PolicyServer.class);

    private final PolicyDecider decider;
    private final InetSocketAddress bind;
    private final int maxConnections;
    private final Duration idleTimeout;
    private final Duration requestTimeout;
    public static final long EVICTABLE_IDLE_MILLIS = 1000;

    /** One open connection: its client and when it last finished a request (or connected). */
    private static final class Conn {
        final Socket socket;
        final InetAddress client;
        volatile long lastActive = System.currentTimeMillis();
        volatile boolean busy;

        Conn(Socket socket) {
            this.socket = socket;
            this.client = socket.getInetAddress();
        }
    }

    private final Set<Conn> open = ConcurrentHashMap.newKeySet();
    private final AllowedClients allowed;
    private final int maxPerClient;
    private final Map<InetAddress, Long> refusedLogged = new ConcurrentHashMap<>();
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private ServerSocket server;
    private ThreadPoolExecutor workers;
    private Thread acceptor;
    private volatile boolean running;
    private final Observer observer;

    /** Told of every answer and how long it took from the complete request to the flushed reply. */
    public interface Observer {
        void answered(String action, long nanos);
    }

    /** Loopback clients only, each with up to all the connections (tests and benchmarks on one machine). */
    public PolicyServer(PolicyDecider decider, InetSocketAddress bind, int maxConnections, Duration idleTimeout,
                        Duration requestTimeout) {
        this(decider, bind, maxConnections, idleTimeout, requestTimeout, (action, nanos) -> { }, AllowedClients.LOOPBACK,
                maxConnections);
    }

    public PolicyServer(PolicyDecider decider, InetSocketAddress bind, int maxConnections, Duration idleTimeout,
                        Duration requestTimeout, Observer observer, AllowedClients allowed, int maxPerClient) {
        this.observer = observer;
        this.allowed = allowed;
        this.maxPerClient = maxPerClient;
        this.decider = decider;
        this.bind = bind;
        this.maxConnections = maxConnections;
        this.idleTimeout = idleTimeout;
        this.requestTimeout = requestTimeout;
    }

    public synchronized void start() throws IOException {
        if (running) {
            return;
        }
        server = new ServerSocket();
        server.setReuseAddress(true);
        try {
            server.bind(bind, 128);
        } catch (IOException e) {
            closeQuietly(server);
            throw e;
        }
        AtomicInteger n = new AtomicInteger();
        // the connections admitted (open, at most maxConnections) bound the threads, not the pool: a connection closed
        // to make room still holds its thread while that thread ends, and a pool of exactly maxConnections threads then
        // refused the request it had made room for (issue 27.4: 2 of 50 real requests unanswered beside 500 idle ones)
        workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "policy-conn-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        running = true;
        acceptor = new Thread(this::acceptLoop, "policy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        log.info("policy service listening on {}", server.getLocalSocketAddress());
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.getLocalPort();
    }

    public InetAddress address() {
        return server.getInetAddress();
    }

    /** Requests answered since start. */
    public int served() {
        return served.get();
    }

    /** Connections admitted since start (a client that keeps its connection asks many requests over one). */
    public int accepted() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (running) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (running) {
                    log.warn("policy service: accept failed: {}", e.getMessage());
                }
                continue;
            }
            if (!allowed.allows(socket.getInetAddress())) {
                refuse(socket, "not an allowed policy client (relaywarden.policy.allowed-clients: " + allowed + ")");
                continue;
            }
            Conn conn = new Conn(socket);
            if (!makeRoom(conn.client)) {
                refuse(socket, "no room: " + maxConnections + " connections open, " + maxPerClient
                        + " per client, none idle");
                continue;
            }
            open.add(conn);
            accepted.incrementAndGet();
            try {
                workers.execute(() -> serve(conn));
            } catch (RejectedExecutionException e) {
                open.remove(conn);
                refuse(socket, maxConnections + " connections open");
            }
        }
    }

    /**
     * Room for one more connection of this client: if the pool or the client's share is full, the
     * connection idle the longest (of the client, or of anyone) is closed. False if none is idle.
     */
    private boolean makeRoom(InetAddress client) {
        long now = System.currentTimeMillis();
        long ofClient = open.stream().filter(c -> c.client.equals(client)).count();
        if (ofClient >= maxPerClient) {
            return evictIdlest(c -> c.client.equals(client), now);
        }
        if (open.size() >= maxConnections) {
            return evictIdlest(c -> true, now);
        }
        return true;
    }

    private boolean evictIdlest(Predicate<Conn> among, long now) {
        Conn idlest = open.stream().filter(among).filter(c -> !c.busy && now - c.lastActive >= EVICTABLE_IDLE_MILLIS)
                .min(Comparator.comparingLong(c -> c.lastActive)).orElse(null);
        if (idlest == null) {
            return false;
        }
        log.info("policy service: closing a connection from {} idle for {} ms to make room", idlest.client.getHostAddress(),
                now - idlest.lastActive);
        open.remove(idlest);
        closeQuietly(idlest.socket);
        return true;
    }

    /** Closes a connection at once; logged once a minute per client address. */
    private void refuse(Socket socket, String why) {
        InetAddress client = socket.getInetAddress();
        long now = System.currentTimeMillis();
        Long last = refusedLogged.get(client);
        if (last == null || now - last > 60_000) {
            if (refusedLogged.size() > 10_000) {
                refusedLogged.clear();
            }
            refusedLogged.put(client, now);
            log.warn("policy service: refusing a connection from {}: {}", client.getHostAddress(), why);
        }
        closeQuietly(socket);
    }

    private void serve(Conn conn) {
        Socket socket = conn.socket;
        String peer = String.valueOf(socket.getRemoteSocketAddress());
        try (socket) {
            socket.setTcpNoDelay(true);
            PolicyRequestReader reader = new PolicyRequestReader(new DeadlineInputStream(socket.getInputStream(), socket,
                    idleTimeout, requestTimeout));
            OutputStream out = socket.getOutputStream();
            while (running) {
                PolicyRequest request = reader.next();
                if (request == null) {
                    return;
                }
                conn.busy = true;
                long started = System.nanoTime();
                String action;
                try {
                    action = decider.decide(request);
                } catch (RuntimeException e) {
                    log.error("policy service: deciding failed, answering DUNNO", e);
                    action = PolicyDecider.DUNNO;
                }
                served.incrementAndGet();
                out.write(("action=" + action + "\n\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                conn.lastActive = System.currentTimeMillis();
                conn.busy = false;
                observer.answered(action, System.nanoTime() - started);
            }
        } catch (PolicyProtocolException e) {
            log.warn("policy service: closing connection from {}: {}", peer, e.getMessage());
        } catch (SocketTimeoutException e) {
            log.info("policy service: closing connection from {}: {}", peer, e.getMessage());
        } catch (SocketException e) {
            log.debug("policy service: connection from {} ended: {}", peer, e.getMessage());
        } catch (IOException e) {
            log.warn("policy service: connection from {} failed: {}", peer, e.getMessage());
        } finally {
            open.remove(conn);
        }
    }

    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        closeQuietly(server);
        open.forEach(c -> closeQuietly(c.socket));
        workers.shutdownNow();
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("policy service stopped after {} requests", served.get());
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
