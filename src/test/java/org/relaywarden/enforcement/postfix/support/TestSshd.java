package org.relaywarden.enforcement.postfix.support;

import org.relaywarden.enforcement.command.Command;
import org.relaywarden.enforcement.command.LocalCommandRunner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * An OpenSSH server on a loopback port for tests: its own host key, config and authorized key,
 * run in the foreground ({@code sshd -D}), no systemd. Logs in as the current user (root).
 */
public final class TestSshd implements AutoCloseable {

    private static final Duration T = Duration.ofSeconds(30);
    private Process process;
    private final Path dir;
    private final int port;

    private TestSshd(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    public static TestSshd start() {
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "rw-sshd-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            keygen(dir.resolve("host_key"));
            keygen(dir.resolve("client_key"));
            keygen(dir.resolve("other_host_key"));
            Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
            int port = TestPostfix.freePort();
            Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                    "Port " + port,
                    "ListenAddress 127.0.0.1",
                    "HostKey " + dir.resolve("host_key"),
                    "PidFile " + dir.resolve("sshd.pid"),
                    "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                    "PubkeyAuthentication yes",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "PermitRootLogin prohibit-password",
                    "UsePAM no",
                    "StrictModes no",
                    "LogLevel VERBOSE") + "\n");
            String hostKey = Files.readString(dir.resolve("host_key.pub")).trim();
            String other = Files.readString(dir.resolve("other_host_key.pub")).trim();
            Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + port + " " + keyPart(hostKey) + "\n");
            Files.writeString(dir.resolve("wrong_known_hosts"), "[127.0.0.1]:" + port + " " + keyPart(other) + "\n");
            Files.createDirectories(Path.of("/run/sshd"));
            return new TestSshd(launch(dir, port), dir, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Process launch(Path dir, int port) throws IOException {
        Process p = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sshd.log").toFile())).start();
        TestPostfix.awaitPort(port);
        return p;
    }

    /** The server and every open session gone, as when the relay host drops off the network. */
    public void pause() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The server back on the same port with the same keys. */
    public void resume() {
        try {
            process = launch(dir, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String keyPart(String pub) {
        String[] parts = pub.split(" ");
        return parts[0] + " " + parts[1];
    }

    /** ECDSA keys: the JDK's own providers handle them, no extra crypto library needed. */
    private static void keygen(Path key) {
        new LocalCommandRunner().run(Command.of(T, "/usr/bin/ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C",
                "relaywarden-test", "-f", key.toString())).orThrow();
    }

    public int port() {
        return port;
    }

    public Path clientKey() {
        return dir.resolve("client_key");
    }

    public Path knownHosts() {
        return dir.resolve("known_hosts");
    }

    /** A known_hosts file that lists another key for this server. */
    public Path wrongKnownHosts() {
        return dir.resolve("wrong_known_hosts");
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("sshd.log"));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TestPostfix.deleteTree(dir);
    }
}
