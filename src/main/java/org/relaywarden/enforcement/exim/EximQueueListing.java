package org.relaywarden.enforcement.exim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads {@code exipick --show-vars VARS --just-vars}: for every message the values of {@link #VARS},
 * one line each, in that order (exipick prints an unset variable as an empty line). Each group must
 * start with a message id and carry numbers where numbers belong; anything else is an error, so a
 * value that broke its line cannot shift the groups after it.
 */
final class EximQueueListing {

    static final List<String> VARS = List.of("message_exim_id", "authenticated_id", "message_size", "received_time",
            "deliver_freeze", "sender_address", "recipients_undel");

    /** One queued message as exipick shows it. */
    record Entry(String id, String login, long size, Instant arrival, boolean frozen, String sender, List<String> recipients) {
    }

    private EximQueueListing() {
    }

    static void read(InputStream in, Consumer<Entry> each) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String[] group = new String[VARS.size()];
        int n = 0;
        String line;
        while ((line = r.readLine()) != null) {
            group[n++] = line;
            if (n == group.length) {
                each.accept(entry(group));
                n = 0;
            }
        }
        if (n != 0) {
            throw new IOException("exipick listing ends inside a message (" + n + " of " + group.length + " lines)");
        }
    }

    static List<Entry> readAll(InputStream in) throws IOException {
        List<Entry> out = new ArrayList<>();
        read(in, out::add);
        return out;
    }

    private static Entry entry(String[] g) throws IOException {
        if (!EximRelay.MESSAGE_ID.matcher(g[0]).matches()) {
            throw new IOException("exipick listing out of step: not a message id where one belongs");
        }
        if (!g[2].matches("\\d{1,15}") || !g[3].matches("\\d{1,15}")) {
            throw new IOException("exipick listing out of step at " + g[0] + ": size or time not a number");
        }
        List<String> recipients = g[6].isEmpty() ? List.of() : Arrays.stream(g[6].split(", ")).filter(s -> !s.isEmpty()).toList();
        return new Entry(g[0], g[1], Long.parseLong(g[2]), Instant.ofEpochSecond(Long.parseLong(g[3])), "1".equals(g[4]),
                g[5], recipients);
    }
}
