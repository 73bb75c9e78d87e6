package org.relaywarden.questionnaire.mail;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** HTML-only replies and attachments, as mail programs send them. */
class MimeRepliesTest {

    static IncomingReply read(String mime) throws Exception {
        return MimeReplies.read(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(mime.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void everyLineOfAnHtmlQuoteIsMarkedQuoted() throws Exception {
        IncomingReply r = read("""
                From: k@example.net
                Subject: Re
                MIME-Version: 1.0
                Content-Type: text/html; charset=UTF-8

                <p>1. Passwort erraten.<br>2. Neues Passwort.</p>
                <blockquote><p>Guten Tag,</p><p>3. Bitte bestätigen Sie ausdrücklich, dass Sie die Mailqueue geleert haben.</p></blockquote>
                """);
        assertThat(r.text()).contains("> 3. Bitte bestätigen").doesNotContainPattern("(?m)^3\\. Bitte");
        // the quoted question 3 is no answer of the customer's
        assertThat(ReplyParser.parse(r.text()).answers().keySet()).containsExactly(1, 2);
    }

    @Test
    void anAttachedQueueListingBelongsToAnswerThreeAnOrdinaryAttachmentDoesNot() throws Exception {
        String mail = """
                From: k@example.net
                Subject: Re
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="b"

                --b
                Content-Type: text/plain; charset=UTF-8

                1. Passwort erraten.
                2. Neues Passwort, fail2ban.
                3. Siehe Anhang.
                --b
                Content-Type: text/plain; charset=UTF-8
                Content-Disposition: attachment; filename="queue.txt"

                %s
                --b
                Content-Type: text/plain; charset=UTF-8
                Content-Disposition: attachment; filename="notes.txt"

                Ich werde das nicht noch einmal erklären.
                --b--
                """;
        IncomingReply empty = read(mail.formatted("root@mx:~# postqueue -p\nMail queue is empty"));
        assertThat(empty.attachedListings()).containsExactly("root@mx:~# postqueue -p\nMail queue is empty");
        var parsed = ReplyProcessor.withAttachedListings(ReplyParser.parse(empty.text()), empty.attachedListings());
        assertThat(ReplyProcessor.toAnswers(parsed).complete()).isTrue();

        IncomingReply full = read(mail.formatted("4BqF2x1Zk9z5vNC*   2345 Sat Nov 28 21:04:13  kunde@example.net\n-- 2 Kbytes in 1 Request."));
        var parsedFull = ReplyProcessor.withAttachedListings(ReplyParser.parse(full.text()), full.attachedListings());
        assertThat(ReplyProcessor.toAnswers(parsedFull).missingQuestions()).isEqualTo("3");
    }
}
