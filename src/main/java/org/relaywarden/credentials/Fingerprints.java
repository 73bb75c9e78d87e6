package org.relaywarden.credentials;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The keyed fingerprint of a stored credential: HMAC-SHA256 with a key from configuration
 * ({@code relaywarden.credentials.fingerprint-key}, base64, at least 32 random bytes). Without the key a
 * fingerprint tells nothing about the password: it cannot be tried against a word list (as a plain hash of
 * sasldb's plaintext secret could). The key never leaves this object; no fingerprint is ever logged.
 */
public final class Fingerprints {

    static final int MIN_KEY_BYTES = 32;
    private final SecretKeySpec key;

    Fingerprints(byte[] key) {
        this.key = key == null ? null : new SecretKeySpec(key, "HmacSHA256");
    }

    /** Whether a key is there (only a configured credential store needs one). */
    boolean ready() {
        return key != null;
    }

    /** The hex HMAC-SHA256 of what the store holds. */
    String of(byte[] stored) {
        if (key == null) {
            throw new IllegalStateException("no credential fingerprint key (relaywarden.credentials.fingerprint-key)");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(stored));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The key: the configured one, checked (base64, at least {@link #MIN_KEY_BYTES} bytes, not a repeated or
     * simple pattern); absent and {@code demo}: read from {@code keyFile}, or generated into it (mode 600) on the
     * first start; absent outside demo: refused, naming the setting.
     */
    static byte[] key(String configured, Path keyFile, boolean demo) {
        if (configured != null && !configured.isBlank()) {
            return checked(decode(configured.strip()), "relaywarden.credentials.fingerprint-key");
        }
        if (!demo) {
            throw new IllegalStateException("Relaywarden refuses to start: a credential store is configured"
                    + " (relaywarden.credentials.store) but no fingerprint key: set RELAYWARDEN_CREDENTIAL_KEY"
                    + " (relaywarden.credentials.fingerprint-key) to at least " + MIN_KEY_BYTES + " random bytes in base64,"
                    + " e.g. the output of: openssl rand -base64 32");
        }
        try {
            if (Files.exists(keyFile)) {
                return checked(decode(Files.readString(keyFile, StandardCharsets.US_ASCII).strip()), keyFile.toString());
            }
            byte[] fresh = new byte[MIN_KEY_BYTES];
            new SecureRandom().nextBytes(fresh);
            Path dir = keyFile.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".credential-key", ".tmp");
            try {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the directory's protection applies
                }
                Files.writeString(tmp, Base64.getEncoder().encodeToString(fresh) + "\n", StandardCharsets.US_ASCII);
                Files.move(tmp, keyFile);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException("demo: cannot read or write the credential fingerprint key " + keyFile, e);
        }
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Relaywarden refuses to start: the credential fingerprint key is not base64"
                    + " (e.g. the output of: openssl rand -base64 32)");
        }
    }

    /** A key of at least 32 bytes with at least 16 different byte values (a random one has about 30). */
    static byte[] checked(byte[] key, String where) {
        long distinct = new String(key, StandardCharsets.ISO_8859_1).chars().distinct().count();
        if (key.length < MIN_KEY_BYTES || distinct < 16) {
            throw new IllegalStateException("Relaywarden refuses to start: the credential fingerprint key (" + where
                    + ") is weak: it needs at least " + MIN_KEY_BYTES + " random bytes (has " + key.length + " bytes, "
                    + distinct + " different values); make one with: openssl rand -base64 32");
        }
        return key;
    }
}
