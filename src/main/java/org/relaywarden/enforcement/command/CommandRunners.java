package org.relaywarden.enforcement.command;

/** The runner of a configured relay: its tools run on this machine ({@code local}) or over SSH ({@code ssh}). */
public final class CommandRunners {

    private CommandRunners() {
    }

    /**
     * @param prefix the relay's configuration prefix for messages, e.g. {@code relaywarden.exim.relays.relay-1}
     */
    public static CommandRunner forTransport(String prefix, String transport, SshProperties ssh) {
        return switch (transport) {
            case "local" -> new LocalCommandRunner();
            case "ssh" -> {
                if (ssh == null) {
                    throw new IllegalStateException(prefix + ": transport ssh needs " + prefix + ".ssh.*");
                }
                yield new SshCommandRunner(ssh.host(), ssh.port(), ssh.user(), ssh.privateKey(), ssh.knownHosts(),
                        ssh.connectTimeout());
            }
            default -> throw new IllegalStateException(prefix + ": transport must be local or ssh");
        };
    }
}
