package org.relaywarden.enforcement.policy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Between requests a connection may idle for {@code idle}; once a request has begun, all of it
 * must arrive within {@code request}, or the read fails. This is what stops a slow or endless
 * request from holding a thread. The deadline restarts after each empty line (end of request).
 * <p>
 * It buffers the socket itself, so that the socket's timeout is set once per read from the
 * network, not once per byte: setting it per byte had been a quarter of the policy service's CPU.
 */
class DeadlineInputStream extends InputStream {

    static final int BUFFER = 8192;

    private final InputStream in;
    private final Socket socket;
    private final long idleMillis;
    private final long requestMillis;
    private final byte[] buffer = new byte[BUFFER];
    private int pos;
    private int count;
    private long deadline = -1;
    private int previous = '\n';
    private int timeoutSet = -1;

    DeadlineInputStream(InputStream in, Socket socket, Duration idle, Duration request) {
        this.in = in;
        this.socket = socket;
        this.idleMillis = idle.toMillis();
        this.requestMillis = request.toMillis();
    }

    @Override
    public int read() throws IOException {
        if (pos == count && !fill()) {
            return -1;
        }
        int b = buffer[pos++] & 0xff;
        if (deadline < 0) {
            deadline = System.currentTimeMillis() + requestMillis;
        }
        if (b == '\n' && previous == '\n') {
            deadline = -1;
        }
        previous = b;
        return b;
    }

    /** Reads what the network has, waiting at most until the deadline (or the idle time between requests). */
    private boolean fill() throws IOException {
        int timeout;
        if (deadline < 0) {
            timeout = (int) Math.min(Integer.MAX_VALUE, idleMillis);
        } else {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new SocketTimeoutException("request not complete within " + requestMillis + " ms");
            }
            timeout = (int) left;
        }
        if (timeout != timeoutSet) {
            socket.setSoTimeout(timeout);
            timeoutSet = timeout;
        }
        int n;
        try {
            n = in.read(buffer, 0, BUFFER);
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException(deadline < 0 ? "idle for " + idleMillis + " ms"
                    : "request not complete within " + requestMillis + " ms");
        }
        if (n <= 0) {
            return false;
        }
        pos = 0;
        count = n;
        return true;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int c = read();
        if (c < 0) {
            return -1;
        }
        b[off] = (byte) c;
        return 1;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
