package org.relaywarden.credentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * How a store that Relaywarden writes directly (passwd-file, SQL) keeps a new password: Dovecot's
 * {@code {SSHA512}} (base64 of SHA-512(password + salt) + salt, 16 random salt bytes), or {@code PLAIN} for a
 * database that keeps the secret itself (as sasldb does; e.g. for CRAM-MD5).
 */
enum PasswordScheme {
    SSHA512, PLAIN;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The stored form of the password; the caller wipes it. */
    char[] encode(char[] password) {
        return switch (this) {
            case PLAIN -> password.clone();
            case SSHA512 -> {
                byte[] salt = new byte[16];
                RANDOM.nextBytes(salt);
                byte[] pw = Passwords.utf8(password);
                try {
                    MessageDigest sha = MessageDigest.getInstance("SHA-512");
                    sha.update(pw);
                    sha.update(salt);
                    byte[] digest = sha.digest();
                    byte[] both = Arrays.copyOf(digest, digest.length + salt.length);
                    System.arraycopy(salt, 0, both, digest.length, salt.length);
                    yield ("{SSHA512}" + Base64.getEncoder().encodeToString(both)).toCharArray();
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                } finally {
                    Arrays.fill(pw, (byte) 0);
                }
            }
        };
    }

    /** Whether {@code stored} (as {@link #SSHA512} writes it) is the password: for tests and the docs' example. */
    static boolean matchesSsha512(String stored, String password) {
        if (!stored.startsWith("{SSHA512}")) {
            return false;
        }
        byte[] both = Base64.getDecoder().decode(stored.substring(9));
        byte[] salt = Arrays.copyOfRange(both, 64, both.length);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-512");
            sha.update(password.getBytes(StandardCharsets.UTF_8));
            sha.update(salt);
            return MessageDigest.isEqual(sha.digest(), Arrays.copyOf(both, 64));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
