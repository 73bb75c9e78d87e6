package org.relaywarden.enforcement.command;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** A relay's log read with {@code grep}: each printed line parsed, the lines that parse kept. */
public final class LogGrep {

    private static final Logger log = LoggerFactory.getLogger(LogGrep.class);

    private LogGrep() {
    }

    /**
     * Runs {@code grep} on the relay and returns what {@code parse} made of its lines; empty when the log could not
     * be read (grep's exit code above 1, or the command failed), with a warning naming the relay. Exit code 1 (nothing
     * matched) is an answer: an empty list.
     */
    public static <T> Optional<List<T>> lines(String relay, CommandRunner runner, Command grep, Function<String, Optional<T>> parse) {
        try {
            CommandRunner.Streamed<List<T>> s = runner.stream(grep, in -> {
                List<T> found = new ArrayList<>();
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                String line;
                while ((line = r.readLine()) != null) {
                    parse.apply(line).ifPresent(found::add);
                }
                return found;
            });
            if (s.result().exitCode() <= 1) {
                return Optional.of(s.value());
            }
            log.warn("relay {}: log not readable: {}", relay, s.result().stderr().strip());
        } catch (RuntimeException e) {
            log.warn("relay {}: log not readable: {}", relay, e.getMessage());
        }
        return Optional.empty();
    }
}
