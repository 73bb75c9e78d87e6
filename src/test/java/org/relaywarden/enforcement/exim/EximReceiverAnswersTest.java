package org.relaywarden.enforcement.exim;

import org.relaywarden.testsupport.Ports;
import org.relaywarden.testsupport.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.command.LocalCommandRunner;
import org.relaywarden.enforcement.exim.support.TestExim;
import org.relaywarden.enforcement.policy.TrafficCounters;
import org.relaywarden.testsupport.relay.Flood;
import org.relaywarden.testsupport.relay.SmtpSink;
import org.relaywarden.testsupport.relay.TestPostfix;
import org.relaywarden.enforcement.risk.ReceiverAnswers;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EximReceiverAnswers} on a real Exim (4.96) relaying to receiving servers that accept, refuse (550) and
 * defer (451): the recipients each receiver answered are counted for the login that submitted them, read from Exim's
 * main log on from where the last read ended; a deferral Exim retries counts once; a connection that failed on the
 * way and the bounces Exim sends itself (no login) are not counted.
 */
class EximReceiverAnswersTest {

    static final Account ALICE = Account.parse("alice@answers.test");
    static final Account BOB = Account.parse("bob@answers.test");
    static final String PW = "answers-pw";

    static SmtpSink accepting, refusing, deferring;
    static TestExim exim;
    static EximReceiverAnswers answers;

    @BeforeAll
    static void start() {
        accepting = SmtpSink.start();
        refusing = SmtpSink.refusing("550 5.7.1 Service unavailable; sender reputation too low");
        deferring = SmtpSink.start("451 4.7.1 greylisted, try again later");
        exim = TestExim.named("answers").relayTo(accepting.port()).user(ALICE.login(), PW).user(BOB.login(), PW).build().start();
        answers = new EximReceiverAnswers(List.of(new EximRelay("relay-1", new LocalCommandRunner(), exim.relayProperties(),
                TestExim.TIMEOUT)), new TrafficCounters(Clock.systemUTC(), "t"));
    }

    @AfterAll
    static void stop() {
        TestPostfix.closeAll(null, exim, accepting, refusing, deferring);
    }

    static void send(Account who, String marker, int count) {
        assertThat(Flood.submit(exim.smtpPort(), who.login(), PW, i -> who.login(), count, 1, i -> "Subject: " + marker + " " + i
                + "\n" + marker + "\n\nhello\n", i -> new String[]{"reader" + i + "@far.test"})).hasSize(count);
    }

    static void awaitLog(String what, long lines, String... parts) {
        Await.until(what, Duration.ofSeconds(60), () -> exim.mainlog().lines()
                .filter(l -> List.of(parts).stream().allMatch(l::contains)).count() >= lines);
    }

    static ReceiverAnswers.Answers of(List<ReceiverAnswers.Answers> read, Account a) {
        return read.stream().filter(x -> x.account().equals(a)).findFirst().orElse(new ReceiverAnswers.Answers(a, 0, 0, 0));
    }

    @Test
    void eachReceiversAnswersAreCountedForTheLoginThatSubmitted() {
        // the first read starts at the log's end: what is older is not news
        send(ALICE, "X-Answers: before", 1);
        Await.until("the first message delivered", Duration.ofSeconds(60), () -> accepting.count("X-Answers: before") == 1);
        answers.read();
        assertThat(answers.read()).isEmpty();

        send(ALICE, "X-Answers: accepted", 3);
        Await.until("alice's 3 at the accepting receiver", Duration.ofSeconds(60),
                () -> accepting.count("X-Answers: accepted") == 3);
        awaitLog("three deliveries logged", 3, " => reader");
        assertThat(of(answers.read(), ALICE)).isEqualTo(new ReceiverAnswers.Answers(ALICE, 3, 0, 0));

        exim.reroute(refusing.port());
        send(BOB, "X-Answers: refused", 4);
        awaitLog("four refusals logged", 4, " ** reader", "SMTP error from remote mail server after");
        List<ReceiverAnswers.Answers> read = answers.read();
        assertThat(of(read, BOB)).isEqualTo(new ReceiverAnswers.Answers(BOB, 0, 0, 4));
        assertThat(of(read, ALICE)).as("nothing of alice's in this read").isEqualTo(new ReceiverAnswers.Answers(ALICE, 0, 0, 0));

        exim.reroute(deferring.port());
        send(ALICE, "X-Answers: deferred", 2);
        awaitLog("two deferrals logged", 2, " == reader", "451 4.7.1 greylisted");
        exim.flush(); // Exim retries them: deferred again, and counted once
        awaitLog("the retries logged", 4, " == reader", "451 4.7.1 greylisted");
        assertThat(of(answers.read(), ALICE)).isEqualTo(new ReceiverAnswers.Answers(ALICE, 0, 2, 0));

        // a receiving server that cannot be reached said nothing
        exim.reroute(Ports.freePort());
        send(BOB, "X-Answers: unreachable", 1);
        awaitLog("the failed connection logged", 1, " == reader", "Connection refused");
        assertThat(of(answers.read(), BOB)).isEqualTo(new ReceiverAnswers.Answers(BOB, 0, 0, 0));
    }
}
