package org.relaywarden.enforcement.limits;

/**
 * An account's sending limit in the limit window, and where it comes from.
 *
 * @param basis {@code allowlisted}, {@code configured}, {@code raised} (after a false positive),
 *              {@code learned} or {@code floor}
 */
public record Limit(long messages, long recipients, String basis) {

    public static final Limit UNLIMITED = new Limit(Long.MAX_VALUE, Long.MAX_VALUE, "allowlisted");

    public boolean unlimited() {
        return messages == Long.MAX_VALUE && recipients == Long.MAX_VALUE;
    }
}
