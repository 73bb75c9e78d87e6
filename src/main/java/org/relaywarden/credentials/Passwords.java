package org.relaywarden.credentials;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/** New random passwords, and their bytes for a store's standard input. Nothing here keeps or logs one. */
final class Passwords {

    /** Letters and digits a customer can read aloud and type: no 0/O, 1/l/I. */
    static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    /** A new password of {@code length} characters drawn from {@link #ALPHABET} by {@link SecureRandom}. */
    static char[] generate(int length) {
        if (length < 12 || length > 64) {
            throw new IllegalArgumentException("a generated password has 12 to 64 characters");
        }
        char[] p = new char[length];
        for (int i = 0; i < length; i++) {
            p[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return p;
    }

    /** The password's UTF-8 bytes; the caller wipes them. */
    static byte[] utf8(char[] password) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        if (b.hasArray()) {
            Arrays.fill(b.array(), (byte) 0);
        }
        return out;
    }

    /** {@code password NL password NL}: what a program that asks twice ({@code vpasswd}) reads. */
    static byte[] twice(char[] password) {
        byte[] one = utf8(password);
        byte[] out = new byte[one.length * 2 + 2];
        System.arraycopy(one, 0, out, 0, one.length);
        out[one.length] = '\n';
        System.arraycopy(one, 0, out, one.length + 1, one.length);
        out[out.length - 1] = '\n';
        Arrays.fill(one, (byte) 0);
        return out;
    }
}
