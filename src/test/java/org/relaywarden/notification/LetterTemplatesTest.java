package org.relaywarden.notification;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every letter kind renders in both languages, carries the case reference, and the question letters carry all three questions. */
class LetterTemplatesTest {

    final LetterTemplates templates = new LetterTemplates();

    static Stream<Arguments> kindsAndLanguages() {
        return Stream.of(LetterKind.values())
                .flatMap(k -> LetterTemplates.LANGUAGES.stream().map(l -> Arguments.of(k, l)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kindsAndLanguages")
    void everyKindRendersInEveryLanguage(LetterKind kind, String language) {
        Map<String, String> v = new HashMap<>();
        v.put("provider", "Example Hosting");
        v.put("signature", "Abuse desk");
        v.put("caseRef", "RW-42");
        v.put("account", "kunde@example.test");
        v.put("questions", String.join("\n", templates.questions(language)));
        v.put("missing", templates.questions(language).get(2));
        v.put("comment", "comment");
        v.put("burstMessages", "400");
        v.put("burstSeconds", "3");
        v.put("failedAttempts", "1");
        v.put("evidence", "evidence block");
        v.put("questionnaire", "");
        LetterTemplates.Rendered r = templates.render(kind, language, v);
        assertThat(r.subject()).startsWith("[#RW-42]").doesNotContain("\n", "\r", "{{");
        assertThat(r.body()).doesNotContain("{{").contains("RW-42");
        if (kind == LetterKind.FIRST_NOTICE || kind == LetterKind.REMINDER || kind == LetterKind.ASK_AGAIN
                || kind == LetterKind.HOSTING_OFFER) {
            assertThat(r.body()).contains("\n1. ", "\n2. ", "\n3. ");
        }
        if (kind == LetterKind.FOLLOW_UP) {
            assertThat(r.body()).contains("3. ").doesNotContain("1. ");
        }
        if (kind == LetterKind.REENABLE_FAILED) {
            assertThat(r.body()).contains("400", "3", "postqueue -p", "postsuper -d ALL");
        }
        if (kind == LetterKind.FIRST_NOTICE) {
            assertThat(r.body()).contains("evidence block");
        }
    }
}
