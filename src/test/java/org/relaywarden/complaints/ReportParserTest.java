package org.relaywarden.complaints;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.relaywarden.complaints.support.ArfReports;
import org.relaywarden.complaints.support.ArfReports.Shape;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The report shapes the feedback loops send, the hostile ones, and the Received: lines each MTA writes. */
class ReportParserTest {

    /** As a customer's message leaves a Postfix relay (the shape TestPostfix's own header has: see ComplaintsOnPostfixTest). */
    static final String POSTFIX_MESSAGE = """
            Received: from mx.mailbox.example (mx.mailbox.example [198.51.100.7])
            \tby inbound.mailbox.example with ESMTPS id 77AAXX; Mon, 07 Dec 2026 14:00:03 +0000
            Received: from [192.168.1.20] (customer.example [203.0.113.10])
            \t(Authenticated sender: kunde@example.test)
            \tby relay1.provider.example (Postfix) with ESMTPSA id 4dQ7Rk2Y1Rz9sWg
            \tfor <user@mailbox.example>; Mon,  7 Dec 2026 14:00:02 +0000 (UTC)
            From: <kunde@example.test>
            To: <user@mailbox.example>
            Subject: =?UTF-8?Q?Billige_Uhren_=E2=80=93_nur_heute?=
            Message-ID: <20261207140002.1@example.test>
            Date: Mon, 7 Dec 2026 15:00:01 +0100

            Spam Spam Spam
            """;

    final ReportParser parser = new ReportParser();

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theFullReportOfAMailboxProviderNamesTheComplainantsDomainAndCarriesTheMessage() {
        FeedbackReport r = parser.parse(bytes(ArfReports.arf(Shape.FULL_MESSAGE, "fbl.mailbox.example", "user@mailbox.example", POSTFIX_MESSAGE)));
        assertThat(r.format()).isEqualTo("arf");
        assertThat(r.feedbackType()).isEqualTo("abuse");
        assertThat(r.reporter()).isEqualTo("fbl.mailbox.example");
        assertThat(r.recipientDomains()).containsExactly("mailbox.example");
        assertThat(r.redacted()).isFalse();
        assertThat(r.arrival()).isNotNull();
        assertThat(r.message().received()).hasSize(2);
        assertThat(r.message().subject()).isEqualTo("Billige Uhren – nur heute");
        assertThat(r.message().messageId()).isEqualTo("<20261207140002.1@example.test>");
    }

    @Test
    void aRedactedReportNamesNoComplainantAndAHeadersOnlyReportStillLeadsToTheRelay() {
        FeedbackReport redacted = parser.parse(bytes(ArfReports.arf(Shape.REDACTED, "fbl.mailbox.example", "user@mailbox.example", POSTFIX_MESSAGE)));
        assertThat(redacted.redacted()).isTrue();
        assertThat(redacted.recipientDomains()).isEmpty();
        FeedbackReport headers = parser.parse(bytes(ArfReports.arf(Shape.HEADERS_ONLY, "fbl.mailbox.example", "user@mailbox.example", POSTFIX_MESSAGE)));
        assertThat(headers.message().received()).hasSize(2);
        assertThat(ReceivedTrail.providerHops(headers.message().received(), List.of("relay1.provider.example")))
                .extracting(ReceivedTrail.Hop::queueId).containsExactly("4dQ7Rk2Y1Rz9sWg");
    }

    @Test
    void xarfVersionFourAndThreeCarryTheMessageAsEvidence() {
        FeedbackReport v4 = parser.parse(bytes(ArfReports.xarf4("antispam.example", POSTFIX_MESSAGE)));
        assertThat(v4.format()).isEqualTo("xarf");
        assertThat(v4.feedbackType()).isEqualTo("spam");
        assertThat(v4.reporter()).isEqualTo("antispam.example");
        assertThat(v4.message().received()).hasSize(2);
        FeedbackReport v3 = parser.parse(bytes(ArfReports.xarf3("antispam.example", POSTFIX_MESSAGE)));
        assertThat(v3.reporter()).isEqualTo("antispam.example");
        assertThat(v3.message().subject()).isEqualTo("Billige Uhren – nur heute");
    }

    @Test
    void everyMtasReceivedLineGivesItsQueueIdAndOnlyTheProvidersRelaysCount() {
        List<String> received = List.of(
                "from mx.mailbox.example by inbound.mailbox.example with ESMTPS id 77AAXX; Mon, 07 Dec 2026 14:00:03 +0000",
                "from [203.0.113.10] (helo=pc) by exim1.provider.example with esmtpsa (TLS1.3) tls TLS_AES_256_GCM_SHA384 "
                        + "(Exim 4.96) (envelope-from <kunde@example.test>) id 1tXYZa-000ABC-12 for user@mailbox.example; "
                        + "Mon, 07 Dec 2026 14:00:02 +0000",
                "(qmail 4711 invoked from network); 7 Dec 2026 14:00:01 -0000",
                "(HELO pc) (kunde@example.test@203.0.113.10) by qmail1.provider.example with ESMTPA; 7 Dec 2026 14:00:01 -0000");
        assertThat(ReceivedTrail.providerHops(received, List.of("*.provider.example")))
                .extracting(ReceivedTrail.Hop::mta, ReceivedTrail.Hop::host, ReceivedTrail.Hop::queueId)
                .containsExactly(Tuple.tuple("exim", "exim1.provider.example", "1tXYZa-000ABC-12"),
                        Tuple.tuple("qmail", "qmail1.provider.example", "4711"));
        assertThat(ReceivedTrail.providerHops(received, List.of("*.provider.example")).get(0).date())
                .isEqualTo(Instant.parse("2026-12-07T14:00:02Z"));
        assertThat(ReceivedTrail.providerHops(received, List.of("relay.other.example"))).isEmpty();
    }

    @Test
    void whatIsNotAFeedbackReportIsRefusedSayingWhy() {
        assertThatThrownBy(() -> parser.parse(new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> parser.parse(bytes("From: a@b\nSubject: hi\n\nplain mail\n")))
                .isInstanceOf(MalformedReportException.class).hasMessageContaining("expected multipart/report");
        String bounce = ArfReports.arf(Shape.FULL_MESSAGE, "fbl.mailbox.example", "user@mailbox.example", POSTFIX_MESSAGE)
                .replace("report-type=feedback-report", "report-type=delivery-status");
        assertThatThrownBy(() -> parser.parse(bytes(bounce))).hasMessageContaining("delivery-status");
        String noType = ArfReports.arf(Shape.FULL_MESSAGE, "fbl.mailbox.example", "user@mailbox.example", POSTFIX_MESSAGE)
                .replace("Feedback-Type: abuse\n", "");
        assertThatThrownBy(() -> parser.parse(bytes(noType))).hasMessageContaining("no Feedback-Type");
        String noMessage = ArfReports.arf(Shape.FULL_MESSAGE, "fbl.mailbox.example", "user@mailbox.example", POSTFIX_MESSAGE)
                .replace("Content-Type: message/rfc822", "Content-Type: text/plain");
        assertThatThrownBy(() -> parser.parse(bytes(noMessage))).hasMessageContaining("does not carry the reported message");
        String noReceived = ArfReports.arf(Shape.FULL_MESSAGE, "fbl.mailbox.example", "user@mailbox.example",
                "From: <kunde@example.test>\nSubject: x\n\nbody\n");
        assertThatThrownBy(() -> parser.parse(bytes(noReceived))).hasMessageContaining("no Received:");
        assertThatThrownBy(() -> parser.parse(bytes("{\"xarf_version\": \"4.0.0\", \"category\": \"connection\"}")))
                .hasMessageContaining("not about mail");
        assertThatThrownBy(() -> parser.parse(bytes("{\"xarf_version\": \"4.0.0\", \"category\": \"messaging\", \"evidence\": []}")))
                .hasMessageContaining("no message/rfc822 evidence");
        assertThatThrownBy(() -> parser.parse(bytes("{ not json")))
                .isInstanceOf(MalformedReportException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> parser.parse(bytes("X-ARF: YES\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nx\n--b--\n")))
                .hasMessageContaining("YAML");
        // control characters in what the caller is told stay out of it
        assertThatThrownBy(() -> parser.parse(bytes("Content-Type: text/evil\u0007\n\nx")))
                .isInstanceOf(MalformedReportException.class).message().doesNotContain("\u0007");
    }
}
