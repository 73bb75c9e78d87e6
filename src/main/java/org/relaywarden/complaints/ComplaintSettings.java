package org.relaywarden.complaints;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * Feedback-loop reports ({@code relaywarden.complaints.*}).
 *
 * @param relayHosts     the provider's relays as they name themselves in Received: lines (Postfix myhostname, Exim
 *                       primary_hostname, qmail's me); {@code *.example.net} for all below. Empty: every hop with a
 *                       queue id is looked up in the relays' logs, which alone decide whether it was ours
 * @param threshold      complaints about one account within {@code window} that raise the {@code feedback-loop} alert
 *                       (default 3)
 * @param window         how far back complaints count (default 24 hours)
 * @param maxReportBytes larger reports are refused (REST: 413 above relaywarden.web.max-body-bytes; mailbox: dead letter)
 * @param mailbox        where the feedback loops' reports arrive by mail
 */
@ConfigurationProperties("relaywarden.complaints")
public record ComplaintSettings(List<String> relayHosts, Integer threshold, Duration window, Integer maxReportBytes,
                                Mailbox mailbox) {

    public ComplaintSettings {
        relayHosts = relayHosts == null ? List.of() : relayHosts.stream().filter(h -> !h.isBlank()).toList();
        threshold = threshold == null ? 3 : threshold;
        window = window == null ? Duration.ofHours(24) : window;
        maxReportBytes = maxReportBytes == null ? 1024 * 1024 : maxReportBytes;
        mailbox = mailbox == null ? new Mailbox(null, null, null, null, null, null, null, null, null, null) : mailbox;
        if (threshold < 1) {
            throw new IllegalArgumentException("relaywarden.complaints.threshold must be at least 1");
        }
    }

    /**
     * The feedback-loop mailbox: a folder of the abuse mailbox (a filter files the reports sent to the address
     * registered with the feedback loops there) or a mailbox of its own. Unset connection values are the abuse
     * mailbox's ({@code relaywarden.imap.*}).
     *
     * @param enabled          read it (default false)
     * @param folder           where reports arrive (default {@code FeedbackLoop})
     * @param processedFolder  where read reports go (default {@code FeedbackLoop-Processed})
     * @param deadLetterFolder where reports that cannot be read go, kept for a person (default {@code FeedbackLoop-DeadLetter})
     */
    public record Mailbox(Boolean enabled, String host, Integer port, String protocol, String username, String password,
                          String folder, String processedFolder, String deadLetterFolder, Duration pollInterval) {
        public Mailbox {
            enabled = enabled != null && enabled;
            folder = folder == null || folder.isBlank() ? "FeedbackLoop" : folder;
            processedFolder = processedFolder == null || processedFolder.isBlank() ? "FeedbackLoop-Processed" : processedFolder;
            deadLetterFolder = deadLetterFolder == null || deadLetterFolder.isBlank() ? "FeedbackLoop-DeadLetter" : deadLetterFolder;
        }
    }
}
