package org.relaywarden.enforcement.command;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runs commands on this machine with {@link ProcessBuilder}: no shell is ever involved. */
public class LocalCommandRunner implements CommandRunner {

    private static final Logger log = LoggerFactory.getLogger(LocalCommandRunner.class);
    static final int STDERR_LIMIT = 16 * 1024;
    /** Helper threads (stdin feeder, stderr reader, timeout watch): blocking work, so not the common pool. */
    private static final ExecutorService HELPERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "command-io");
        t.setDaemon(true);
        return t;
    });

    @Override
    public <T> Streamed<T> stream(Command command, OutputReader<T> reader) {
        long started = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command.argv()).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new CommandFailedException("cannot start " + command.display() + ": " + e.getMessage(), e);
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
            try {
                if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    timedOut.set(true);
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, HELPERS);
        CompletableFuture<Void> feeder = CompletableFuture.runAsync(() -> {
            try (OutputStream in = process.getOutputStream()) {
                in.write(command.stdin());
            } catch (IOException e) {
                log.debug("{}: standard input closed early: {}", command.program(), e.getMessage());
            }
        }, HELPERS);
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readLimited(process.getErrorStream()), HELPERS);
        T value;
        try (InputStream out = process.getInputStream()) {
            value = reader.read(out);
            out.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            process.destroyForcibly();
            throw new CommandFailedException(command.display() + ": " + (timedOut.get() ? "timed out after "
                    + command.timeout() : "reading its output failed: " + e.getMessage()), e);
        }
        int exit;
        try {
            exit = process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandFailedException(command.display() + " interrupted", e);
        }
        killer.cancel(true);
        feeder.join();
        String err = stderr.join();
        if (timedOut.get()) {
            throw new CommandFailedException(command, exit, "timed out after " + command.timeout() + "; " + err);
        }
        log.debug("{} -> {} in {} ms", command.display(), exit, (System.nanoTime() - started) / 1_000_000);
        return new Streamed<>(value, new CommandResult(command, exit, new byte[0], err));
    }

    static String readLimited(InputStream in) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                int room = STDERR_LIMIT - buf.size();
                if (room > 0) {
                    buf.write(chunk, 0, Math.min(room, n));
                }
            }
        } catch (IOException e) {
            // the process is gone; keep what was read
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String describe() {
        return "local";
    }
}
