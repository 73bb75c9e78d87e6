package org.relaywarden.customers;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The customer behind a SASL login as a directory knows them: a name (may be null), the language of
 * their letters ({@code de} or {@code en}; null when the directory does not say) and at least one
 * address, without duplicates, in the directory's order.
 */
public record Customer(String name, String language, List<ContactAddress> addresses) {

    public static final Set<String> LANGUAGES = Set.of("de", "en");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029\\u0085]+");

    public Customer {
        if (addresses == null || addresses.isEmpty()) {
            throw new IllegalArgumentException("a customer needs at least one address");
        }
        addresses = List.copyOf(new LinkedHashSet<>(addresses));
        if (language != null && language.isBlank()) {
            language = null;
        }
        if (language != null && !LANGUAGES.contains(language)) {
            throw new IllegalArgumentException("language must be de or en, not " + language);
        }
        if (name != null) {
            name = CONTROL.matcher(name).replaceAll(" ").strip();
            name = name.isEmpty() ? null : name.substring(0, Math.min(name.length(), 200));
        }
    }
}
