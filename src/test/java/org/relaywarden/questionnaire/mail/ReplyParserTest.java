package org.relaywarden.questionnaire.mail;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReplyParserTest {

    @Test
    void germanTopPostedReplyWithThreeAnswersAndTheQuotedLetterBelow() {
        var r = ReplyParser.parse("""
                Guten Tag,

                1. Das Passwort des Kontos meiner Tochter wurde geknackt.
                2. Ich habe das Konto gelöscht und fail2ban eingerichtet.
                   Außerdem gelten jetzt lange Passwörter.
                3. Ja, die Queue ist leer: postsuper -d ALL, danach "Mail queue is empty".

                Mit freundlichen Grüßen
                Hans Kunde

                Am 28.11.2026 um 21:10 schrieb Example Hosting <abuse+0123@provider.example>:
                > Guten Tag,
                > 1. Was genau war die Ursache für den Spamversand über Ihren Zugang?
                """);
        assertThat(r.answers()).isEqualTo(Map.of(
                1, "Das Passwort des Kontos meiner Tochter wurde geknackt.",
                2, "Ich habe das Konto gelöscht und fail2ban eingerichtet.\n   Außerdem gelten jetzt lange Passwörter.",
                3, "Ja, die Queue ist leer: postsuper -d ALL, danach \"Mail queue is empty\"."));
    }

    @Test
    void markersInManyShapes() {
        assertThat(ReplyParser.parse("Zu 1: Passwort\nFrage 2\nfail2ban\n3) erledigt").answers())
                .isEqualTo(Map.of(1, "Passwort", 2, "fail2ban", 3, "erledigt"));
        assertThat(ReplyParser.parse("Question 1: weak password\n(2) new passwords\nAd 3 - done").answers())
                .isEqualTo(Map.of(1, "weak password", 2, "new passwords", 3, "done"));
        assertThat(ReplyParser.parse("1.) weak password\n2 - new ones").answers())
                .isEqualTo(Map.of(1, "weak password", 2, "new ones"));
    }

    @Test
    void onlyTheFirstAnswerIsGiven() {
        var r = ReplyParser.parse("""
                Hello,
                1. My daughter's account was hacked, I deleted it.
                Please enable my account again.
                --
                John Customer, +49 123
                """);
        assertThat(r.answers()).isEqualTo(Map.of(1, "My daughter's account was hacked, I deleted it.\nPlease enable my account again."));
    }

    @Test
    void inlineRepliesBelowOurQuotedQuestions() {
        var r = ReplyParser.parse("""
                On Sat, Nov 28, 2026 at 9:10 PM Example Hosting <abuse@provider.example> wrote:
                > 1. What exactly caused the spam to be sent through your account?
                A guessed password.
                > 2. What exactly have you done to prevent similar incidents in the future?
                Strong passwords and fail2ban.
                > 3. Please confirm explicitly that you have emptied the mail queue
                Confirmed, postqueue -p says the queue is empty.
                """);
        assertThat(r.answers()).isEqualTo(Map.of(1, "A guessed password.", 2, "Strong passwords and fail2ban.",
                3, "Confirmed, postqueue -p says the queue is empty."));
    }

    @Test
    void proseWithoutNumbersIsReadByWhatItSays() {
        var r = ReplyParser.parse("""
                Ich bin bei Ihnen, weil ich keine Zeit habe, mich permanent um mein System zu kümmern.
                Ich habe den Account gelöscht. Was tot ist, kann keine Daten mehr versenden.

                -----Ursprüngliche Nachricht-----
                1. Was genau war die Ursache?
                """);
        // the seed's example: deleting the account is a measure (question 2), nothing in it names a cause or the queue
        assertThat(r.answers()).isEqualTo(Map.of(2, "Ich habe den Account gelöscht."));
        assertThat(r.readBy()).isEqualTo(ReplyParser.ReadBy.CONTENT);
        assertThat(r.ownText()).startsWith("Ich bin bei Ihnen").doesNotContain("Ursprüngliche");
    }

    @Test
    void datesAndSizesAreNoMarkers() {
        assertThat(ReplyParser.parse("2026-11-28 alles erledigt\n3 Kbytes").parseable()).isFalse();
    }
}
