package org.relaywarden.enforcement.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A relay's log read on from where the last read ended, locally or over SSH: {@code stat -L -c %s} for its size,
 * then {@code tail -c +N} for what is new, whole lines only (a line being written is read next time). The first read
 * starts at the log's end (what is older is not news); a log that shrank was rotated and is read from its start. At
 * most {@link #MAX_READ} bytes a read; the rest at the next. Not thread-safe: one reader per log.
 */
public final class LogTail {

    /** At most this many bytes are read from the log in one read. */
    public static final int MAX_READ = 8 << 20;

    private final CommandRunner runner;
    private final String path;
    private final Duration timeout;
    private long offset = -1;

    /** @param path the log's path, checked ({@link Relay#checkedPath}) by the relay that names it */
    public LogTail(CommandRunner runner, String path, Duration timeout) {
        this.runner = runner;
        this.path = path;
        this.timeout = timeout;
    }

    /**
     * The whole lines written since the last read (none at the first read).
     *
     * @throws IllegalStateException when the log cannot be read (the next read tries again from the same place)
     */
    public List<String> newLines() {
        CommandResult size = runner.run(Command.of(timeout, "/usr/bin/stat", "-L", "-c", "%s", "--", path));
        if (!size.ok()) {
            throw new IllegalStateException("size of " + path + " not read: " + size.stderr().strip());
        }
        long length = Long.parseLong(new String(size.stdout(), StandardCharsets.US_ASCII).strip());
        if (offset < 0 || length < offset) {
            offset = offset < 0 ? length : 0;
        }
        if (length == offset) {
            return List.of();
        }
        long want = Math.min(MAX_READ, length - offset);
        CommandRunner.Streamed<byte[]> s = runner.stream(
                Command.of(timeout, "/usr/bin/tail", "-c", "+" + (offset + 1), "--", path), in -> upTo(in, want));
        if (s.result().exitCode() != 0) {
            throw new IllegalStateException(path + " not read: " + s.result().stderr().strip());
        }
        byte[] bytes = s.value();
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        offset += end;
        return end == 0 ? List.of() : List.of(new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n"));
    }

    private static byte[] upTo(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        long left = max;
        int n;
        while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
            out.write(buf, 0, n);
            left -= n;
        }
        // the rest (written since the size was read) is left for the next read: drain it unread
        while (in.read(buf) > 0) {
            // discarded
        }
        return out.toByteArray();
    }
}
