package org.relaywarden.testsupport.relay;

import org.relaywarden.testsupport.Ports;
import org.relaywarden.enforcement.command.Command;
import org.relaywarden.enforcement.command.LocalCommandRunner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An OpenSSH server on a loopback port for tests: its own host key, config and authorized key,
 * run in the foreground ({@code sshd -D}), no systemd. Logs in as the current user (root).
 * The server has one host key of one type, so it offers only that algorithm (as the compose
 * relay, which has only ed25519); ed25519 unless a test asks for another type.
 */
public final class TestSshd implements AutoCloseable {

    /** Key types as {@code ssh-keygen -t} names them (and the sizes OpenSSH 9 uses by default). */
    public enum KeyType {
        ED25519("ed25519", null), ECDSA("ecdsa", "256"), RSA("rsa", "3072");

        final String keygenType;
        final String bits;

        KeyType(String keygenType, String bits) {
            this.keygenType = keygenType;
            this.bits = bits;
        }
    }

    private static final Duration T = Duration.ofSeconds(30);
    private Process process;
    private final Path dir;
    private final int port;

    private TestSshd(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** An ed25519 host key and an ed25519 client key, as modern OpenSSH and the compose relay make them. */
    public static TestSshd start() {
        return start(KeyType.ED25519, KeyType.ED25519);
    }

    public static TestSshd start(KeyType hostKeyType, KeyType clientKeyType) {
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "rw-sshd-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            keygen(dir.resolve("host_key"), hostKeyType);
            keygen(dir.resolve("client_key"), clientKeyType);
            keygen(dir.resolve("other_host_key"), hostKeyType);
            Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
            int port = Ports.freePort();
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
            process.waitFor(5, TimeUnit.SECONDS);
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

    private static void keygen(Path key, KeyType type) {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/ssh-keygen", "-q", "-t", type.keygenType));
        if (type.bits != null) {
            argv.addAll(List.of("-b", type.bits));
        }
        argv.addAll(List.of("-N", "", "-C", "relaywarden-test", "-f", key.toString()));
        new LocalCommandRunner().run(Command.of(T, argv.toArray(String[]::new))).orThrow();
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
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TestPostfix.deleteTree(dir);
    }
}
