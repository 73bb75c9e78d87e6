package org.relaywarden.notification;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

import java.nio.charset.StandardCharsets;

/** Sends letters by SMTP through Jakarta Mail, with the letter's own Message-ID. */
class JavaMailCustomerNotifier implements CustomerNotifier {

    private final JavaMailSender sender;
    private final LetterSettings settings;

    JavaMailCustomerNotifier(JavaMailSender sender, LetterSettings settings) {
        this.sender = sender;
        this.settings = settings;
    }

    @Override
    public void deliver(Letter letter) {
        try {
            MimeMessage message = new MimeMessage(sender.createMimeMessage().getSession()) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", letter.messageId());
                }
            };
            MimeMessageHelper helper = new MimeMessageHelper(message, false, StandardCharsets.UTF_8.name());
            helper.setFrom(new InternetAddress(settings.from(), settings.providerName(), StandardCharsets.UTF_8.name()));
            helper.setTo(new InternetAddress(letter.recipient(), true));
            helper.setSubject(letter.subject());
            helper.setText(letter.body(), false);
            sender.send(message);
        } catch (MessagingException | java.io.UnsupportedEncodingException | MailException e) {
            throw new LetterDeliveryException("letter " + letter.idempotencyKey() + " could not be sent: " + e.getMessage(), e);
        }
    }

    @Override
    public String channel() {
        return "smtp";
    }
}
