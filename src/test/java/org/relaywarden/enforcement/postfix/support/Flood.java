package org.relaywarden.enforcement.postfix.support;

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
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                int session = s;
                all.add(pool.submit(() -> {
                    try (SmtpTestClient c = SmtpTestClient.connect(port, login, password)) {
                        for (int i = session; i < count; i += sessions) {
                            SmtpTestClient.Reply r = c.send(sender, message.apply(i), "victim" + i + "@remote.test",
                                    "victim" + i + "@other.test");
                            if (r.code() == 250) {
                                ids.add(r.text().substring(r.text().lastIndexOf(' ') + 1));
                            }
                        }
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
}
