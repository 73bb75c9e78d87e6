package org.relaywarden.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real DNS server over UDP on 127.0.0.1 (a free port), small enough for a test: it answers A and TXT queries for
 * the names it was given (as a DNSBL zone does: {@code 2.0.0.127.zen.example} A 127.0.0.2, TXT "listed because ...")
 * and NXDOMAIN for every other name. Answers carry the query's id and question, the records as RFC 1035 says.
 */
public final class TinyDnsServer implements AutoCloseable {

    private static final int A = 1;
    private static final int TXT = 16;

    private record Records(List<String> a, String txt) {
    }

    private final DatagramSocket socket;
    private final Map<String, Records> names = new ConcurrentHashMap<>();
    private final AtomicInteger queries = new AtomicInteger();
    private final Thread thread;

    private TinyDnsServer() throws SocketException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "tiny-dns");
        thread.setDaemon(true);
        thread.start();
    }

    public static TinyDnsServer start() {
        try {
            return new TinyDnsServer();
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers {@code name} with these A records (IPv4) and, if not null, this TXT record. */
    public TinyDnsServer answer(String name, List<String> a, String txt) {
        names.put(name.toLowerCase(Locale.ROOT), new Records(List.copyOf(a), txt));
        return this;
    }

    public void forget(String name) {
        names.remove(name.toLowerCase(Locale.ROOT));
    }

    /** {@code 127.0.0.1:PORT}. */
    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    public int queries() {
        return queries.get();
    }

    private void serve() {
        byte[] buf = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                queries.incrementAndGet();
                byte[] reply = reply(buf, p.getLength());
                if (reply != null) {
                    socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                }
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private byte[] reply(byte[] q, int length) {
        if (length < 12) {
            return null;
        }
        int pos = 12;
        StringBuilder name = new StringBuilder();
        while (pos < length && q[pos] != 0) {
            int len = q[pos] & 0xff;
            if (len > 63 || pos + 1 + len > length) {
                return null;
            }
            name.append(name.length() == 0 ? "" : ".").append(new String(q, pos + 1, len, StandardCharsets.US_ASCII));
            pos += 1 + len;
        }
        pos++;
        if (pos + 4 > length) {
            return null;
        }
        int qtype = ((q[pos] & 0xff) << 8) | (q[pos + 1] & 0xff);
        int questionEnd = pos + 4;
        Records r = names.get(name.toString().toLowerCase(Locale.ROOT));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q[0]);
        out.write(q[1]);
        boolean rd = (q[2] & 0x01) != 0;
        out.write(0x84 | (rd ? 1 : 0)); // QR, AA, RD as asked
        out.write(r == null ? 0x03 : 0x00); // NXDOMAIN or NOERROR
        int answers = r == null ? 0 : qtype == A ? r.a().size() : qtype == TXT && r.txt() != null ? 1 : 0;
        out.writeBytes(new byte[]{0, 1, 0, (byte) answers, 0, 0, 0, 0});
        out.write(q, 12, questionEnd - 12);
        if (r != null && qtype == A) {
            for (String ip : r.a()) {
                record(out, A, ipv4(ip));
            }
        } else if (answers == 1) {
            byte[] text = r.txt().getBytes(StandardCharsets.US_ASCII);
            byte[] rdata = new byte[text.length + 1];
            rdata[0] = (byte) text.length;
            System.arraycopy(text, 0, rdata, 1, text.length);
            record(out, TXT, rdata);
        }
        return out.toByteArray();
    }

    private static void record(ByteArrayOutputStream out, int type, byte[] rdata) {
        out.writeBytes(new byte[]{(byte) 0xc0, 0x0c, 0, (byte) type, 0, 1, 0, 0, 0, 60, (byte) (rdata.length >> 8), (byte) rdata.length});
        out.writeBytes(rdata);
    }

    private static byte[] ipv4(String ip) {
        String[] p = ip.split("\\.");
        return new byte[]{(byte) Integer.parseInt(p[0]), (byte) Integer.parseInt(p[1]), (byte) Integer.parseInt(p[2]), (byte) Integer.parseInt(p[3])};
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
