package org.relaywarden.enforcement.command;

import org.relaywarden.enforcement.MailLog.LogLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/** A relay's log read with {@code grep}: each printed line parsed, the lines that parse kept. */
public final class LogGrep {

    private static final Logger log = LoggerFactory.getLogger(LogGrep.class);

    private LogGrep() {
    }

    /** Reads the lines one relay's {@code grep} printed into evidence lines. */
    @FunctionalInterface
    public interface LineReader<R> {
        List<LogLine> read(R relay, BufferedReader lines) throws IOException;
    }

    /**
     * Runs {@code grep} on the relay and returns what {@code parse} made of its lines; empty when the log could not
     * be read (grep's exit code above 1, or the command failed), with a warning naming the relay. Exit code 1 (nothing
     * matched) is an answer: an empty list.
     */
    public static <T> Optional<List<T>> lines(String relay, CommandRunner runner, Command grep, Function<String, Optional<T>> parse) {
        return read(relay, runner, grep, r -> {
            List<T> found = new ArrayList<>();
            String line;
            while ((line = r.readLine()) != null) {
                parse.apply(line).ifPresent(found::add);
            }
            return found;
        });
    }

    /**
     * {@link #lines} on every relay that has the log ({@code grep} gives its command, or none where its log is not
     * configured), all found lines together; empty when no relay's log could be read.
     */
    public static <R extends Relay, T> Optional<List<T>> fromEach(Collection<R> relays, Function<R, Optional<Command>> grep,
                                                                 BiFunction<R, String, Optional<T>> parse) {
        List<T> found = new ArrayList<>();
        boolean read = false;
        for (R relay : relays) {
            Optional<Command> command = grep.apply(relay);
            if (command.isPresent()) {
                Optional<List<T>> got = lines(relay.name(), relay.runner(), command.get(), line -> parse.apply(relay, line));
                read |= got.isPresent();
                got.ifPresent(found::addAll);
            }
        }
        return read ? Optional.of(found) : Optional.empty();
    }

    /**
     * An account's evidence lines from every relay that has the log: each relay's {@code grep} output read by
     * {@code reader}, then completed by {@code then} (a second read on the same relay, or as it is), all of them by
     * time, at most {@code limit}. Empty when no relay's log could be read (the caller's fallback: the policy
     * service's own lines).
     */
    public static <R extends Relay> Optional<List<LogLine>> excerpts(Collection<R> relays, Function<R, Optional<Command>> grep,
                                                                     LineReader<R> reader,
                                                                     BiFunction<R, List<LogLine>, List<LogLine>> then, int limit) {
        List<LogLine> lines = new ArrayList<>();
        boolean read = false;
        for (R relay : relays) {
            Optional<Command> command = grep.apply(relay);
            if (command.isEmpty()) {
                continue;
            }
            Optional<List<LogLine>> got = read(relay.name(), relay.runner(), command.get(), r -> reader.read(relay, r));
            if (got.isPresent()) {
                read = true;
                lines.addAll(then.apply(relay, got.get()));
            }
        }
        return read ? Optional.of(lines.stream().sorted(Comparator.comparing(LogLine::time)).limit(limit).toList())
                : Optional.empty();
    }

    private interface Reader<T> {
        List<T> read(BufferedReader lines) throws IOException;
    }

    private static <T> Optional<List<T>> read(String relay, CommandRunner runner, Command grep, Reader<T> reader) {
        try {
            CommandRunner.Streamed<List<T>> s = runner.stream(grep,
                    in -> reader.read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))));
            // grep exits 1 when nothing matched: that is an answer, not a failure
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
