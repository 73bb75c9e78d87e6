package org.relaywarden.notification;

import java.util.Arrays;
import java.util.List;

/**
 * A rendered letter to a customer: its recipients (the customer directory's addresses plus those
 * operators added, fixed when the letter is first recorded), plain text and HTML of the same
 * content, the reply address that carries the case's reply token, and the Message-ID fixed when the
 * letter is first recorded.
 */
public record Letter(String idempotencyKey, LetterKind kind, List<String> recipients, String subject, String body,
                     String htmlBody, String replyTo, String messageId) {

    public Letter {
        if (recipients == null || recipients.isEmpty()) {
            throw new IllegalArgumentException("a letter needs at least one recipient");
        }
        recipients = List.copyOf(recipients);
    }

    /** The recipients as stored with the letter and shown in a To: header: {@code a@x.example, b@y.example}. */
    public String recipientList() {
        return String.join(", ", recipients);
    }

    static List<String> parseRecipientList(String stored) {
        return Arrays.stream(stored.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
