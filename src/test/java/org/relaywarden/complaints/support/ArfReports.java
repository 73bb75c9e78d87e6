package org.relaywarden.complaints.support;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;

/**
 * Feedback-loop reports around a reported message, in the shapes the big feedback loops send, written from
 * RFC 5965's examples (section 3.3 and appendix B) and the XARF schemas (v4 {@code messaging}/{@code spam} with
 * {@code evidence[]}, v3 "X-ARF" JSON with {@code Report.Attachment[]}):
 * <ul>
 *   <li>{@link Shape#FULL_MESSAGE}: the mailbox provider's report with the human-readable part, the
 *       {@code message/feedback-report} part naming the complainant ({@code Original-Rcpt-To}) and the whole message
 *       as {@code message/rfc822}</li>
 *   <li>{@link Shape#REDACTED}: as above without {@code Original-Rcpt-To}, the complainant's address in the message
 *       replaced (RFC 6590), as the loops that protect their users' identity send it</li>
 *   <li>{@link Shape#HEADERS_ONLY}: only the message's headers, as {@code text/rfc822-headers}</li>
 * </ul>
 */
public final class ArfReports {

    public enum Shape { FULL_MESSAGE, REDACTED, HEADERS_ONLY }

    private static final DateTimeFormatter RFC822 = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private ArfReports() {
    }

    /** An ARF report of {@code reporter} (e.g. {@code fbl.mailbox.example}) about {@code message} sent to {@code complainant}. */
    public static String arf(Shape shape, String reporter, String complainant, String message) {
        String boundary = "part1_13d.2e68ed54_" + Integer.toHexString(message.hashCode());
        String now = RFC822.format(ZonedDateTime.now());
        String reported = message.replace("\r\n", "\n");
        if (shape == Shape.REDACTED) {
            reported = reported.replace(complainant, "redacted@" + complainant.substring(complainant.indexOf('@') + 1));
        }
        String third = shape == Shape.HEADERS_ONLY
                ? "Content-Type: text/rfc822-headers\n\n" + reported.substring(0, headerEnd(reported)) + "\n"
                : "Content-Type: message/rfc822\nContent-Disposition: inline\n\n" + reported + (reported.endsWith("\n") ? "" : "\n");
        return "From: <staff@" + reporter + ">\n"
                + "Date: " + now + "\n"
                + "Subject: FW: complaint about a message from your network\n"
                + "To: <fbl@provider.example>\n"
                + "Message-ID: <" + System.nanoTime() + "." + shape.name().toLowerCase(Locale.ROOT) + "@" + reporter + ">\n"
                + "MIME-Version: 1.0\n"
                + "Content-Type: multipart/report; report-type=feedback-report;\n"
                + "     boundary=\"" + boundary + "\"\n"
                + "\n"
                + "--" + boundary + "\n"
                + "Content-Type: text/plain; charset=\"US-ASCII\"\n"
                + "Content-Transfer-Encoding: 7bit\n"
                + "\n"
                + "This is an email abuse report for an email message received from IP\n"
                + "127.0.0.1 on " + now + ".  For more information\n"
                + "about this format please see RFC 5965.\n"
                + "\n"
                + "--" + boundary + "\n"
                + "Content-Type: message/feedback-report\n"
                + "\n"
                + "Feedback-Type: abuse\n"
                + "User-Agent: SomeGenerator/1.0\n"
                + "Version: 1\n"
                + "Original-Mail-From: <" + header(reported, "From") + ">\n"
                + (shape == Shape.REDACTED ? "" : "Original-Rcpt-To: <" + complainant + ">\n")
                + "Arrival-Date: " + now + "\n"
                + "Reporting-MTA: dns; " + reporter + "\n"
                + "Source-IP: 127.0.0.1\n"
                + "Authentication-Results: " + reporter + "; spf=none smtp.mail=" + header(reported, "From") + "\n"
                + "\n"
                + "--" + boundary + "\n"
                + third
                + "--" + boundary + "--\n";
    }

    /** An XARF v4 report ({@code messaging}/{@code spam}) with the message as base64 {@code message/rfc822} evidence. */
    public static String xarf4(String reporterDomain, String message) {
        String payload = Base64.getEncoder().encodeToString(message.getBytes(StandardCharsets.UTF_8));
        return """
                {
                  "xarf_version": "4.0.0",
                  "report_id": "a1b2c3d4-%s",
                  "timestamp": "%s",
                  "reporter": {"org": "Example Anti-Spam Service", "contact": "reports@%s", "domain": "%s"},
                  "sender": {"org": "Example Anti-Spam Service", "contact": "reports@%s", "domain": "%s"},
                  "source_identifier": "127.0.0.1",
                  "category": "messaging",
                  "type": "spam",
                  "evidence_source": "user_complaint",
                  "protocol": "smtp",
                  "evidence": [
                    {"content_type": "message/rfc822", "description": "Complete spam email with headers", "payload": "%s"}
                  ],
                  "tags": ["spam:commercial"]
                }
                """.formatted(Long.toHexString(System.nanoTime()), ZonedDateTime.now().toOffsetDateTime(), reporterDomain,
                reporterDomain, reporterDomain, reporterDomain, payload);
    }

    /** An X-ARF v3 JSON report ({@code Messaging}/{@code spam}) with the message as a base64 attachment. */
    public static String xarf3(String reporterDomain, String message) {
        String data = Base64.getEncoder().encodeToString(message.getBytes(StandardCharsets.UTF_8));
        return """
                {"Version": "3.0.0",
                 "ReporterInfo": {"ReporterOrg": "Example Anti-Spam Service", "ReporterOrgDomain": "%s",
                                  "ReporterOrgEmail": "reports@%s"},
                 "Disclosure": true,
                 "Report": {"ReportClass": "Messaging", "ReportType": "spam", "Date": "%s",
                            "Source": {"IP": "127.0.0.1", "Port": 25, "Type": "ip"},
                            "Attachment": [{"ContentType": "message/rfc822", "Description": "Original spam message", "Data": "%s"}]}}
                """.formatted(reporterDomain, reporterDomain, ZonedDateTime.now().toOffsetDateTime(), data);
    }

    private static int headerEnd(String message) {
        int end = message.indexOf("\n\n");
        return end < 0 ? message.length() : end + 1;
    }

    private static String header(String message, String name) {
        for (String line : message.substring(0, headerEnd(message)).split("\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                String v = line.substring(name.length() + 1).strip();
                int lt = v.indexOf('<');
                return lt >= 0 && v.indexOf('>', lt) > lt ? v.substring(lt + 1, v.indexOf('>', lt)) : v;
            }
        }
        return "";
    }
}
