package org.relaywarden.questionnaire;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The review form's log field fits Camunda's 4,000-character string column, whatever the relay's lines. */
class ReviewFormLogTest {

    @Test
    void shortLinesAreShownWhole() {
        assertThat(QuestionnaireService.formLog(List.of("a", "b"))).isEqualTo("a\nb");
        assertThat(QuestionnaireService.formLog(List.of())).isEmpty();
    }

    @Test
    void twentyLongLinesAreCutAtALineWithTheNumberLeftForTheCaseView() {
        String line = "x".repeat(390);
        String log = QuestionnaireService.formLog(Collections.nCopies(20, line));
        assertThat(log.length()).isLessThanOrEqualTo(QuestionnaireService.FORM_TEXT_MAX);
        List<String> lines = log.lines().toList();
        assertThat(lines.subList(0, lines.size() - 1)).allMatch(line::equals);
        assertThat(lines.get(lines.size() - 1)).isEqualTo("… " + (20 - (lines.size() - 1)) + " more in the case view (GET /api/v1/cases/{id})");
        assertThat(lines.size() - 1).as("10 lines of 390 and the note fit in 4,000, 11 do not").isEqualTo(10);
    }

    @Test
    void oneLineLongerThanTheFieldLeavesOnlyTheNote() {
        assertThat(QuestionnaireService.formLog(List.of("y".repeat(5000)))).startsWith("… 1 more in the case view");
    }
}
