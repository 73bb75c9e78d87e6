package org.relaywarden.questionnaire;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The word lists: every language has every key the reading uses, every rule says why. */
class ReadingRulesTest {

    static final List<String> KEYS = List.of("replyHeader", "headerFrom", "headerNext", "closing", "signatureLine", "disclaimer",
            "markerLead", "markerWord", "markerFiller", "ordinal1", "ordinal2", "ordinal3", "label1", "label2", "label3", "cause",
            "causeExplicit", "causeUnknown", "denial", "relayMeasure", "pronounMeasure", "irrelevant", "q3Queue", "q3Emptied",
            "q3Command", "affirm", "q3EmptyPhrase", "q3Contrast", "q3Negation", "q3Future", "q3Hedge", "q3Unknown", "q3Question",
            "q3Outbox", "q3Deleted");

    @Test
    void everyLanguageHasEveryKeyAndEveryRuleItsReason() {
        for (String lang : ReadingRules.LANGUAGES) {
            ReadingRules one = ReadingRules.load("questionnaire/reading-", List.of(lang));
            for (String key : KEYS) {
                assertThat(one.rules(key)).as(lang + ": " + key).isNotEmpty()
                        .allSatisfy(r -> assertThat(r.why()).as(lang + ": a rule of " + key).isNotBlank());
            }
        }
    }

    @Test
    void aHitNamesItsRule() {
        var hit = ReadingRules.standard().first("irrelevant", "Ich habe den Spamfilter auf meinem PC eingeschaltet").orElseThrow();
        assertThat(hit.rule().language()).isEqualTo("de");
        assertThat(hit.matched()).isEqualToIgnoringCase("Spamfilter");
    }
}
