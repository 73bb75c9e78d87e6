package org.relaywarden.notification;

/** A rendered letter to a customer. {@code messageId} is fixed when the letter is first recorded. */
public record Letter(String idempotencyKey, LetterKind kind, String recipient, String subject, String body,
                     String messageId) {
}
