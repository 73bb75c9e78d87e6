package org.relaywarden.complaints;

import java.time.Instant;
import java.util.List;

/**
 * One feedback-loop report as recorded (the raw report is kept beside it). {@code status}: ATTRIBUTED (an account
 * sent the reported message), NOT_OURS (no Received: line of the provider's relays), UNATTRIBUTED (a relay's
 * queue id that no relay log knows, or an unauthenticated submission), REFUSED (not a readable feedback report;
 * {@code detail} says why).
 */
public record Complaint(long id, Instant receivedAt, String channel, Status status, String detail, String format,
                        String feedbackType, String reporter, String reportId, List<String> recipientDomains,
                        boolean redacted, String account, String relay, String queueId, String messageId, String subject,
                        String logLine, Instant sentAt) {

    public enum Status { ATTRIBUTED, NOT_OURS, UNATTRIBUTED, REFUSED }

    public Complaint {
        recipientDomains = recipientDomains == null ? List.of() : List.copyOf(recipientDomains);
    }
}
