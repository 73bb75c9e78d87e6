package org.relaywarden.testsupport.relay;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Submits many messages with SMTP AUTH over a few parallel sessions, as a compromised account would. */
public final class Flood {

    private Flood() {
    }

    /**
     * Sends {@code count} messages ({@code message.apply(i)}) from the forged {@code sender} to two
     * recipients each; returns the queue ids of those the relay accepted, in no particular order.
     */
    public static List<String> submit(int port, String login, String password, String sender, int count, int sessions,
                                      IntFunction<String> message) {
        return submit(port, login, password, i -> sender, count, sessions, message,
                i -> new String[]{"victim" + i + "@remote.test", "victim" + i + "@other.test"});
    }

    /**
     * Sends {@code count} messages, the {@code i}th from {@code sender.apply(i)} to {@code recipients.apply(i)};
     * returns the queue ids of those the relay accepted, in no particular order.
     */
    public static List<String> submit(int port, String login, String password, IntFunction<String> sender, int count,
                                      int sessions, IntFunction<String> message, IntFunction<String[]> recipients) {
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                int session = s;
                all.add(pool.submit(() -> {
                    SmtpTestClient c = SmtpTestClient.connect(port, login, password);
                    try {
                        for (int i = session; i < count; i += sessions) {
                            SmtpTestClient.Reply r;
                            try {
                                r = c.send(sender.apply(i), message.apply(i), recipients.apply(i));
                            } catch (UncheckedIOException closed) {
                                // the server ended the session (Exim does after refusals): this message was not
                                // accepted; the sender connects again, as a spam run would
                                c.close();
                                c = SmtpTestClient.connect(port, login, password);
                                continue;
                            }
                            if (r.code() == 250) {
                                ids.add(r.text().substring(r.text().lastIndexOf(' ') + 1));
                            }
                        }
                    } finally {
                        c.close();
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("flood failed", e);
        } finally {
            pool.shutdownNow();
        }
        return ids;
    }

    /**
     * A drip: {@code count} messages on one session, one every {@code every}, the {@code i}th from
     * {@code sender.apply(i)} to {@code recipients.apply(i)}; returns the relay's final reply to each.
     */
    public static List<SmtpTestClient.Reply> drip(int port, String login, String password, IntFunction<String> sender, int count,
                                    Duration every, IntFunction<String> message, IntFunction<String[]> recipients) {
        List<SmtpTestClient.Reply> replies = new ArrayList<>();
        SmtpTestClient c = SmtpTestClient.connect(port, login, password);
        try {
            for (int i = 0; i < count; i++) {
                long next = System.nanoTime() + every.toNanos();
                replies.add(c.send(sender.apply(i), message.apply(i), recipients.apply(i)));
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            c.close();
        }
        return replies;
    }
}
