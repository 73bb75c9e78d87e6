package org.relaywarden.enforcement.command;

import java.nio.charset.StandardCharsets;

/** What a finished command left: its exit code, standard output (if captured) and standard error. */
public record CommandResult(Command command, int exitCode, byte[] stdout, String stderr) {

    public boolean ok() {
        return exitCode == 0;
    }

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /** This result, or a {@link CommandFailedException} naming the command, its exit code and its standard error. */
    public CommandResult orThrow() {
        if (!ok()) {
            throw new CommandFailedException(command, exitCode, stderr);
        }
        return this;
    }
}
