package org.relaywarden.questionnaire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relaywarden.questionnaire.ContentJudgement.Kind.*;

/** Issue #17, pattern 7: answers 1 and 2 are judged by content, shown with the reason; only an irrelevant answer 2 decides. */
class ContentJudgementTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "I deleted the account.|ACTION_NOT_CAUSE",
            "Ich habe das Konto gelöscht.|ACTION_NOT_CAUSE",
            "Das Passwort wurde erraten.|CAUSE_NAMED",
            "A trojan on a laptop stole the password.|CAUSE_NAMED",
            "Keine Ahnung.|CAUSE_UNKNOWN",
            "We have never sent spam.|DENIES",
            "Please enable us again.|UNCLEAR"
    })
    void answerOne(String text, ContentJudgement.Kind kind) {
        assertThat(ContentJudgement.cause(text).kind()).isEqualTo(kind);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Spam filter on my PC.|IRRELEVANT",
            "Ich habe einen Virenscanner installiert.|IRRELEVANT",
            "Ich habe den Spamfilter auf meinem PC eingeschaltet.|IRRELEVANT",
            "Password changed.|ADDRESSES_RELAY",
            "fail2ban auf dem Server|ADDRESSES_RELAY",
            "Relaying restricted to our office network|ADDRESSES_RELAY",
            "Konto newsletter@ deaktiviert|ADDRESSES_RELAY",
            "Virenscanner aktualisiert und Passwort geändert|ADDRESSES_RELAY",
            "We are working on it.|UNCLEAR"
    })
    void answerTwo(String text, ContentJudgement.Kind kind) {
        assertThat(ContentJudgement.prevention(text).kind()).isEqualTo(kind);
    }

    @Test
    void anIrrelevantAnswerTwoLeavesQuestionTwoOpenAnUnclearOneDoesNot() {
        assertThat(new Answers("Virus", "Spam filter on my PC", true, null).missingQuestions()).isEqualTo("2");
        assertThat(new Answers("Virus", "We are working on it", true, null).complete()).isTrue();
        // an action given as the cause is shown, never decisive: the reviewer decides
        assertThat(new Answers("I deleted the account", "fail2ban", true, null).complete()).isTrue();
    }

    @Test
    void theSummaryCarriesTheReason() {
        assertThat(ContentJudgement.prevention("Spam filter on my PC").summary())
                .startsWith("irrelevant to an open relay: protects a PC from incoming mail or viruses").endsWith("(\"Spam filter\")");
        assertThat(ContentJudgement.cause("I deleted the account").summary()).startsWith("an action that is not a cause: describes what was done");
    }
}
