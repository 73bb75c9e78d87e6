package org.relaywarden.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one strength rule for every secret Relaywarden accepts (issue 27.4): the administrator's password
 * ({@code camunda.bpm.admin-user.password}), the provisioned monitoring password, provisioned API tokens.
 * A password is weak when it
 * <ul>
 *   <li>is shorter than {@value #MIN_LENGTH} characters;</li>
 *   <li>is, ignoring case, digits and symbols at its end and the usual letter-for-digit swaps ({@code 0}→o,
 *       {@code 1}→i, {@code 3}→e, {@code 4}/{@code @}→a, {@code 5}/{@code $}→s, {@code 7}→t), one of
 *       {@link #WELL_KNOWN} ({@code Passw0rd}, {@code password1234}, {@code Admin!} are);</li>
 *   <li>has fewer than {@value #MIN_DISTINCT} different characters, or is mostly a run ({@code abcd…}, {@code 1234…},
 *       {@code aaaa…}: more than half of its neighbouring characters are equal or next to each other);</li>
 *   <li>contains the user name (of at least three characters), ignoring case.</li>
 * </ul>
 * A token must in addition be {@code rw_} and 32-96 characters of {@code A-Z a-z 0-9 _ -} with at least 16
 * different ones, and not mostly a run.
 */
public final class SecretStrength {

    public static final int MIN_LENGTH = 12;
    static final int MIN_DISTINCT = 5;

    /** Words found at the top of every leaked-password list, and this product's own names. */
    public static final List<String> WELL_KNOWN = List.of("", "demo", "admin", "administrator", "password", "passwort",
            "changeme", "camunda", "secret", "operator", "agent", "lead", "monitoring", "relaywarden", "root", "qwerty",
            "qwertz", "letmein", "welcome", "iloveyou", "default", "test", "guest", "master", "dragon", "abc",
            "passphrase", "placeholder", "postgres", "prometheus", "alertmanager", "grafana", "superuser", "login");

    /** Stated in every refusal, so that whoever reads it knows what to choose. */
    public static final String RULE = "at least " + MIN_LENGTH + " characters, not a well-known password (also not with"
            + " digits or symbols added or letters swapped for digits), not a run of repeated or consecutive characters,"
            + " not containing the user name";

    private SecretStrength() {
    }

    /** Why the password is weak, or empty when it is not. */
    public static Optional<String> passwordProblem(String password, String userId) {
        if (password == null || password.length() < MIN_LENGTH) {
            return Optional.of("shorter than " + MIN_LENGTH + " characters");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (WELL_KNOWN.contains(core(lower))) {
            return Optional.of("a well-known password");
        }
        if (password.chars().distinct().count() < MIN_DISTINCT || mostlyARun(password)) {
            return Optional.of("a run of repeated or consecutive characters");
        }
        if (userId != null && userId.length() >= 3 && lower.contains(userId.toLowerCase(Locale.ROOT))) {
            return Optional.of("contains the user name");
        }
        return Optional.empty();
    }

    /** Why the token is weak, or empty when it is not. */
    public static Optional<String> tokenProblem(String token) {
        if (token == null || !token.matches("rw_[A-Za-z0-9_-]{32,96}")) {
            return Optional.of("not rw_ and 32-96 characters of A-Z a-z 0-9 _ -");
        }
        String random = token.substring(3);
        if (random.chars().distinct().count() < 16 || mostlyARun(random)) {
            return Optional.of("not random (fewer than 16 different characters, or a run)");
        }
        return Optional.empty();
    }

    /** The word behind the decoration: without digits and symbols at its end, digits read as the letters they mimic. */
    static String core(String lower) {
        String s = lower.replaceAll("[^a-z]+$", "");
        if (s.isEmpty()) {
            s = lower;
        }
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(switch (c) {
                case '0' -> 'o';
                case '1', '!' -> 'i';
                case '3' -> 'e';
                case '4', '@' -> 'a';
                case '5', '$' -> 's';
                case '7' -> 't';
                default -> c;
            });
        }
        return b.toString();
    }

    /** More than half of the neighbouring characters are equal or next to each other (aaaa, abcd, 4321). */
    static boolean mostlyARun(String s) {
        int run = 0;
        for (int i = 1; i < s.length(); i++) {
            if (Math.abs(s.charAt(i) - s.charAt(i - 1)) <= 1) {
                run++;
            }
        }
        return run * 2 > s.length() - 1;
    }

    /**
     * Spellings of the well-known passwords to try against a stored hash (the stored password cannot be read):
     * lower case, capitalized and upper case, plain and with the usual endings, and the usual digit swaps.
     */
    static List<String> wellKnownSpellings(String userId) {
        List<String> words = new ArrayList<>(WELL_KNOWN);
        if (userId != null) {
            words.add(userId);
        }
        List<String> spellings = new ArrayList<>();
        for (String word : words) {
            for (String w : List.of(word, word.replace('o', '0'), word.replace('a', '@').replace('o', '0'))) {
                for (String cased : List.of(w, w.isEmpty() ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1),
                        w.toUpperCase(Locale.ROOT))) {
                    for (String end : List.of("", "1", "12", "123", "1234", "!", "1!", "2024", "2025", "2026")) {
                        String candidate = cased + end;
                        if (!spellings.contains(candidate)) {
                            spellings.add(candidate);
                        }
                    }
                }
            }
        }
        return spellings;
    }
}
