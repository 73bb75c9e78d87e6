package org.relaywarden.questionnaire.mail;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a parsed reply becomes answers; question 3 needs an explicit confirmation about the server's queue. */
class ReplyAnswersTest {

    static boolean confirms(String three) {
        return !ReplyProcessor.toAnswers(ReplyParser.parse("1. a\n2. b\n3. " + three)).missingQuestions().contains("3");
    }

    @Test
    void explicitConfirmationsCount() {
        assertThat(confirms("Ja, die Queue ist leer (postsuper -d ALL).")).isTrue();
        assertThat(confirms("Confirmed, postqueue -p: Mail queue is empty")).isTrue();
        assertThat(confirms("erledigt, keine Mails mehr in der Warteschlange")).isTrue();
    }

    @Test
    void theOutboxIsNotTheQueue() {
        assertThat(confirms("Ich habe alle Postausgangsordner kontrolliert, dort hängt nichts mehr.")).isFalse();
        assertThat(confirms("Outbox in Outlook is empty")).isFalse();
    }

    @Test
    void refusalsAndFullQueuesDoNotCount() {
        assertThat(confirms("Nein, noch nicht.")).isFalse();
        assertThat(confirms("I have not done that yet")).isFalse();
        assertThat(confirms("done:\n4BqF2x1Zk9z5vNC*   2345 Sat Nov 28 21:04:13  spam1@kunde.example")).isFalse();
    }

    @Test
    void missingAnswersStayMissing() {
        var a = ReplyProcessor.toAnswers(ReplyParser.parse("1. Passwort geknackt"));
        assertThat(a.missingQuestions()).isEqualTo("2,3");
        assertThat(a.cause()).isEqualTo("Passwort geknackt");
    }

    @Test
    void aLaterReplyKeepsEarlierAnswers() {
        var first = ReplyProcessor.toAnswers(ReplyParser.parse("1. Passwort geknackt"));
        var second = ReplyProcessor.toAnswers(ReplyParser.parse("3. Queue geleert mit postsuper -d ALL"));
        var merged = ReplyProcessor.merge(first, second);
        assertThat(merged.cause()).isEqualTo("Passwort geknackt");
        assertThat(merged.missingQuestions()).isEqualTo("2");
        assertThat(ReplyProcessor.merge(merged, ReplyProcessor.toAnswers(ReplyParser.parse("2. fail2ban"))).complete()).isTrue();
    }

    /** Pattern 4, two rounds: question 3 is never confirmed from the text of answers 1 and 2. */
    @Test
    void aSecondRoundDoesNotConfirmQuestionThreeFromAnswersOneAndTwo() {
        var first = ReplyProcessor.toAnswers(ReplyParser.parse("""
                On Sat, 28 Nov 2026 at 21:10, Example Hosting <abuse@provider.example> wrote:
                > 1. What exactly caused the spam to be sent through your account?
                > 2. What exactly have you done to prevent similar incidents in the future?
                > 3. Please confirm explicitly that you have emptied the mail queue of your mail server

                Zu Frage 1: Passwort erraten.
                Zu Frage 2: fail2ban, neues Passwort.
                """));
        assertThat(first.missingQuestions()).isEqualTo("3");
        var second = ReplyProcessor.toAnswers(ReplyParser.parse("Danke, ich kümmere mich darum.\n\n> 3. Bitte bestätigen Sie..."));
        assertThat(ReplyProcessor.merge(first, second).missingQuestions()).isEqualTo("3");
        var third = ReplyProcessor.toAnswers(ReplyParser.parse("3. Queue auf dem Server geleert: postsuper -d ALL"));
        assertThat(ReplyProcessor.merge(first, third).complete()).isTrue();
    }
}
