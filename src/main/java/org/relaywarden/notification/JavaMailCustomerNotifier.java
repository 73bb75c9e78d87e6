package org.relaywarden.notification;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;

/**
 * Sends letters by SMTP through Jakarta Mail: multipart/alternative (plain text first, then HTML),
 * with the letter's own Message-ID and its reply address. Header values go through Jakarta Mail's
 * encoders (RFC 2047 words, parsed addresses) and never carry a line break.
 */
class JavaMailCustomerNotifier implements CustomerNotifier {

    private static final String UTF_8 = StandardCharsets.UTF_8.name();

    private final JavaMailSender sender;
    private final LetterSettings settings;

    JavaMailCustomerNotifier(JavaMailSender sender, LetterSettings settings) {
        this.sender = sender;
        this.settings = settings;
    }

    @Override
    public void deliver(Letter letter) {
        try {
            sender.send(toMime(letter));
        } catch (MessagingException | UnsupportedEncodingException | MailException e) {
            throw new LetterDeliveryException("letter " + letter.idempotencyKey() + " could not be sent: " + e.getMessage(), e);
        }
    }

    MimeMessage toMime(Letter letter) throws MessagingException, UnsupportedEncodingException {
        MimeMessage message = new MimeMessage(sender.createMimeMessage().getSession()) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", LetterTemplates.oneLine(letter.messageId()));
            }
        };
        message.setFrom(new InternetAddress(settings.from(), LetterTemplates.oneLine(settings.providerName()), UTF_8));
        InternetAddress[] to = new InternetAddress[letter.recipients().size()];
        for (int i = 0; i < to.length; i++) {
            to[i] = new InternetAddress(letter.recipients().get(i), true);
        }
        message.setRecipients(Message.RecipientType.TO, to);
        if (letter.replyTo() != null) {
            message.setReplyTo(new InternetAddress[]{new InternetAddress(letter.replyTo(), true)});
        }
        message.setSubject(LetterTemplates.oneLine(letter.subject()), UTF_8);
        message.setSentDate(new Date());
        message.setHeader("Auto-Submitted", "auto-generated");
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(letter.body(), UTF_8, "plain");
        alternative.addBodyPart(text);
        if (letter.htmlBody() != null) {
            MimeBodyPart html = new MimeBodyPart();
            html.setText(letter.htmlBody(), UTF_8, "html");
            alternative.addBodyPart(html);
        }
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    @Override
    public String channel() {
        return "smtp";
    }
}
