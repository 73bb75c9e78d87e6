package org.relaywarden.notification;

/**
 * A rendered letter to a customer: plain text and HTML of the same content, the reply address that
 * carries the case's reply token, and the Message-ID fixed when the letter is first recorded.
 */
public record Letter(String idempotencyKey, LetterKind kind, String recipient, String subject, String body,
                     String htmlBody, String replyTo, String messageId) {
}
