package org.relaywarden.quarantine;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Quarantined messages as files in one folder ({@code relaywarden.quarantine.dir}): written to a
 * temporary file, forced to disk, renamed into place, read back and hashed. Batches
 * ({@link #putAll}) are written and renamed first and then made durable together by one
 * {@code syncfs(2)} of the quarantine's file system ({@code sync -f}): it also persists the renames
 * (the directory entries), and it costs about as much as a single fsync, where one fsync per file
 * (some 2 ms each here) bounded a 10,000-message quarantine at 20 s. Where {@code sync -f}
 * is not available or fails, each file and its folder are forced one by one.
 */
@Component
class FileQuarantineStore implements QuarantineStore {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FileQuarantineStore.class);

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}(/[A-Za-z0-9][A-Za-z0-9._-]{0,200}){0,3}");
    private final Path root;

    FileQuarantineStore(@Value("${relaywarden.quarantine.dir}") Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String put(String key, byte[] content) {
        Path target = resolve(key);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".incoming-", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(content));
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            String expected = sha256(content);
            String actual = sha256(Files.readAllBytes(target));
            if (!expected.equals(actual)) {
                throw new QuarantineIntegrityException("copy of " + key + " does not verify");
            }
            return actual;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + key + " in quarantine", e);
        }
    }

    @Override
    public java.util.Map<String, String> putAll(java.util.Map<String, byte[]> contents) {
        java.util.Map<String, Path> written = new java.util.LinkedHashMap<>();
        try {
            for (java.util.Map.Entry<String, byte[]> e : contents.entrySet()) {
                Path target = resolve(e.getKey());
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), ".incoming-", ".tmp");
                Files.write(tmp, e.getValue(), StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException ex) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                written.put(e.getKey(), target);
            }
            if (!syncFileSystem()) {
                for (Path target : written.values()) {
                    force(target);
                }
                for (Path folder : new java.util.LinkedHashSet<>(written.values().stream().map(Path::getParent).toList())) {
                    force(folder);
                }
            }
            java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
            for (java.util.Map.Entry<String, Path> e : written.entrySet()) {
                String expected = sha256(contents.get(e.getKey()));
                String actual = sha256(Files.readAllBytes(e.getValue()));
                if (!expected.equals(actual)) {
                    throw new QuarantineIntegrityException("copy of " + e.getKey() + " does not verify");
                }
                out.put(e.getKey(), actual);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + contents.size() + " messages in quarantine", e);
        }
    }

    /** {@code sync -f ROOT}: syncfs(2) of the quarantine's file system; false if that did not work. */
    private boolean syncFileSystem() {
        try {
            Process p = new ProcessBuilder("sync", "-f", root.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                log.warn("quarantine: sync -f {} did not finish in 60 s; forcing each file", root);
                return false;
            }
            if (p.exitValue() != 0) {
                log.warn("quarantine: sync -f {} failed ({}); forcing each file", root, out.strip());
                return false;
            }
            return true;
        } catch (IOException e) {
            log.warn("quarantine: cannot run sync -f ({}); forcing each file", e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void force(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    @Override
    public byte[] read(String key) {
        try {
            return Files.readAllBytes(resolve(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key + " from quarantine", e);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(resolve(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + key + " from quarantine", e);
        }
    }

    private Path resolve(String key) {
        if (!KEY.matcher(key).matches() || key.contains("..")) {
            throw new IllegalArgumentException("not a quarantine key");
        }
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("not a quarantine key");
        }
        return p;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
