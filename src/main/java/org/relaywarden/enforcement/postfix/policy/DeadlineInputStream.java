package org.relaywarden.enforcement.postfix.policy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Between requests a connection may idle for {@code idle}; once a request has begun, all of it
 * must arrive within {@code request}, or the read fails. This is what stops a slow or endless
 * request from holding a thread. The deadline restarts after each empty line (end of request).
 */
class DeadlineInputStream extends FilterInputStream {

    private final Socket socket;
    private final long idleMillis;
    private final long requestMillis;
    private long deadline = -1;
    private int previous = '\n';

    DeadlineInputStream(InputStream in, Socket socket, Duration idle, Duration request) {
        super(in);
        this.socket = socket;
        this.idleMillis = idle.toMillis();
        this.requestMillis = request.toMillis();
    }

    @Override
    public int read() throws IOException {
        if (deadline < 0) {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, idleMillis));
        } else {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new SocketTimeoutException("request not complete within " + requestMillis + " ms");
            }
            socket.setSoTimeout((int) left);
        }
        int b;
        try {
            b = super.read();
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException(deadline < 0 ? "idle for " + idleMillis + " ms"
                    : "request not complete within " + requestMillis + " ms");
        }
        if (b >= 0) {
            if (deadline < 0) {
                deadline = System.currentTimeMillis() + requestMillis;
            }
            if (b == '\n' && previous == '\n') {
                deadline = -1;
            }
            previous = b;
        }
        return b;
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
}
