package org.relaywarden.complaints;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import org.relaywarden.notification.LetterTemplates;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a feedback-loop report: ARF (RFC 5965) as the big feedback loops send it, a mail of type
 * {@code multipart/report; report-type=feedback-report} with a human-readable part, a
 * {@code message/feedback-report} part (header-style fields) and the reported message
 * ({@code message/rfc822}, or only its headers as {@code text/rfc822-headers}); and XARF JSON, v4
 * ({@code category: messaging}, the message in {@code evidence[]} as base64 {@code message/rfc822}) and v3
 * ("X-ARF", {@code Report.Attachment[]}), alone or as an {@code application/json} part of a mail. MIME is read
 * with Jakarta Mail, JSON with Jackson. Anything else, or a report without the reported message's headers, is
 * refused with a {@link MalformedReportException} that says what is wrong.
 */
class ReportParser {

    static final int MAX_SUBJECT = 200;
    private static final Pattern REDACTED_LOCAL = Pattern.compile("(?i).*(redacted|x{4,}|\\*{2,}).*");
    private static final ObjectMapper JSON = new ObjectMapper();

    FeedbackReport parse(byte[] raw) {
        if (raw == null || raw.length == 0) {
            throw new MalformedReportException("the report is empty");
        }
        if (firstNonBlank(raw) == '{') {
            return xarf(raw);
        }
        try {
            MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
            String type = mail.getContentType();
            if (type == null) {
                throw new MalformedReportException("not a feedback report: the mail has no Content-Type; expected "
                        + "multipart/report; report-type=feedback-report (RFC 5965) or XARF JSON");
            }
            ContentType ct = contentType(type);
            if (ct.match("multipart/report")) {
                String reportType = ct.getParameter("report-type");
                if (!"feedback-report".equalsIgnoreCase(reportType)) {
                    throw new MalformedReportException("a multipart/report of report-type " + safe(reportType)
                            + " is not a feedback report (a bounce is delivery-status); expected report-type=feedback-report");
                }
                return arf(mail, new MimeMultipart(mail.getDataHandler().getDataSource()));
            }
            if (ct.getPrimaryType().equalsIgnoreCase("multipart")) {
                MimeMultipart parts = new MimeMultipart(mail.getDataHandler().getDataSource());
                for (int i = 0; i < parts.getCount(); i++) {
                    if (parts.getBodyPart(i).isMimeType("application/json")) {
                        return xarf(readAll(parts.getBodyPart(i).getInputStream()));
                    }
                }
            }
            if (mail.getHeader("X-ARF") != null) {
                throw new MalformedReportException("X-ARF 0.1/0.2 reports (YAML) are not read: send XARF JSON or ARF");
            }
            throw new MalformedReportException("not a feedback report: expected multipart/report; report-type=feedback-report "
                    + "(RFC 5965) or XARF JSON, got " + safe(ct.getBaseType()));
        } catch (MessagingException | IOException | RuntimeException e) {
            if (e instanceof MalformedReportException m) {
                throw m;
            }
            throw new MalformedReportException("the report cannot be read as MIME: " + safe(e.getMessage()), e);
        }
    }

    private FeedbackReport arf(MimeMessage mail, MimeMultipart parts) throws MessagingException, IOException {
        InternetHeaders fields = null;
        InternetHeaders reported = null;
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (fields == null && part.isMimeType("message/feedback-report")) {
                fields = headers(part.getInputStream());
            } else if (reported == null && (part.isMimeType("message/rfc822") || part.isMimeType("text/rfc822-headers"))) {
                reported = headers(part.getInputStream());
            }
        }
        if (fields == null) {
            throw new MalformedReportException("the multipart/report has no message/feedback-report part (RFC 5965 section 3)");
        }
        String feedbackType = fields.getHeader("Feedback-Type", null);
        if (feedbackType == null || feedbackType.isBlank()) {
            throw new MalformedReportException("the message/feedback-report part has no Feedback-Type field (RFC 5965 section 3.1)");
        }
        if (reported == null) {
            throw new MalformedReportException("the report does not carry the reported message (a message/rfc822 or "
                    + "text/rfc822-headers part): the account that sent it cannot be found");
        }
        String reporter = reportingMta(fields.getHeader("Reporting-MTA", null));
        if (reporter == null) {
            reporter = domainOf(mail.getHeader("From", null));
        }
        String[] rcpts = fields.getHeader("Original-Rcpt-To");
        Set<String> domains = new LinkedHashSet<>();
        boolean redacted = rcpts == null || rcpts.length == 0;
        if (rcpts != null) {
            for (String r : rcpts) {
                String address = r.strip().replaceAll("^<|>$", "");
                int at = address.lastIndexOf('@');
                if (at <= 0 || REDACTED_LOCAL.matcher(address.substring(0, at)).matches()) {
                    redacted = true;
                }
                if (at > 0 && at < address.length() - 1) {
                    domains.add(address.substring(at + 1).toLowerCase(Locale.ROOT));
                }
            }
        }
        Instant arrival = date(first(fields, "Arrival-Date", "Received-Date"));
        return new FeedbackReport("arf", oneWord(feedbackType), reporter, mail.getMessageID(), arrival, List.copyOf(domains),
                redacted, reportedMessage(reported));
    }

    private FeedbackReport xarf(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new MalformedReportException("the XARF report is not JSON: " + safe(e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedReportException("the XARF report is not a JSON object");
        }
        if (root.hasNonNull("xarf_version")) {
            String category = root.path("category").asText("");
            if (!"messaging".equals(category)) {
                throw new MalformedReportException("XARF category " + safe(category) + " is not about mail: expected messaging");
            }
            byte[] message = evidence(root.path("evidence"), "content_type", "payload");
            String reporter = root.path("reporter").path("domain").asText(root.path("reporter").path("org").asText(null));
            return new FeedbackReport("xarf", oneWord(root.path("type").asText("spam")), reporter,
                    textOrNull(root, "report_id"), isoDate(root.path("timestamp").asText(null)), List.of(), true,
                    reportedMessage(message));
        }
        if (root.path("Version").asText("").startsWith("3")) {
            JsonNode report = root.path("Report");
            if (!"messaging".equalsIgnoreCase(report.path("ReportClass").asText(""))) {
                throw new MalformedReportException("X-ARF ReportClass " + safe(report.path("ReportClass").asText(""))
                        + " is not about mail: expected Messaging");
            }
            byte[] message = evidence(report.path("Attachment"), "ContentType", "Data");
            JsonNode who = root.path("ReporterInfo");
            return new FeedbackReport("xarf", oneWord(report.path("ReportType").asText("spam")),
                    who.path("ReporterOrgDomain").asText(who.path("ReporterOrg").asText(null)), null,
                    isoDate(report.path("Date").asText(null)), List.of(), true, reportedMessage(message));
        }
        throw new MalformedReportException("not an XARF report: neither xarf_version (v4) nor Version 3 (X-ARF JSON)");
    }

    /** The reported message from the evidence list: the first message/rfc822 (or its headers), base64 or plain. */
    private static byte[] evidence(JsonNode list, String typeField, String dataField) {
        if (list.isArray()) {
            for (JsonNode e : list) {
                String type = e.path(typeField).asText("").toLowerCase(Locale.ROOT);
                if ((type.startsWith("message/rfc822") || type.startsWith("text/rfc822-headers")) && e.path(dataField).isTextual()) {
                    String data = e.path(dataField).asText();
                    try {
                        return Base64.getMimeDecoder().decode(data);
                    } catch (IllegalArgumentException notBase64) {
                        return data.getBytes(StandardCharsets.UTF_8);
                    }
                }
            }
        }
        throw new MalformedReportException("the XARF report carries no message/rfc822 evidence: the account that sent "
                + "the reported message cannot be found");
    }

    private static FeedbackReport.ReportedMessage reportedMessage(byte[] message) {
        try {
            return reportedMessage(headers(new ByteArrayInputStream(message)));
        } catch (MessagingException e) {
            throw new MalformedReportException("the reported message's headers cannot be read: " + safe(e.getMessage()), e);
        }
    }

    private static FeedbackReport.ReportedMessage reportedMessage(InternetHeaders h) {
        String[] received = h.getHeader("Received");
        if (received == null || received.length == 0) {
            throw new MalformedReportException("the reported message has no Received: header: the relay that took it "
                    + "cannot be found");
        }
        List<String> lines = new ArrayList<>();
        for (String r : received) {
            lines.add(MimeUtility.unfold(r));
        }
        String subject = h.getHeader("Subject", null);
        if (subject != null) {
            try {
                subject = MimeUtility.decodeText(MimeUtility.unfold(subject));
            } catch (IOException e) {
                // an undecodable encoded word stays as it came
            }
            subject = LetterTemplates.oneLine(subject);
            subject = subject.length() <= MAX_SUBJECT ? subject : subject.substring(0, MAX_SUBJECT) + "…";
        }
        String messageId = h.getHeader("Message-ID", null);
        return new FeedbackReport.ReportedMessage(lines, messageId == null ? null : LetterTemplates.oneLine(messageId), subject);
    }

    private static InternetHeaders headers(InputStream in) throws MessagingException {
        try (in) {
            return new InternetHeaders(in, true);
        } catch (IOException e) {
            throw new MessagingException("unreadable headers", e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static ContentType contentType(String type) {
        try {
            return new ContentType(type);
        } catch (ParseException e) {
            throw new MalformedReportException("the Content-Type cannot be read: " + safe(type));
        }
    }

    private static String first(InternetHeaders h, String... names) {
        for (String n : names) {
            String v = h.getHeader(n, null);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** {@code dns; mail.example.com} -> {@code mail.example.com}. */
    private static String reportingMta(String v) {
        if (v == null) {
            return null;
        }
        int semi = v.indexOf(';');
        String host = (semi < 0 ? v : v.substring(semi + 1)).strip();
        return host.isEmpty() ? null : oneWord(host);
    }

    private static String domainOf(String from) {
        if (from == null) {
            return null;
        }
        try {
            String a = new InternetAddress(from, false).getAddress();
            int at = a == null ? -1 : a.lastIndexOf('@');
            return at < 0 ? null : oneWord(a.substring(at + 1).toLowerCase(Locale.ROOT));
        } catch (AddressException e) {
            return null;
        }
    }

    static Instant date(String v) {
        if (v == null) {
            return null;
        }
        try {
            Date d = new MailDateFormat().parse(MimeUtility.unfold(v).strip());
            return d == null ? null : d.toInstant();
        } catch (java.text.ParseException | RuntimeException e) {
            return null;
        }
    }

    private static Instant isoDate(String v) {
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String textOrNull(JsonNode n, String field) {
        return n.hasNonNull(field) ? oneWord(n.get(field).asText()) : null;
    }

    /** A short token as recorded: one line, at most 200 characters. */
    private static String oneWord(String s) {
        String t = LetterTemplates.oneLine(s);
        return t.length() <= 200 ? t : t.substring(0, 200);
    }

    private static String safe(String s) {
        return s == null ? "(none)" : oneWord(s);
    }

    private static int firstNonBlank(byte[] raw) {
        for (byte b : raw) {
            if (!Character.isWhitespace(b)) {
                return b;
            }
        }
        return -1;
    }
}
