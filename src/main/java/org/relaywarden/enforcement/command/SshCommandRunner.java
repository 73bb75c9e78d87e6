package org.relaywarden.enforcement.command;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs commands on a remote relay over SSH (Apache MINA SSHD client): public-key authentication
 * only, and the relay's host key must be in the configured known_hosts file (an unknown or
 * changed key is refused). One session is kept open and reopened when it drops.
 *
 * <p>SSH hands the remote side one command line, which the login shell splits. Every argument
 * is therefore single-quoted (and {@link Command} already refuses control characters), so the
 * remote shell sees exactly the argument array and expands nothing.
 */
public class SshCommandRunner implements CommandRunner {

    private static final Logger log = LoggerFactory.getLogger(SshCommandRunner.class);
    private static final ExecutorService HELPERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ssh-command-io");
        t.setDaemon(true);
        return t;
    });

    private final String host;
    private final int port;
    private final String user;
    private final Path privateKey;
    private final Path knownHosts;
    private final Duration connectTimeout;
    private SshClient client;
    private ClientSession session;

    public SshCommandRunner(String host, int port, String user, Path privateKey, Path knownHosts, Duration connectTimeout) {
        if (host == null || host.isBlank() || user == null || privateKey == null || knownHosts == null) {
            throw new IllegalArgumentException("an SSH relay needs host, user, private-key and known-hosts");
        }
        this.host = host;
        this.port = port;
        this.user = user;
        this.privateKey = privateKey;
        this.knownHosts = knownHosts;
        this.connectTimeout = connectTimeout;
    }

    /** The remote command line: every argument single-quoted. */
    static String commandLine(Command command) {
        StringBuilder sb = new StringBuilder();
        for (String a : command.argv()) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append('\'').append(a.replace("'", "'\\''")).append('\'');
        }
        return sb.toString();
    }

    private synchronized ClientSession session() throws IOException {
        if (session != null && session.isOpen() && session.isAuthenticated()) {
            return session;
        }
        if (session != null) {
            session.close(true);
        }
        if (client == null) {
            if (!Files.isReadable(knownHosts)) {
                throw new IOException("known hosts file " + knownHosts + " is not readable");
            }
            client = SshClient.setUpDefaultClient();
            client.setServerKeyVerifier(new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE, knownHosts));
            client.setKeyIdentityProvider(new FileKeyPairProvider(privateKey));
            client.start();
        }
        ClientSession s = client.connect(user, host, port).verify(connectTimeout).getSession();
        try {
            s.auth().verify(connectTimeout);
        } catch (IOException | RuntimeException e) {
            s.close(true);
            throw e;
        }
        session = s;
        log.info("ssh: connected to {}", describe());
        return s;
    }

    @Override
    public <T> Streamed<T> stream(Command command, OutputReader<T> reader) {
        ChannelExec channel;
        try {
            channel = session().createExecChannel(commandLine(command));
            channel.open().verify(connectTimeout);
        } catch (IOException | RuntimeException e) {
            throw new CommandFailedException(describe() + ": cannot run " + command.display() + ": " + e.getMessage(), e);
        }
        try (channel) {
            CompletableFuture<Void> feeder = CompletableFuture.runAsync(() -> {
                try (OutputStream in = channel.getInvertedIn()) {
                    in.write(command.stdin());
                } catch (IOException e) {
                    log.debug("{}: standard input closed early: {}", command.program(), e.getMessage());
                }
            }, HELPERS);
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(
                    () -> LocalCommandRunner.readLimited(channel.getInvertedErr()), HELPERS);
            CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
                Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED),
                        command.timeout().toMillis());
                if (events.contains(ClientChannelEvent.TIMEOUT)) {
                    channel.close(true);
                }
            }, HELPERS);
            T value;
            InputStream out = channel.getInvertedOut();
            value = reader.read(out);
            out.transferTo(OutputStream.nullOutputStream());
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS), command.timeout().toMillis());
            feeder.join();
            String err = stderr.join();
            Integer exit = channel.getExitStatus();
            if (exit == null) {
                channel.waitFor(EnumSet.of(ClientChannelEvent.EXIT_STATUS), 1000);
                exit = channel.getExitStatus();
            }
            killer.cancel(true);
            if (exit == null) {
                throw new CommandFailedException(command, -1, "no exit status (timed out after " + command.timeout() + "?) " + err);
            }
            return new Streamed<>(value, new CommandResult(command, exit, new byte[0], err));
        } catch (IOException e) {
            throw new CommandFailedException(describe() + ": " + command.display() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "ssh://" + user + "@" + host + ":" + port;
    }

    @Override
    public synchronized void close() {
        try {
            if (session != null) {
                session.close(true);
            }
        } finally {
            if (client != null) {
                client.stop();
            }
        }
    }
}
