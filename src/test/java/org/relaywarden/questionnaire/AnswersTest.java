package org.relaywarden.questionnaire;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class AnswersTest {

    @ParameterizedTest(name = "[{0}] [{1}] {2} -> missing [{3}]")
    @CsvSource(nullValues = "null", value = {
            "cause,    prevention, true,  ''",
            "cause,    prevention, false, 3",
            "'',       prevention, true,  1",
            "'  ',     '',         true,  '1,2'",
            "null,     null,       false, '1,2,3'",
            "cause,    null,       true,  2",
    })
    void missingQuestionsAreNamedByNumber(String cause, String prevention, boolean emptied, String missing) {
        Answers a = new Answers(cause, prevention, emptied, null);
        assertThat(a.missingQuestions()).isEqualTo(missing);
        assertThat(a.complete()).isEqualTo(missing.isEmpty());
    }

    @org.junit.jupiter.api.Test
    void aPastedQueueListingThatStillShowsMessagesLeavesQuestionThreeOpenWhateverTheCheckboxSays() {
        String full = "4BqF2x1Zk9z5vNC*   2345 Sat Nov 28 21:04:13  spam1@kunde.example\n"
                + "                                         victim@remote.test\n-- 3 Kbytes in 1 Request.\n";
        Answers listed = new Answers("cause", "prevention", true, full);
        assertThat(listed.queueStillListsMessages()).isTrue();
        assertThat(listed.missingQuestions()).isEqualTo("3");
        assertThat(listed.complete()).isFalse();
        assertThat(new Answers("cause", "prevention", true, "Mail queue is empty").complete()).isTrue();
        assertThat(new Answers("cause", "prevention", true, "Ich habe alles gelöscht").complete()).as("not a listing").isTrue();
    }
}
