package org.relaywarden.enforcement.policy;

import java.util.Locale;

/**
 * How a suspended account is refused, by the policy service and in the access map alike.
 * {@link #TEMPORARY} (the default) makes the customer's server keep its mail and retry, so
 * nothing bounces and the spam stays where it is; {@link #PERMANENT} makes it bounce at once.
 */
public enum RefusalCode {
    TEMPORARY("451 4.7.1"),
    PERMANENT("554 5.7.1");

    private final String reply;

    RefusalCode(String reply) {
        this.reply = reply;
    }

    /** The SMTP reply code and enhanced status code, e.g. {@code 451 4.7.1}. */
    public String reply() {
        return reply;
    }

    /** Accepts {@code 451}, {@code 554}, {@code TEMPORARY} or {@code PERMANENT}. */
    public static RefusalCode parse(String raw) {
        return switch (raw == null ? "" : raw.trim().toUpperCase(Locale.ROOT)) {
            case "451", "TEMPORARY" -> TEMPORARY;
            case "554", "PERMANENT" -> PERMANENT;
            default -> throw new IllegalArgumentException("refusal must be 451 or 554");
        };
    }
}
