package org.relaywarden.notification;

import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The MIME shape of a letter, and that no value can break out of its header. */
class JavaMailCustomerNotifierTest {

    final LetterSettings settings = new LetterSettings("Example Hosting\r\nBcc: evil@example.org", "abuse@provider.example",
            null, null, "de", "", null, null);
    final JavaMailCustomerNotifier notifier = new JavaMailCustomerNotifier(new JavaMailSenderImpl(), settings);

    Letter letter(String subject, String messageId) {
        return new Letter("RW-1:FIRST_NOTICE:1", LetterKind.FIRST_NOTICE, List.of("kunde@kunde.example"), subject,
                "Guten Tag,\nText mit Ümlaut\n", "<p>Guten Tag, <b>HTML</b></p>", "abuse+0123456789abcdef0123456789abcdef@provider.example",
                messageId);
    }

    @Test
    void multipartAlternativeWithPlainTextFirstOwnMessageIdAndReplyAddress() throws Exception {
        MimeMessage m = notifier.toMime(letter("[#RW-1] Relaying gesperrt für kunde@kunde.example", "<RW-1.first-notice.x@relaywarden>"));

        assertThat(m.getMessageID()).isEqualTo("<RW-1.first-notice.x@relaywarden>");
        assertThat(m.getReplyTo()[0].toString()).isEqualTo("abuse+0123456789abcdef0123456789abcdef@provider.example");
        assertThat(m.getContentType()).startsWith("multipart/alternative");
        Multipart parts = (Multipart) m.getContent();
        assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
        assertThat(parts.getBodyPart(1).isMimeType("text/html")).isTrue();
        assertThat(parts.getBodyPart(0).getContent()).isEqualTo("Guten Tag,\nText mit Ümlaut\n");
    }

    @Test
    void lineBreaksInHeaderValuesNeverStartANewHeader() throws Exception {
        MimeMessage m = notifier.toMime(letter("[#RW-1] Betreff\r\nBcc: victim@example.org", "<id@relaywarden>\r\nX-Evil: 1"));
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        m.writeTo(raw);
        String headers = raw.toString(StandardCharsets.US_ASCII).split("\r\n\r\n", 2)[0];

        assertThat(headers.lines()).noneMatch(l -> l.startsWith("Bcc:") || l.startsWith("X-Evil:"));
        assertThat(m.getAllRecipients()).hasSize(1);
        assertThat(m.getSubject()).isEqualTo("[#RW-1] Betreff Bcc: victim@example.org");
        assertThat(m.getFrom()[0].toString()).contains("abuse@provider.example");
    }
}
