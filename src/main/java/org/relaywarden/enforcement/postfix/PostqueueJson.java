package org.relaywarden.enforcement.postfix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.relaywarden.enforcement.QueueName;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads {@code postqueue -j} output: JSON Lines, one message per line, streamed line by line
 * (never the whole queue in memory). Lines that do not parse, and queues we do not handle
 * (e.g. {@code maildrop}), are skipped.
 */
final class PostqueueJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_LINE = 1 << 20;

    /** One queued message as postqueue describes it (no SASL login: that is not in the JSON). */
    record Entry(String queueId, QueueName queue, Instant arrival, long size, String sender, List<String> recipients) {
    }

    private PostqueueJson() {
    }

    static void read(InputStream in, Consumer<Entry> sink) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024);
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.length() > MAX_LINE) {
                continue;
            }
            parse(line).ifPresent(sink);
        }
    }

    static Optional<Entry> parse(String line) {
        if (line.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(line);
            String id = n.path("queue_id").asText("");
            if (!PostfixRelay.QUEUE_ID.matcher(id).matches()) {
                return Optional.empty();
            }
            QueueName queue;
            try {
                queue = QueueName.valueOf(n.path("queue_name").asText("").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            List<String> recipients = new ArrayList<>();
            for (JsonNode r : n.path("recipients")) {
                recipients.add(r.path("address").asText(""));
            }
            return Optional.of(new Entry(id, queue, Instant.ofEpochSecond(n.path("arrival_time").asLong(0)),
                    n.path("message_size").asLong(0), n.path("sender").asText(""), recipients));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
