package org.relaywarden.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A load generator that speaks Postfix's policy delegation protocol as many smtpd processes
 * would: {@code connections} persistent connections, each one request after the other (an smtpd
 * waits for the answer before it goes on), every request the attribute set Postfix 3.7 sends at
 * RCPT time with a SASL login. Each connection plays mail transactions of three recipients from
 * logins drawn from {@code accounts} distinct names. Counts only the measured phase after a warm-up.
 */
final class PolicyLoad {

    /** Requests per second and latency percentiles of one run, plus what the peer answered. */
    record Result(double perSecond, double p50Ms, double p99Ms, long requests, long errors, String firstAction) {
    }

    private PolicyLoad() {
    }

    static Result run(int port, int connections, int accounts, String accountPrefix, double warmupSeconds,
                      double measureSeconds) throws Exception {
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Worker> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            // one after the other, each answered once before the next connects: a daemon with a short
            // listen backlog (policyd-rate-limit listens with 5) is not flooded with connection attempts
            Worker w = new Worker(new Socket("127.0.0.1", port), c, accounts, accountPrefix, measuring, stop);
            workers.add(w);
        }
        for (Worker w : workers) {
            w.thread.start();
        }
        Thread.sleep((long) (warmupSeconds * 1000));
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep((long) (measureSeconds * 1000));
        measuring.set(false);
        double secs = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        long total = 0, errors = 0;
        int n = 0;
        for (Worker w : workers) {
            w.thread.join(30_000);
            w.close();
            n += w.count;
            errors += w.errors;
        }
        long[] all = new long[n];
        int at = 0;
        for (Worker w : workers) {
            System.arraycopy(w.latencies, 0, all, at, w.count);
            at += w.count;
        }
        total = n;
        Arrays.sort(all);
        double p50 = all.length == 0 ? Double.NaN : all[(int) (all.length * 0.50)] / 1e6;
        double p99 = all.length == 0 ? Double.NaN : all[Math.min(all.length - 1, (int) Math.ceil(all.length * 0.99) - 1)] / 1e6;
        return new Result(total / secs, p50, p99, total, errors, workers.get(0).firstAction);
    }

    private static final class Worker implements Runnable {
        final Socket socket;
        final int id;
        final int accounts;
        final String prefix;
        final AtomicBoolean measuring;
        final AtomicBoolean stop;
        final Thread thread;
        long[] latencies = new long[1 << 16];
        int count;
        long errors;
        String firstAction;

        Worker(Socket socket, int id, int accounts, String prefix, AtomicBoolean measuring, AtomicBoolean stop)
                throws IOException {
            this.socket = socket;
            this.id = id;
            this.accounts = accounts;
            this.prefix = prefix;
            this.measuring = measuring;
            this.stop = stop;
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request(prefix + "handshake@customer.example", "0.0.0", 0, 0, id)
                    .getBytes(StandardCharsets.US_ASCII));
            if (readAnswer(socket.getInputStream()) == null) {
                throw new IOException("the policy service closed the connection");
            }
            this.thread = new Thread(this, "policy-load-" + id);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                OutputStream out = socket.getOutputStream();
                InputStream in = new BufferedInputStream(socket.getInputStream());
                long seq = 0;
                SplittableRandom random = new SplittableRandom(id);
                String login = null;
                String instance = null;
                while (!stop.get()) {
                    int rcpt = (int) (seq % 3);
                    if (rcpt == 0) {
                        login = prefix + random.nextInt(accounts) + "@customer" + (id % 7) + ".example";
                        instance = Long.toHexString(((long) id << 40) | seq) + ".65a1b2c3.0";
                    }
                    byte[] request = request(login, instance, rcpt, seq, id).getBytes(StandardCharsets.US_ASCII);
                    long t0 = System.nanoTime();
                    out.write(request);
                    out.flush();
                    String action = readAnswer(in);
                    long dt = System.nanoTime() - t0;
                    if (action == null) {
                        errors++;
                        return;
                    }
                    if (firstAction == null) {
                        firstAction = action;
                    }
                    if (measuring.get()) {
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, latencies.length * 2);
                        }
                        latencies[count++] = dt;
                    }
                    seq++;
                }
            } catch (IOException e) {
                if (!stop.get()) {
                    errors++;
                }
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** What Postfix 3.7's smtpd sends at RCPT time for an authenticated client (see access_policy(5)). */
    static String request(String login, String instance, int rcpt, long seq, int connection) {
        return "request=smtpd_access_policy\nprotocol_state=RCPT\nprotocol_name=ESMTP\n"
                + "client_address=192.0.2." + (1 + connection % 250) + "\nclient_name=unknown\nclient_port=" + (40000 + connection)
                + "\nreverse_client_name=unknown\nserver_address=203.0.113.25\nserver_port=587\n"
                + "helo_name=mail.customer" + (connection % 7) + ".example\nsender=info@customer" + (connection % 7)
                + ".example\nrecipient=user" + (seq % 9973) + "@remote" + (seq % 17) + ".example\nrecipient_count=" + rcpt
                + "\nqueue_id=\ninstance=" + instance + "\nsize=2048\netrn_domain=\nstress=\nsasl_method=PLAIN\nsasl_username="
                + login + "\nsasl_sender=\nccert_subject=\nccert_issuer=\nccert_fingerprint=\nccert_pubkey_fingerprint=\n"
                + "encryption_protocol=\nencryption_cipher=\nencryption_keysize=0\npolicy_context=\ncompatibility_level=3.6\n"
                + "mail_version=3.7.11\n\n";
    }

    /** The {@code action=} line of one answer (up to its empty line), or null at end of stream. */
    static String readAnswer(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        String action = null;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            if (b == '\n') {
                if (line.isEmpty()) {
                    return action == null ? "" : action;
                }
                if (action == null && line.indexOf("action=") == 0) {
                    action = line.substring(7);
                }
                line.setLength(0);
            } else {
                line.append((char) b);
            }
        }
    }
}
