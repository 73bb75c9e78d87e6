package org.relaywarden.complaints;

import java.time.Instant;
import java.util.List;

/**
 * One feedback-loop report as the parser read it: an ARF report (RFC 5965: {@code multipart/report;
 * report-type=feedback-report}) or an XARF one (JSON, v3 "X-ARF" or v4), with the headers of the message it
 * reports.
 *
 * @param format        {@code arf} or {@code xarf}
 * @param feedbackType  ARF's {@code Feedback-Type} ({@code abuse}, {@code fraud}, ...) or XARF's type ({@code spam})
 * @param reporter      who sent the report: ARF's {@code Reporting-MTA} or the report mail's From domain, XARF's reporter
 * @param reportId      the report's own id where it has one (XARF {@code report_id}, the report mail's Message-ID)
 * @param arrival       when the reported message arrived at the reporter ({@code Arrival-Date}), if said
 * @param recipientDomains the complainants' domains ({@code Original-Rcpt-To}, else the reported message's To:), never
 *                      their local parts; empty where the report redacted them
 * @param redacted      the report hides the complainant (RFC 6590): no recipient address, or one whose local part was
 *                      replaced; letters then name only the reporter
 * @param message       the reported message's headers
 */
public record FeedbackReport(String format, String feedbackType, String reporter, String reportId, Instant arrival,
                             List<String> recipientDomains, boolean redacted, ReportedMessage message) {
    public FeedbackReport {
        recipientDomains = List.copyOf(recipientDomains);
    }

    /**
     * The reported message's headers that lead back to the account: its {@code Received:} lines (newest first, as
     * they stand), {@code Message-ID} and {@code Subject}.
     */
    public record ReportedMessage(List<String> received, String messageId, String subject) {
        public ReportedMessage {
            received = List.copyOf(received);
        }
    }
}
