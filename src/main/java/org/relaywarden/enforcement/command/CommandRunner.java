package org.relaywarden.enforcement.command;

import java.io.IOException;
import java.io.InputStream;

/**
 * Runs commands on one relay host: locally ({@link LocalCommandRunner}) or over SSH
 * ({@link SshCommandRunner}). Every Postfix tool the adapter uses goes through here.
 */
public interface CommandRunner extends AutoCloseable {

    /** Reads a command's standard output as it is produced; it must not close the stream. */
    @FunctionalInterface
    interface OutputReader<T> {
        T read(InputStream stdout) throws IOException;
    }

    /**
     * Runs the command, hands its standard output to {@code reader} while it runs (so large
     * output is streamed, never held whole), waits for it to exit and returns the reader's value
     * with the exit code and standard error. Throws {@link CommandFailedException} if it cannot
     * be started or exceeds its timeout; a non-zero exit is returned, not thrown.
     */
    <T> Streamed<T> stream(Command command, OutputReader<T> reader);

    record Streamed<T>(T value, CommandResult result) {
    }

    /** Runs the command and captures its standard output whole (for small outputs). */
    default CommandResult run(Command command) {
        Streamed<byte[]> s = stream(command, InputStream::readAllBytes);
        return new CommandResult(command, s.result().exitCode(), s.value(), s.result().stderr());
    }

    /** Where the commands run, for logs ({@code local}, {@code ssh://user@host:port}). */
    String describe();

    @Override
    default void close() {
    }
}
