package org.relaywarden.enforcement.command;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One program run: an argument array (never a shell line), optional standard input, a timeout.
 * Every argument is checked to hold no control characters and no NUL; programs and paths come
 * from configuration, account names only as {@link org.relaywarden.account.Account} values.
 */
public record Command(List<String> argv, byte[] stdin, Duration timeout) {

    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7e]*");

    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs a program");
        }
        for (String a : argv) {
            if (!PRINTABLE.matcher(a).matches()) {
                throw new IllegalArgumentException("command argument with control or non-ASCII characters refused");
            }
        }
        stdin = stdin == null ? new byte[0] : stdin.clone();
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a command needs a positive timeout");
        }
    }

    public static Command of(Duration timeout, String... argv) {
        return new Command(List.of(argv), null, timeout);
    }

    public Command withStdin(byte[] input) {
        return new Command(argv, input, timeout);
    }

    /** Queue ids or other tokens, one per line, as postsuper's {@code -} argument reads them. */
    public Command withStdinLines(Iterable<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        return withStdin(sb.toString().getBytes(StandardCharsets.US_ASCII));
    }

    public String program() {
        return argv.get(0);
    }

    /** For logs and errors: the program and its arguments, standard input not shown. */
    public String display() {
        return String.join(" ", argv);
    }
}
