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
}
