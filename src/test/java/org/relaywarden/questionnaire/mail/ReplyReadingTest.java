package org.relaywarden.questionnaire.mail;

import org.junit.jupiter.api.Test;
import org.relaywarden.questionnaire.QuestionThree;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue #34: every reading has a confidence; the kinds of the second pass, each in a reply of its own words. */
class ReplyReadingTest {

    static ReplyReading read(String text) {
        return ReplyReading.of(new IncomingReply("<t@test>", "kunde@example.net", "Re: [#RW-1]", List.of(), List.of(), text, false));
    }

    @Test
    void aCompleteReplyWhoseCauseIsOnlyAnActionIsNotTrustedToGoToReview() {
        ReplyReading r = read("1. Konto gelöscht.\n2. fail2ban installiert.\n3. Ja, die Queue auf dem Server ist leer.");
        assertThat(r.answers().complete()).isTrue();
        assertThat(r.confidence()).isEqualTo(ReplyReading.Confidence.LOW);
        assertThat(r.toAgent()).isTrue();
        assertThat(r.doubts()).anyMatch(d -> d.contains("unsure of answer 1: 65 (an action that is not a cause"));
    }

    /** Fifth pass: every question's score, and what the thresholds make of it. */
    @Test
    void everyAnswerHasAScoreAndTheThresholdsDecide() {
        ReplyReading sure = read("1. Passwort erraten.\n2. Neues Passwort, fail2ban.\n3. postqueue -p\nMail queue is empty");
        assertThat(sure.scores().get(1).score()).isEqualTo(90);
        assertThat(sure.scores().get(3).score()).isEqualTo(95);
        assertThat(sure.confidence()).isEqualTo(ReplyReading.Confidence.HIGH);
        assertThat(sure.answered()).containsExactly(1, 2, 3);

        // a cause beside "we don't know" is doubted (40): at the shipped thresholds that is "not answered", with a lower
        // bar for "not answered" it is unsure and goes to an agent with the best reading
        String doubted = "1. Keine Ahnung, vermutlich ein geknacktes Passwort.\n2. Neues Passwort, fail2ban.\n3. Die Queue auf dem Server ist leer.";
        ReplyReading strict = read(doubted);
        assertThat(strict.scores().get(1).score()).isEqualTo(ReadingConfidence.CAUSE_BESIDE_DOUBT);
        assertThat(strict.confidence()).isEqualTo(ReplyReading.Confidence.HIGH);
        assertThat(strict.answered()).containsExactly(2, 3);
        ReplyReading unsure = ReplyReading.of(ReplyParser.parse(doubted), new ReadingConfidence.Thresholds(70, 30));
        assertThat(unsure.confidence()).isEqualTo(ReplyReading.Confidence.LOW);
        assertThat(unsure.answers().cause()).isEqualTo("Keine Ahnung, vermutlich ein geknacktes Passwort.");

        // a "no" beside a listing that confirms: 60, below the bar for answered; by default not answered
        ReplyReading blocked = read("1. Passwort erraten.\n2. Neues Passwort.\n3. No, nothing left: postqueue -p\nMail queue is empty\nbut we will check again tomorrow.");
        assertThat(blocked.scores().get(3).score()).isLessThan(ReadingConfidence.STANDARD.answered());
    }

    @Test
    void thresholdsMustLeaveABandBetweenAnsweredAndNotAnswered() {
        assertThatThrownBy(() -> new ReadingConfidence.Thresholds(50, 50))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReplyThatOnlyAsksWhatTheQueueIsIsARequestForHelp() {
        ReplyReading r = read("Was ist denn eine Mailqueue? Ich habe keinen Server.");
        assertThat(r.confidence()).isEqualTo(ReplyReading.Confidence.NONE);
    }

    @Test
    void aClearReplyIsActedOn() {
        assertThat(read("1. Passwort erraten.\n2. Neues Passwort, fail2ban.\n3. Die Queue ist leer (postsuper -d ALL).").confidence())
                .isEqualTo(ReplyReading.Confidence.HIGH);
        assertThat(read("1. Passwort erraten.\n2. Neues Passwort.").confidence()).isEqualTo(ReplyReading.Confidence.HIGH);
    }

    @Test
    void aRequestToTheProviderIsNoPartOfTheVerdict() {
        assertThat(QuestionThree.ofText("Die Queue ist leer. Könnten Sie uns bitte jetzt gleich freischalten?").confirmed()).isTrue();
        assertThat(QuestionThree.ofText("Die Queue ist leer.\n\nMehr gibt es dazu nicht zu sagen.").confirmed()).isTrue();
        assertThat(QuestionThree.ofText("We have confirmed the queue is empty.\n\nP.S. What exactly is relaying?").confirmed()).isTrue();
        // a question about the queue and a negation about it still count
        assertThat(QuestionThree.ofText("Die Queue ist leer? Was ist eine Queue?").confirmed()).isFalse();
        assertThat(QuestionThree.ofText("The queue is not empty yet, please unblock us anyway").confirmed()).isFalse();
    }

    @Test
    void flushingIsNotEmptyingAndAnInferenceIsAGuess() {
        assertThat(QuestionThree.ofText("Wir haben die Queue mit \"postqueue -f\" geleert.").reason()).isEqualTo(QuestionThree.Reason.FLUSHED);
        assertThat(QuestionThree.ofText("Die Queue sei leer, weil der Server sowieso nichts mehr rausschicken konnte.").confirmed()).isFalse();
    }

    @Test
    void somethingDoneBesidesDoesNotTakeTheConfirmationBack() {
        assertThat(QuestionThree.ofText("Queue empty.\n\nWe also emptied the outbox in Outlook just in case.").confirmed()).isTrue();
        assertThat(QuestionThree.ofText("The outbox in Outlook is empty.").confirmed()).isFalse();
    }

    @Test
    void numberingByWordsHeadingsAndTopicsIsRead() {
        assertThat(read("Erstens: Passwort erraten.\nZweitens: Neues Passwort.\nDrittens: Die Queue ist leer.").parsed().answers())
                .containsKeys(1, 2, 3);
        assertThat(read("Ursache\n-------\nPasswort in einem Datenleck.\n\nMaßnahmen\n---------\nPasswort geändert.\n\nQueue\n-----\n# exim -bpc\n0\n")
                .answers().complete()).isTrue();
        assertThat(read("Point one: password guessed.\nPoint two: fail2ban.\nPoint three: the queue is empty.").answers().complete()).isTrue();
    }

    @Test
    void answersWrittenIntoOurLetterQuotedWithoutAngleBracketsAreRead() {
        ReplyReading r = read("""
                siehe unten.

                -----Ursprüngliche Nachricht-----
                Von: Abuse-Team <abuse@provider.example>
                Gesendet: Montag, 7. Dezember 2026 09:02
                Betreff: Spamversand

                1. Was genau war die Ursache für den Spamversand über Ihren Zugang?
                Das Passwort wurde erraten.
                2. Was genau haben Sie unternommen, um vergleichbare Vorfälle in Zukunft zu verhindern?
                Neues Passwort und fail2ban.
                3. Bitte bestätigen Sie ausdrücklich, dass Sie die Mailqueue Ihres Mailservers geleert haben.
                Ja, die Queue ist leer.

                Mit freundlichen Grüßen
                Abuse-Team
                """);
        assertThat(r.parsed().answers()).containsEntry(1, "Das Passwort wurde erraten.").containsKeys(2, 3);
        assertThat(r.answers().complete()).isTrue();
    }

    /** Issue #34, fourth pass: an answer that misses is an attempt (a follow-up explains), a question back is not. */
    @Test
    void anAnswerAboutTheOutboxIsAnAttemptAQuestionBackIsNot() {
        ReplyReading outbox = read("Ich habe den Postausgang in Outlook geleert.");
        assertThat(outbox.answers().missingQuestions()).isEqualTo("1,2,3");
        assertThat(outbox.confidence()).isEqualTo(ReplyReading.Confidence.HIGH);
        assertThat(read("Meinen Sie den Postausgang in Outlook?").confidence()).isEqualTo(ReplyReading.Confidence.NONE);
    }

    @Test
    void aListingAnywhereInTheReplyMustShowAnEmptyQueue() {
        ReplyReading r = read("""
                Password was guessed, we changed it and turned on fail2ban. Queue emptied:

                Identity          DeliveryType Status MessageCount NextHopDomain
                MAIL\\3            SmartHost    Retry  211          relay.example
                """);
        assertThat(r.answers().questionThree().reason()).isEqualTo(QuestionThree.Reason.LISTING_SHOWS_MAIL);
    }

    @Test
    void aReplyThatTriesAndAnswersNothingGetsTheFollowUpNotAnAgent() {
        // not knowing the cause and a promise for later: the desk reads an attempt, the letter asks for each question
        ReplyReading tried = read("Woher das kam, wissen wir leider nicht. Unser Techniker schaut sich den Server nächste Woche an.");
        assertThat(tried.confidence()).isEqualTo(ReplyReading.Confidence.HIGH);
        assertThat(tried.toAgent()).isFalse();
        assertThat(tried.answered()).isEmpty();
        // no attempt at all (a plea to re-enable) stays with an agent, as does a claim of an emptied queue it cannot place
        assertThat(read("Please turn our mail back on today, we need it.").confidence()).isEqualTo(ReplyReading.Confidence.NONE);
        assertThat(ReplyReading.triedWithoutAnswer(ReplyParser.parse("No idea how they got in, but the queue is cleared now."))).isFalse();
        // a request for help is for a person, even beside words of not knowing
        assertThat(read("I don't know what you mean, can you explain?").toAgent()).isTrue();
    }
}
