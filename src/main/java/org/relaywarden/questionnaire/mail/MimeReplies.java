package org.relaywarden.questionnaire.mail;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.relaywarden.questionnaire.QueueOutput;
import org.springframework.web.util.HtmlUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a MIME mail into an {@link IncomingReply}: its plain text (or HTML reduced to text), addresses and references. */
final class MimeReplies {

    static final int MAX_TEXT = ReplyLog.MAX_TEXT;

    private MimeReplies() {
    }

    static IncomingReply read(MimeMessage m) throws MessagingException, IOException {
        String text = text(m);
        if (text == null) {
            text = "";
        }
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT);
        }
        String from = m.getFrom() == null || m.getFrom().length == 0 ? "" : m.getFrom()[0] instanceof InternetAddress ia
                ? ia.toUnicodeString() : m.getFrom()[0].toString();
        String subject = m.getSubject();
        String messageId = m.getMessageID();
        if (messageId == null || messageId.isBlank() || messageId.length() > 990) {
            messageId = "<" + sha256(from + "\n" + subject + "\n" + m.getSentDate() + "\n" + text) + "@relaywarden.synthetic>";
        }
        return new IncomingReply(messageId.strip(), from, subject, recipients(m), references(m), text, automatic(m, from),
                attachedListings(m));
    }

    private static List<String> recipients(MimeMessage m) throws MessagingException {
        List<String> out = new ArrayList<>();
        for (Message.RecipientType type : List.of(Message.RecipientType.TO, Message.RecipientType.CC)) {
            var addresses = m.getRecipients(type);
            if (addresses != null) {
                for (var a : addresses) {
                    if (a instanceof InternetAddress ia && ia.getAddress() != null) {
                        out.add(ia.getAddress().toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        for (String header : List.of("Delivered-To", "X-Original-To", "Envelope-To")) {
            String[] values = m.getHeader(header);
            if (values != null) {
                for (String v : values) {
                    try {
                        for (InternetAddress ia : InternetAddress.parseHeader(v, false)) {
                            if (ia.getAddress() != null) {
                                out.add(ia.getAddress().toLowerCase(Locale.ROOT));
                            }
                        }
                    } catch (AddressException ignored) {
                        // a malformed header matches nothing
                    }
                }
            }
        }
        return out;
    }

    private static List<String> references(MimeMessage m) throws MessagingException {
        List<String> out = new ArrayList<>();
        for (String header : List.of("In-Reply-To", "References")) {
            String v = m.getHeader(header, " ");
            if (v != null) {
                List<String> ids = new ArrayList<>();
                for (String token : v.split("\\s+")) {
                    if (token.startsWith("<") && token.endsWith(">") && token.length() <= 300) {
                        ids.add(token);
                    }
                }
                // References lists the oldest first: the nearest letter is the last one
                if (header.equals("References")) {
                    Collections.reverse(ids);
                }
                out.addAll(ids);
            }
        }
        return out;
    }

    private static boolean automatic(MimeMessage m, String from) throws MessagingException {
        String auto = m.getHeader("Auto-Submitted", ",");
        if (auto != null && !auto.strip().equalsIgnoreCase("no")) {
            return true;
        }
        String precedence = m.getHeader("Precedence", ",");
        if (precedence != null && precedence.toLowerCase(Locale.ROOT).matches(".*(bulk|junk|list|auto_reply).*")) {
            return true;
        }
        String f = from.toLowerCase(Locale.ROOT);
        return m.getHeader("X-Autoreply") != null || m.getHeader("X-Autorespond") != null || m.isMimeType("multipart/report")
                || f.contains("mailer-daemon@") || f.startsWith("postmaster@") || f.contains("<postmaster@");
    }

    static final int MAX_ATTACHMENT = 20_000;

    /** Text attachments (at most a few, each up to 20,000 characters) that read as a queue listing, empty or not. */
    static List<String> attachedListings(Part p) throws MessagingException, IOException {
        List<String> out = new ArrayList<>();
        collectListings(p, out);
        return out;
    }

    private static void collectListings(Part p, List<String> out) throws MessagingException, IOException {
        if (out.size() >= 5) {
            return;
        }
        if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                collectListings(mp.getBodyPart(i), out);
            }
            return;
        }
        boolean attached = Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition()) || p.getFileName() != null;
        if (attached && p.isMimeType("text/plain") && p.getSize() <= 4 * MAX_ATTACHMENT) {
            Object content = p.getContent();
            String text = content instanceof String s ? s : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (text.length() <= MAX_ATTACHMENT) {
                var verdict = QueueOutput.read(text).verdict();
                if (verdict == QueueOutput.Verdict.EMPTY
                        || verdict == QueueOutput.Verdict.LISTS_MESSAGES) {
                    out.add(text.strip());
                }
            }
        }
    }

    /** The first text/plain part; else the first text/html part with its tags removed. */
    static String text(Part p) throws MessagingException, IOException {
        String plain = find(p, "text/plain");
        if (plain != null) {
            return plain;
        }
        String html = find(p, "text/html");
        return html == null ? null : htmlToText(html);
    }

    private static String find(Part p, String type) throws MessagingException, IOException {
        if (p.isMimeType(type) && !Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition())) {
            Object content = p.getContent();
            return content instanceof String s ? s : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart part = mp.getBodyPart(i);
                String found = find(part, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    static String htmlToText(String html) {
        String s = html.replaceAll("(?is)<(script|style|head)[^>]*>.*?</\\1>", "")
                .replaceAll("(?i)<br\\s*/?>", "\n")
                .replaceAll("(?i)</(p|div|li|tr|h[1-6])>", "\n")
                .replaceAll("(?i)<(hr)[^>]*>", "\n");
        // every line of a quoted letter (<blockquote>, nested too) is marked ">" as in a plain-text reply
        StringBuilder out = new StringBuilder();
        int depth = 0;
        Matcher m = Pattern.compile("(?i)<(/?)blockquote[^>]*>").matcher(s);
        int at = 0;
        while (m.find()) {
            out.append(quote(s.substring(at, m.start()), depth));
            depth = Math.max(0, depth + (m.group(1).isEmpty() ? 1 : -1));
            out.append('\n');
            at = m.end();
        }
        out.append(quote(s.substring(at), depth));
        return out.toString();
    }

    private static String quote(String html, int depth) {
        String text = HtmlUtils.htmlUnescape(html.replaceAll("(?s)<[^>]*>", "")).replace('\u00a0', ' ');
        if (depth == 0) {
            return text;
        }
        String prefix = ">".repeat(depth) + " ";
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            b.append(line.isBlank() ? "" : prefix + line).append('\n');
        }
        return b.toString();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
