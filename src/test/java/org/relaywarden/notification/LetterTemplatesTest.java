package org.relaywarden.notification;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.web.util.HtmlUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every letter kind in both languages, as text and as HTML: case reference, questions, escaping. */
class LetterTemplatesTest {

    static final String HOSTILE = "<script>alert(1)</script>\r\nBcc: victim@example.org";
    private final LetterTemplates templates = new LetterTemplates();

    static Stream<Arguments> everyKindAndLanguage() {
        return Arrays.stream(LetterKind.values()).flatMap(k -> Stream.of(Arguments.of(k, "de"), Arguments.of(k, "en")));
    }

    Map<String, Object> values(String language) {
        Map<String, Object> v = new HashMap<>();
        v.put("provider", "Example Hosting");
        v.put("signature", "Abuse desk");
        v.put("contact", "+49 30 123456, abuse@provider.example");
        v.put("caseRef", "RW-42");
        v.put("subjectTag", "[#RW-42]");
        v.put("account", "anna@kunde.example");
        v.put("questions", templates.questions(language));
        v.put("missing", List.of(templates.questions(language).get(1), templates.questions(language).get(2)));
        v.put("missingNumbers", "2, 3");
        v.put("queueMissing", true);
        v.put("comment", "Please also tell us " + HOSTILE);
        v.put("burstMessages", 312L);
        v.put("burstSeconds", 9L);
        v.put("failedAttempts", 1);
        v.put("quarantinedMessages", 219L);
        Map<String, Object> evidence = new HashMap<>();
        evidence.put("messageCount", 2481);
        evidence.put("recipientCount", 9001);
        evidence.put("submissionsLast24h", 2500L);
        evidence.put("recipientsLast24h", 9100L);
        evidence.put("distinctClients", 7L);
        evidence.put("refused", 64L);
        evidence.put("acceptedBeforeStop", 2496L);
        evidence.put("topDomains", List.of("gmail.com (700)", "<b>x</b>.example (3)"));
        evidence.put("riskReasons", List.of());
        v.put("evidence", evidence);
        Map<String, Object> unknownCount = new HashMap<>();
        unknownCount.put("time", "2026-11-28 21:04:14 UTC");
        unknownCount.put("client", "203.0.113.8");
        unknownCount.put("recipients", null);
        unknownCount.put("text", "smtpd: 4Br: client=unknown[203.0.113.8], sasl_username=anna@kunde.example");
        v.put("logLines", List.of(Map.of("time", "2026-11-28 21:04:13 UTC", "client", "203.0.113.7", "recipients", 42,
                "text", "smtpd: 4Bq: client=unknown[203.0.113.7], sasl_username=anna@kunde.example, from=<" + HOSTILE + ">"),
                Map.of("time", "2026-11-28 21:04:13 UTC", "client", "203.0.113.9", "recipients", 1,
                        "text", "smtpd: 4Bs: client=unknown[203.0.113.9], sasl_username=anna@kunde.example"),
                unknownCount));
        v.put("replyAddress", "abuse+0123456789abcdef0123456789abcdef@provider.example");
        v.put("understood", List.of(Map.of("number", 1, "question", "q", "answer", "Meine Tochter <3 hatte ein schwaches Passwort",
                "lines", List.of("Meine Tochter <3 hatte ein schwaches Passwort"))));
        v.put("questionnaireUrl", "https://relaywarden.example/q/TOKEN");
        v.put("questionnaireExpires", "28 December 2026");
        v.put("queueAttempts", 1236L);
        v.put("queueMessages", 412L);
        v.put("queueClaimedAt", "2026-11-29 10:00:00 UTC");
        v.put("queueLastAttempt", "2026-11-29 11:06:40 UTC");
        return v;
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("everyKindAndLanguage")
    void rendersWithCaseReferenceInBothParts(LetterKind kind, String language) {
        LetterTemplates.Rendered r = templates.render(kind, language, values(language));

        assertThat(r.subject()).startsWith("[#RW-42] ").doesNotContain("\n", "\r", "[[", "${");
        assertThat(r.text()).contains("RW-42", "Abuse desk", "Example Hosting").doesNotContain("[[", "${", "[#", "th:");
        assertThat(r.html()).contains("RW-42", "lang=\"" + language + "\"").doesNotContain("[[", "${", " th:");
        keepForReaders(kind, language, r);
    }

    /** Every rendered letter in target/letters, for people reviewing the wording (not asserted). */
    private static void keepForReaders(LetterKind kind, String language, LetterTemplates.Rendered r) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "letters"));
            String name = language + "-" + kind.templateName();
            Files.writeString(dir.resolve(name + ".txt"), "Subject: " + r.subject() + "\n\n" + r.text());
            Files.writeString(dir.resolve(name + ".html"), r.html());
        } catch (IOException ignored) {
            // only a convenience
        }
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("everyKindAndLanguage")
    void lettersThatAskCarryTheThreeNumberedQuestionsAndBothWaysToAnswer(LetterKind kind, String language) {
        if (!kind.asksForAnswers() || kind == LetterKind.FOLLOW_UP) {
            return;
        }
        LetterTemplates.Rendered r = templates.render(kind, language, values(language));
        for (String q : templates.questions(language)) {
            assertThat(r.text()).contains(q);
            assertThat(r.html()).contains(HtmlUtils.htmlEscape(q, "UTF-8"));
        }
        assertThat(r.text()).contains("https://relaywarden.example/q/TOKEN", "abuse+0123456789abcdef0123456789abcdef@provider.example");
        assertThat(r.html()).contains("href=\"https://relaywarden.example/q/TOKEN\"");
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("everyKindAndLanguage")
    void followUpNamesExactlyTheMissingQuestionsAndQuotesWhatWasUnderstood(LetterKind kind, String language) {
        if (kind != LetterKind.FOLLOW_UP) {
            return;
        }
        List<String> q = templates.questions(language);
        LetterTemplates.Rendered r = templates.render(kind, language, values(language));
        assertThat(r.subject()).contains("de".equals(language) ? "Fragen 2, 3" : "questions 2, 3");
        assertThat(r.text()).contains(q.get(1), q.get(2), "> Meine Tochter <3 hatte ein schwaches Passwort")
                .doesNotContain(q.get(0));
        assertThat(r.html()).contains("Meine Tochter &lt;3 hatte").doesNotContain(q.get(0));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("everyKindAndLanguage")
    void firstNoticeShowsEvidenceWithAttackerTextEscapedInHtml(LetterKind kind, String language) {
        if (kind != LetterKind.FIRST_NOTICE) {
            return;
        }
        LetterTemplates.Rendered r = templates.render(kind, language, values(language));
        assertThat(r.text()).contains("2481", "9001", "2500", "gmail.com (700)", "2026-11-28 21:04:13 UTC", "203.0.113.7",
                "42", "postqueue -p", "postsuper -d ALL", "exim -bp", "mailq");
        assertThat(r.html()).contains("2481", "203.0.113.7", "&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;x&lt;/b&gt;.example")
                .doesNotContain("<script>", "<b>x</b>");
    }

    /** The policy core's reasons (issue 29) in the first letter's "what we saw", escaped in HTML. */
    @ParameterizedTest(name = "{1}")
    @MethodSource("everyKindAndLanguage")
    void firstNoticeNamesTheRisksReasons(LetterKind kind, String language) {
        if (kind != LetterKind.FIRST_NOTICE) {
            return;
        }
        Map<String, Object> v = values(language);
        @SuppressWarnings("unchecked")
        Map<String, Object> evidence = (Map<String, Object>) v.get("evidence");
        evidence.put("riskReasons", List.of("412 messages in 40 s (normal: 3 a minute)", "6 sender domains that are not yours <b>x</b>"));
        LetterTemplates.Rendered r = templates.render(kind, language, v);
        assertThat(r.text()).contains("de".equals(language) ? "Woran wir es erkannt haben:" : "What gave it away:",
                "- 412 messages in 40 s (normal: 3 a minute)", "- 6 sender domains that are not yours");
        assertThat(r.html()).contains("412 messages in 40 s", "not yours &lt;b&gt;x&lt;/b&gt;").doesNotContain("<b>x</b>");
        // without reasons (a case no risk reached) the section is left out
        LetterTemplates.Rendered plain = templates.render(kind, language, values(language));
        assertThat(plain.text()).doesNotContain("What gave it away", "Woran wir es erkannt haben");
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("everyKindAndLanguage")
    void reenableFailedGivesTheNumbers(LetterKind kind, String language) {
        if (kind != LetterKind.REENABLE_FAILED) {
            return;
        }
        LetterTemplates.Rendered r = templates.render(kind, language, values(language));
        assertThat(r.text()).contains("312", "9 ", "postqueue -p");
        assertThat(r.html()).contains("312", "postsuper -d ALL");
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("everyKindAndLanguage")
    void queueNotEmptyGivesTheFiguresAndHowToLookAtTheQueue(LetterKind kind, String language) {
        if (kind != LetterKind.QUEUE_NOT_EMPTY) {
            return;
        }
        LetterTemplates.Rendered r = templates.render(kind, language, values(language));
        assertThat(r.text()).contains("412", "1236", "2026-11-29 10:00:00 UTC", "2026-11-29 11:06:40 UTC", "mailq", "postqueue -p",
                "exim -bp", "qmail-qstat");
        assertThat(r.html()).contains("412", "1236", "<code>postqueue -p</code>", "<code>exim -bp</code>", "<code>qmail-qstat</code>");
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("everyKindAndLanguage")
    void firstNoticeTellsTheVolumeFromThePolicyCountsAndTheQuarantine(LetterKind kind, String language) {
        if (kind != LetterKind.FIRST_NOTICE) {
            return;
        }
        LetterTemplates.Rendered r = templates.render(kind, language, values(language));
        if ("de".equals(language)) {
            assertThat(r.text()).contains("- Eingelieferte Nachrichten: 2500 an 9100 Empfänger, von 7 Client-Adressen\n",
                    "- Abgewiesen, weil der Versand gesperrt war: 64 Versuche\n", "- Vor der Sperre angenommen: 2496 Nachrichten\n",
                    "- In Quarantäne: 2481 Nachrichten an 9001 Empfänger\n", "| 203.0.113.7 | 42 Empfänger\n",
                    "| 203.0.113.9 | 1 Empfänger\n", "| 203.0.113.8\n");
            assertThat(r.html()).contains("2500", "9100", "64", "2496", "Client-Adressen");
        } else {
            assertThat(r.text()).contains("- Messages submitted: 2500 to 9100 recipients, from 7 client addresses\n",
                    "- Refused because sending was suspended: 64 attempts\n", "- Accepted before the suspension: 2496 messages\n",
                    "- In quarantine: 2481 messages to 9001 recipients\n", "| 203.0.113.7 | 42 recipients\n",
                    "| 203.0.113.9 | 1 recipient\n", "| 203.0.113.8\n");
            assertThat(r.html()).contains("2500", "9100", "64", "2496", "client addresses");
        }
        assertThat(r.text()).as("a line that does not tell its recipients shows none, not 0").doesNotContain("| 0 ");
        assertThat(r.html()).doesNotContain(">0<");
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("everyKindAndLanguage")
    void evidenceOfOneSaysOne(LetterKind kind, String language) {
        if (kind != LetterKind.FIRST_NOTICE) {
            return;
        }
        Map<String, Object> v = values(language);
        @SuppressWarnings("unchecked")
        Map<String, Object> e = (Map<String, Object>) v.get("evidence");
        e.putAll(Map.of("messageCount", 1, "recipientCount", 1, "submissionsLast24h", 1L, "recipientsLast24h", 1L,
                "distinctClients", 1L, "refused", 1L, "acceptedBeforeStop", 1L));
        LetterTemplates.Rendered r = templates.render(kind, language, v);
        if ("de".equals(language)) {
            assertThat(r.text()).contains("von 1 Client-Adresse\n", ": 1 Versuch\n", "angenommen: 1 Nachricht\n",
                    "In Quarantäne: 1 Nachricht an 1 Empfänger\n");
            assertThat(r.html()).contains("Client-Adresse<", "Versuch<", "Nachricht<").doesNotContain("Client-Adressen<");
        } else {
            assertThat(r.text()).contains("1 to 1 recipient, from 1 client address\n", ": 1 attempt\n",
                    "suspension: 1 message\n", "In quarantine: 1 message to 1 recipient\n");
            assertThat(r.html()).contains("client address<", "attempt<").doesNotContain("client addresses<");
        }
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("everyKindAndLanguage")
    void reenableFailedQuotesTheNumberQuarantinedAndOneSecondInTheSingular(LetterKind kind, String language) {
        if (kind != LetterKind.REENABLE_FAILED) {
            return;
        }
        Map<String, Object> v = values(language);
        v.put("burstSeconds", 1L);
        v.put("burstMessages", 58L);
        LetterTemplates.Rendered one = templates.render(kind, language, v);
        v.put("burstSeconds", 2L);
        v.put("quarantinedMessages", 1L);
        LetterTemplates.Rendered two = templates.render(kind, language, v);
        if ("de".equals(language)) {
            assertThat(one.text()).contains("Innerhalb von 1 Sekunde kamen 58 Mails an.", "219 zurückgehaltene Mails sind in Quarantäne.");
            assertThat(one.html()).contains("Innerhalb von 1 Sekunde kamen 58 Mails an.", "219 zurückgehaltene Mails sind in Quarantäne.");
            assertThat(two.text()).contains("Innerhalb von 2 Sekunden kamen", "1 zurückgehaltene Mail ist in Quarantäne.");
            assertThat(two.html()).contains("Innerhalb von 2 Sekunden kamen", "1 zurückgehaltene Mail ist in Quarantäne.");
        } else {
            assertThat(one.text()).contains("Within 1 second, 58 messages arrived.", "219 held messages are in quarantine.");
            assertThat(one.html()).contains("Within 1 second, 58 messages arrived.", "219 held messages are in quarantine.");
            assertThat(two.text()).contains("Within 2 seconds,", "1 held message is in quarantine.");
            assertThat(two.html()).contains("Within 2 seconds,", "1 held message is in quarantine.");
        }
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("everyKindAndLanguage")
    void followUpForOneMissingQuestionSaysQuestionInTheSingular(LetterKind kind, String language) {
        if (kind != LetterKind.FOLLOW_UP) {
            return;
        }
        Map<String, Object> v = values(language);
        v.put("missing", List.of(templates.questions(language).get(2)));
        v.put("missingNumbers", "3");
        LetterTemplates.Rendered one = templates.render(kind, language, v);
        LetterTemplates.Rendered two = templates.render(kind, language, values(language));
        if ("de".equals(language)) {
            assertThat(one.text()).contains("fehlt uns noch die Antwort auf diese Frage:").doesNotContain("Frage(n)");
            assertThat(one.html()).contains("fehlt uns noch die Antwort auf diese Frage:");
            assertThat(two.text()).contains("fehlen uns noch die Antworten auf diese Fragen:");
        } else {
            assertThat(one.text()).contains("we still need your answer to this question:").doesNotContain("these questions");
            assertThat(one.html()).contains("we still need your answer to this question:");
            assertThat(two.text()).contains("we still need your answers to these questions:");
        }
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("everyKindAndLanguage")
    void followUpExplainsAnIrrelevantAnswerTwoAndWhatQuestionThreeNeeds(LetterKind kind, String language) {
        if (kind != LetterKind.FOLLOW_UP) {
            return;
        }
        Map<String, Object> v = values(language);
        v.put("preventionIrrelevant", "Spamfilter auf meinem PC <b>");
        v.put("queueReason", "OUTBOX");
        v.put("queueWords", "Outlook");
        LetterTemplates.Rendered r = templates.render(kind, language, v);
        boolean de = "de".equals(language);
        assertThat(r.text()).contains(de ? "Zu Frage 2: Sie schreiben \"Spamfilter auf meinem PC <b>\"" : "On question 2: you wrote \"Spamfilter auf meinem PC <b>\"",
                de ? "hindert niemanden daran" : "does not stop anyone from sending",
                de ? "Postausgang bzw. den Ordnern Ihres Mailprogramms (\"Outlook\")" : "the outbox or the folders of your mail program (\"Outlook\")",
                "postqueue -p", "Mail queue is empty", "qmail-qstat");
        assertThat(r.html()).contains("Spamfilter auf meinem PC &lt;b&gt;", "qmail-qstat").doesNotContain("PC <b>");

        Map<String, Object> plain = values(language);
        LetterTemplates.Rendered without = templates.render(kind, language, plain);
        assertThat(without.text()).doesNotContain(de ? "Zu Frage 2:" : "On question 2:", de ? "Was wir brauchen" : "What we need");

        plain.put("queueReason", "LISTING_SHOWS_MAIL");
        plain.put("queueWords", "3");
        assertThat(templates.render(kind, language, plain).text()).contains(de ? "zeigt noch 3 Mail(s)" : "still shows 3 message(s)");
    }

    @ParameterizedTest(name = "{0} in {1}")
    @org.junit.jupiter.params.provider.CsvSource({"ASK_AGAIN, en", "ASK_AGAIN, de", "FOLLOW_UP, en", "FOLLOW_UP, de"})
    void anUnchangedPasswordIsExplainedAndTheClaimQuotedBack(LetterKind kind, String language) {
        boolean de = language.equals("de");
        Map<String, Object> v = values(language);
        LetterTemplates.Rendered without = templates.render(kind, language, v);
        assertThat(without.text()).doesNotContain(de ? "Zum Passwort von" : "About the password of");
        assertThat(without.html()).doesNotContain(de ? "Zum Passwort von" : "About the password of");

        v.put("password", Map.of("since", "7 December 2026, 15:00 UTC", "claimed", true, "selfService", true));
        LetterTemplates.Rendered r = templates.render(kind, language, v);
        for (String part : List.of(r.text(), r.html())) {
            assertThat(part).contains("7 December 2026, 15:00 UTC")
                    .contains(de ? "noch dasselbe Passwort" : "it is still the password it had")
                    .contains(de ? "Sie schrieben, die Passwörter seien geändert" : "You wrote that the passwords were changed")
                    .contains(de ? "Fragebogen-Seite" : "the questionnaire page offers a button");
        }
        keepForReaders(kind, language + "-password", r);
    }
}
