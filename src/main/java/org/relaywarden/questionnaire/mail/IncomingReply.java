package org.relaywarden.questionnaire.mail;

import java.util.List;

/**
 * A mail read from the abuse mailbox, reduced to what matching and parsing need. All of it is
 * attacker-controlled text.
 *
 * @param recipients every address of To, Cc, Delivered-To and X-Original-To
 * @param references the Message-IDs of In-Reply-To and References, nearest first
 * @param automatic  an auto-reply, bounce or list mail (Auto-Submitted, Precedence, multipart/report)
 */
public record IncomingReply(String messageId, String from, String subject, List<String> recipients,
                            List<String> references, String text, boolean automatic) {
    public IncomingReply {
        recipients = List.copyOf(recipients);
        references = List.copyOf(references);
        subject = subject == null ? "" : subject;
        from = from == null ? "" : from;
        text = text == null ? "" : text;
    }
}
