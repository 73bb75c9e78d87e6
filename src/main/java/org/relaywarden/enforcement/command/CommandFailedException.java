package org.relaywarden.enforcement.command;

import org.relaywarden.enforcement.MailServerException;

/** A command exited non-zero, timed out or could not be started; the message carries its standard error. */
public class CommandFailedException extends MailServerException {

    private final int exitCode;

    public CommandFailedException(Command command, int exitCode, String stderr) {
        super(command.display() + " exited " + exitCode + (stderr == null || stderr.isBlank() ? "" : ": " + stderr.strip()));
        this.exitCode = exitCode;
    }

    public CommandFailedException(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = -1;
    }

    public int exitCode() {
        return exitCode;
    }
}
