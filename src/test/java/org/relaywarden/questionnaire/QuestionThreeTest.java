package org.relaywarden.questionnaire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relaywarden.questionnaire.QuestionThree.Reason.*;

/** Issue #17, pattern 1: question 3 needs positive evidence; whatever speaks against it wins. */
class QuestionThreeTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // the issue's own examples, each once accepted as a confirmation
            "Ich habe alle Mails gelöscht.|DELETED",
            "I will empty the queue tonight|FUTURE",
            "Keine Ahnung, was eine Mailqueue ist|UNKNOWN",
            "Was meinen Sie mit Queue?|UNKNOWN",
            "Der Postausgang in Outlook ist leer, unser Postfix läuft wieder normal|OUTBOX",
            // negations the old list lacked, future, guesses, the account
            "Die Queue ist nicht leer.|NEGATION",
            "No, the queue still has mail.|NEGATION",
            "Ich werde die Queue heute Abend leeren.|FUTURE",
            "We'll clear the queue once you unblock us.|FUTURE",
            "The queue should be empty after the reboot.|HEDGE",
            "Die Queue müsste eigentlich leer sein.|HEDGE",
            "I deleted the account, so the queue is empty.|DELETED",
            "Is the queue the same as the outbox?|OUTBOX",
            "Do you mean the spool?|QUESTION",
            "Please unblock us as soon as possible|NO_EVIDENCE",
            "I haven’t looked at the queue yet.|NEGATION",
            "We have not looked at the queue yet.|NEGATION",
            "Done, all fixed|CONFIRMED_IN_WORDS",
            "Ja, ist erledigt.|CONFIRMED_IN_WORDS",
            "Yes, please unblock our account today|NO_EVIDENCE",
            // issue #34, seventh pass: mail left told in words, another machine, emptying put off, a question without its mark
            "Queue deleted on the server, the panel still shows a few messages for the old domain.|PARTIAL",
            "Warteschlange geleert. Im Hold liegen noch ein paar Unzustellbare.|PARTIAL",
            "I ran postsuper -d ALL deferred.|PARTIAL",
            "Die Queue kann ich erst nach dem Urlaub leeren.|FUTURE",
            "Warum soll ich die Warteschlange leeren|QUESTION",
            "I typed mailq on my iMac and it says the queue is empty.|NOT_SERVER",
            "The queue is empty now, we allow 100 mails per hour from now on.|CONFIRMED_BY_LISTING"
    })
    void readsAnswerThree(String text, QuestionThree.Reason expected) {
        assertThat(QuestionThree.ofText(text).reason()).isEqualTo(expected);
    }

    /** Issue #34, third and fifth pass: confirmations that are not, and ones that are, by kind (phrases not taken from the corpus). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "The queue is empty except for two newsletters we want to keep.|PARTIAL",
            "Die Warteschlange ist leer bis auf eine Mail an den Steuerberater.|PARTIAL",
            "We cleared the queue, but new messages keep coming in.|PARTIAL",
            "I looked at the queue last week and it was empty.|STALE",
            "Die Queue habe ich vor der Sperre kontrolliert, sie war leer.|STALE",
            "On the router the mail queue is empty.|NOT_SERVER",
            "Therefore the queue is empty now.|HEDGE",
            "Die Mails sind abgelaufen, deshalb ist die Queue leer.|HEDGE",
            "I glaub die Queue is leer.|HEDGE",
            "Could you please clear the queue for us?|QUESTION",
            // fifth pass: "should" is a hedge also beside a reported purge (no blind reader accepted it)
            "The queue should be empty now, we purged it an hour ago.|HEDGE",
            "We emptied the outbox and the queue of our mail server.|CONFIRMED_IN_WORDS",
            "The queue of the server is empty. Is that enough?|CONFIRMED_IN_WORDS",
            "Die Queue ist leer. Reicht das?|CONFIRMED_IN_WORDS",
            "Queue: exim -bpc => 0|CONFIRMED_BY_LISTING",
            "Local queue 0, deferred queue 57|LISTING_SHOWS_MAIL",
            // fifth pass: the kinds of blind3's false completes (phrases not taken from the corpus)
            "As far as we can see the queue is empty.|HEDGE",
            "Fairly sure the mail queue is empty now.|HEDGE",
            "Soweit ich sehe, ist die Warteschlange leer.|HEDGE",
            "Ran postsuper -r ALL on the queue.|FLUSHED",
            "In the queue manager I filtered by sender and removed those mails.|PARTIAL",
            "Die Queue habe ich durchgesehen und die Spam-Mails einzeln gelöscht.|PARTIAL",
            "In der Queue sind nur noch ein paar Bounces, die laufen aus.|PARTIAL",
            "Auf dem Hauptserver ist die Queue leer.|PARTIAL",
            "On my laptop mailq prints: Mail queue is empty|NOT_SERVER",
            "The queue on the mail server is empty, postqueue -p says Mail queue is empty.|CONFIRMED_BY_LISTING",
            "Die Queue auf dem Server ist leer.|CONFIRMED_IN_WORDS"
    })
    void readsTheKindsOfTheThirdPass(String text, QuestionThree.Reason expected) {
        assertThat(QuestionThree.ofText(text).reason()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Ja, die Queue ist leer (postsuper -d ALL).",
            "erledigt, keine Mails mehr in der Warteschlange",
            "Confirmed: the queue on our server is empty.",
            "I emptied the queue on the server with postsuper -d ALL, not just the outbox in Outlook.",
            "Ja",
            "Bestätigt, die Warteschlange am Server ist leer."
    })
    void explicitConfirmationsInTheCustomersOwnWords(String text) {
        assertThat(QuestionThree.ofText(text).confirmed()).isTrue();
    }

    @Test
    void pastedListingsOfAnEmptyQueueConfirmOnEveryMta() {
        assertThat(QuestionThree.ofText("$ postqueue -p\nMail queue is empty").reason()).isEqualTo(CONFIRMED_BY_LISTING);
        assertThat(QuestionThree.ofText("root@mx:~# exim -bpc\n0").reason()).isEqualTo(CONFIRMED_BY_LISTING);
        // qmail's second line says "not yet preprocessed": a line of the listing, not the customer's negation
        assertThat(QuestionThree.ofText("qmail-qstat:\nmessages in queue: 0\nmessages in queue but not yet preprocessed: 0").reason())
                .isEqualTo(CONFIRMED_BY_LISTING);
        assertThat(QuestionThree.ofText("# mailq\n/var/spool/mqueue is empty\n\t\tTotal requests: 0").reason()).isEqualTo(CONFIRMED_BY_LISTING);
    }

    @Test
    void listingsThatStillShowMailNeverConfirmNotEvenWithTheTickedBox() {
        String qmail = "messages in queue: 1432\nmessages in queue but not yet preprocessed: 0";
        assertThat(QuestionThree.read(true, qmail).reason()).isEqualTo(LISTING_SHOWS_MAIL);
        assertThat(QuestionThree.read(true, "-- 5 Kbytes in 2 Requests.").reason()).isEqualTo(LISTING_SHOWS_MAIL);
    }

    @Test
    void theTickedBoxConfirmsUnlessTheWordsSpeakAgainstIt() {
        assertThat(QuestionThree.read(true, null).reason()).isEqualTo(CONFIRMED_ON_FORM);
        assertThat(QuestionThree.read(true, "Mail queue is empty").reason()).isEqualTo(CONFIRMED_BY_LISTING);
        assertThat(QuestionThree.read(true, "see the output I sent yesterday").reason()).isEqualTo(CONFIRMED_ON_FORM);
        assertThat(QuestionThree.read(true, "I will do it tomorrow").reason()).isEqualTo(FUTURE);
        assertThat(QuestionThree.read(false, null).reason()).isEqualTo(NO_ANSWER);
    }

    @Test
    void oneJudgeForEveryChannelInsideAnswers() {
        // the page and the API: ticked box, words against it -> question 3 missing
        assertThat(new Answers("weak password", "fail2ban", true, "Outbox in Outlook is empty").missingQuestions()).isEqualTo("3");
        assertThat(new Answers("weak password", "fail2ban", true, "Mail queue is empty").complete()).isTrue();
        // a pasted empty listing is positive evidence on its own, a box left empty with no listing is not
        assertThat(new Answers("weak password", "fail2ban", false, "Mail queue is empty").complete()).isTrue();
        assertThat(new Answers("weak password", "fail2ban", false, "see attachment").missingQuestions()).isEqualTo("3");
    }

    @Test
    void theSummaryNamesTheReasonAndTheWords() {
        assertThat(QuestionThree.ofText("Der Postausgang in Outlook ist leer").summary())
                .isEqualTo("not confirmed: speaks of the mail program's outbox or folders, not the server's queue (\"Postausgang\")");
    }

    /** Issue #34, fourth pass: restarts, a queue that emptied itself, a second server still to check (own phrases). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Rebooted the box, the queue is clear now.|RESTARTED",
            "Mailserver neu gestartet, jetzt ist die Queue leer.|RESTARTED",
            "Restarted Postfix after postsuper -d ALL, the queue is empty.|CONFIRMED_BY_LISTING",
            "The queue cleared itself over the weekend, it is empty.|HEDGE",
            "Queue on mail1 is empty; mail2 I still need to check.|FUTURE",
            "Queue emptied. We still get lots of bounces back, is that normal?|CONFIRMED_IN_WORDS",
            "Im Spool des Servers alle Mails gelöscht, die Queue ist leer.|CONFIRMED_IN_WORDS"
    })
    void restartsAndGuessesDoNotConfirm(String text, QuestionThree.Reason reason) {
        assertThat(QuestionThree.ofText(text).reason()).isEqualTo(reason);
    }

    /** Seventh pass (issue #34): the prompt of a pasted listing names the machine it ran on. */
    @Test
    void thePromptOfAPastedListingNamesTheMachineItRanOn() {
        assertThat(QuestionThree.ofText("me@DESKTOP-4KQ1:~$ mailq\nMail queue is empty").reason()).isEqualTo(NOT_SERVER);
        assertThat(QuestionThree.ofText("root@mail:~# mailq\nMail queue is empty").reason()).isEqualTo(CONFIRMED_BY_LISTING);
    }
}
