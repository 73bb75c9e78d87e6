package org.relaywarden.enforcement.postfix;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.command.LocalCommandRunner;
import org.relaywarden.enforcement.policy.TrafficCounters;
import org.relaywarden.enforcement.risk.ReceiverAnswers;
import org.relaywarden.testsupport.SteppingClock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the receivers' answers from a Postfix mail log (lines as Postfix 3 writes them, in a local file read with
 * the adapter's own commands): read on from where the last read ended, only what the receiving server said, a
 * deferred recipient once, a rotated log from its start. The same reading on a real Postfix: RiskSignalsOnPostfixTest.
 */
class PostfixReceiverAnswersTest {

    @TempDir
    Path dir;

    static String submission(String id, String login) {
        return "2026-12-07T18:00:00.000000+00:00 host postfix/submission/smtpd[101]: " + id
                + ": client=localhost[127.0.0.1], sasl_method=PLAIN, sasl_username=" + login + "\n";
    }

    static String delivery(String id, String to, String dsn, String status, String detail) {
        return "2026-12-07T18:00:01.000000+00:00 host postfix/smtp[202]: " + id + ": to=<" + to
                + ">, relay=127.0.0.1[127.0.0.1]:2525, delay=0.1, delays=0/0/0/0, dsn=" + dsn + ", status=" + status
                + " (" + detail + ")\n";
    }

    void append(Path log, String... lines) throws IOException {
        Files.writeString(log, String.join("", lines), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void countsWhatTheReceiversSaidPerLoginFromWhereTheLastReadEnded() throws IOException {
        Path log = dir.resolve("maillog");
        append(log, submission("4F1A2B3C01", "old@shop.test"), delivery("4F1A2B3C01", "a@x.test", "5.7.1", "bounced",
                "host x said: 550 5.7.1 no"));
        PostfixReceiverAnswers answers = new PostfixReceiverAnswers(List.of(new PostfixRelay("r", new LocalCommandRunner(),
                dir, dir.resolve("access"), log, Duration.ofSeconds(10))),
                new TrafficCounters(new SteppingClock(Instant.parse("2026-12-07T18:00:00Z")), "t", TrafficCounters.Listener.NONE,
                        Duration.ofHours(1)));
        assertThat(answers.read()).as("the first read starts at the log's end").isEmpty();

        append(log, submission("4F1A2B3C02", "kunde@shop.test"),
                delivery("4F1A2B3C02", "v1@x.test", "5.7.1", "bounced", "host x[1.2.3.4] said: 550 5.7.1 refused (in reply to RCPT TO command)"),
                delivery("4F1A2B3C02", "v2@y.test", "4.7.0", "deferred", "host y[1.2.3.5] said: 450 4.7.0 try later (in reply to RCPT TO command)"),
                delivery("4F1A2B3C02", "v2@y.test", "4.7.0", "deferred", "host y[1.2.3.5] said: 450 4.7.0 try later (in reply to RCPT TO command)"),
                delivery("4F1A2B3C02", "v3@z.test", "4.4.1", "deferred", "connect to z[1.2.3.6]:25: Connection refused"),
                delivery("4F1A2B3C02", "v4@w.test", "2.0.0", "sent", "250 2.0.0 Ok: queued as 9XYZ"),
                delivery("4F1A2B3C03", "v5@w.test", "2.0.0", "sent", "250 2.0.0 Ok"),
                "2026-12-07T18:00:02.000000+00:00 host postfix/smtp[202]: 4F1A2B3C02: to=<v6@x.test>, relay=x, dsn=5.1.1, status=bou");
        assertThat(answers.read()).as("one accepted, one deferred (once), one refused; the failed connection and the queue "
                + "id of no known login do not count; the half-written line waits")
                .containsExactly(new ReceiverAnswers.Answers(Account.parse("kunde@shop.test"), 1, 1, 1));

        append(log, "nced (host x said: 550 5.1.1 unknown user (in reply to RCPT TO command))\n");
        assertThat(answers.read()).containsExactly(new ReceiverAnswers.Answers(Account.parse("kunde@shop.test"), 0, 0, 1));

        // rotated: the new log is read from its start
        Files.delete(log);
        append(log, submission("4F1A2B3C04", "neu@shop.test"), delivery("4F1A2B3C04", "n@x.test", "5.7.1", "bounced",
                "host x said: 550 5.7.1 no"));
        assertThat(answers.read()).containsExactly(new ReceiverAnswers.Answers(Account.parse("neu@shop.test"), 0, 0, 1));
        assertThat(answers.read()).isEmpty();
    }
}
