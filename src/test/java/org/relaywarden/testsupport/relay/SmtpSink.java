package org.relaywarden.testsupport.relay;

import org.relaywarden.testsupport.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Postfix's {@code smtp-sink} as the upstream of a test relay: it accepts every message and
 * dumps each one into its own file, so a test can count what got out and look for spam in it.
 */
public final class SmtpSink implements AutoCloseable {

    private final Process process;
    private final Path dumps;
    private final int port;

    private SmtpSink(Process process, Path dumps, int port) {
        this.process = process;
        this.dumps = dumps;
        this.port = port;
    }

    public static SmtpSink start() {
        return start(List.<String>of());
    }

    /**
     * A sink that soft-rejects every RCPT with {@code rejectText} (so relayed mail stays deferred:
     * the seed's signal), or accepts everything when it is null.
     */
    public static SmtpSink start(String rejectText) {
        return start(rejectText == null ? List.of() : List.of("-r", "RCPT", "-b", rejectText));
    }

    /**
     * A receiving server that refuses every RCPT for good with {@code hardReply} (e.g. {@code 550 5.7.1 spam
     * refused}): the relay bounces what it sends there, and its log says the receiver refused.
     */
    public static SmtpSink refusing(String hardReply) {
        return start(List.of("-f", "RCPT", "-B", hardReply));
    }

    private static SmtpSink start(List<String> rejecting) {
        try {
            Path dumps = Files.createTempDirectory(Path.of("/tmp"), "rw-sink-");
            Files.setPosixFilePermissions(dumps, PosixFilePermissions.fromString("rwxrwxrwx"));
            int port = Ports.freePort();
            List<String> argv = new ArrayList<>(List.of("/usr/sbin/smtp-sink", "-u", "nobody",
                    "-d", dumps + "/%H%M%S."));
            argv.addAll(rejecting);
            argv.addAll(List.of("127.0.0.1:" + port, "256"));
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(dumps.resolve("sink.log").toFile())
                    .start();
            TestPostfix.awaitPort(port);
            return new SmtpSink(p, dumps, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code [127.0.0.1]:PORT}, for relayhost. */
    public String relayhost() {
        return "[127.0.0.1]:" + port;
    }

    /** The messages received so far, each as text. */
    public List<String> messages() {
        try (Stream<Path> files = Files.list(dumps)) {
            return files.filter(f -> !f.getFileName().toString().equals("sink.log")).sorted().map(f -> {
                try {
                    return Files.readString(f, StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    return "";
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long count(String marker) {
        return messages().stream().filter(m -> m.contains(marker)).count();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TestPostfix.deleteTree(dumps);
    }
}
