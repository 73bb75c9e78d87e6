package org.relaywarden.questionnaire.mail;

import java.util.List;

/**
 * A mail read from the abuse mailbox, reduced to what matching and parsing need. All of it is
 * attacker-controlled text.
 *
 * @param recipients every address of To, Cc, Delivered-To and X-Original-To
 * @param references the Message-IDs of In-Reply-To and References, nearest first
 * @param automatic  an auto-reply, bounce or list mail (Auto-Submitted, Precedence, multipart/report)
 * @param attachedListings text attachments that read as a queue listing (e.g. the output of {@code postqueue -p}
 *                         saved to a file): a human reads them as part of the answer to question 3
 */
public record IncomingReply(String messageId, String from, String subject, List<String> recipients,
                            List<String> references, String text, boolean automatic, List<String> attachedListings) {
    public IncomingReply(String messageId, String from, String subject, List<String> recipients, List<String> references,
                         String text, boolean automatic) {
        this(messageId, from, subject, recipients, references, text, automatic, List.of());
    }

    public IncomingReply {
        attachedListings = attachedListings == null ? List.of() : List.copyOf(attachedListings);
        recipients = List.copyOf(recipients);
        references = List.copyOf(references);
        subject = subject == null ? "" : subject;
        from = from == null ? "" : from;
        text = text == null ? "" : text;
    }
}
