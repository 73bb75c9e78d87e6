package org.relaywarden.enforcement.postfix.policy;

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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The TCP server Postfix's {@code check_policy_service} talks to. One thread per connection
 * (Postfix keeps one persistent connection per smtpd process), up to {@code maxConnections}.
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
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger served = new AtomicInteger();
    private ServerSocket server;
    private ThreadPoolExecutor workers;
    private Thread acceptor;
    private volatile boolean running;
    private final Observer observer;

    /** Told of every answer and how long it took from the complete request to the flushed reply. */
    public interface Observer {
        void answered(String action, long nanos);
    }

    public PolicyServer(PolicyDecider decider, InetSocketAddress bind, int maxConnections, Duration idleTimeout,
                        Duration requestTimeout) {
        this(decider, bind, maxConnections, idleTimeout, requestTimeout, (action, nanos) -> { });
    }

    public PolicyServer(PolicyDecider decider, InetSocketAddress bind, int maxConnections, Duration idleTimeout,
                        Duration requestTimeout, Observer observer) {
        this.observer = observer;
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
        server.bind(bind, 128);
        AtomicInteger n = new AtomicInteger();
        workers = new ThreadPoolExecutor(0, maxConnections, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
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
            try {
                workers.execute(() -> serve(socket));
            } catch (RejectedExecutionException e) {
                log.warn("policy service: {} connections open, refusing {}", maxConnections, socket.getRemoteSocketAddress());
                closeQuietly(socket);
            }
        }
    }

    private void serve(Socket socket) {
        open.add(socket);
        String peer = String.valueOf(socket.getRemoteSocketAddress());
        PolicyDecider.Session session = new PolicyDecider.Session();
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
                long started = System.nanoTime();
                String action;
                try {
                    action = decider.decide(request, session);
                } catch (RuntimeException e) {
                    log.error("policy service: deciding failed, answering DUNNO", e);
                    action = PolicyDecider.DUNNO;
                }
                served.incrementAndGet();
                out.write(("action=" + action + "\n\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
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
            open.remove(socket);
        }
    }

    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        closeQuietly(server);
        open.forEach(PolicyServer::closeQuietly);
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
