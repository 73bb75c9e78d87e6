package org.relaywarden.enforcement.qmail;

import java.util.LinkedHashMap;
import org.relaywarden.enforcement.policy.RefusalCode;
import org.relaywarden.enforcement.policy.DurableAnswers;
import org.relaywarden.enforcement.policy.AccountStates;
import org.relaywarden.enforcement.RelayState;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.MailServerException;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.command.LocalCommandRunner;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The qmail adapter's parsing and command building, without a relay. */
class QmailParsingTest {

    @Test
    void clearingNoSmtpKeepsEveryOtherFlagInOneVmoduserCall() {
        assertThat(VpopmailFlags.clearingNoSmtp(0x800)).containsExactly("-x");
        assertThat(VpopmailFlags.clearingNoSmtp(0x800 | 0x04 | 0x02)).containsExactly("-x", "-p", "-w");
        assertThat(VpopmailFlags.clearingNoSmtp(0x40000 | 0x800 | 0x20)).containsExactly("-x", "-r", "-m");
        assertThatThrownBy(() -> VpopmailFlags.clearingNoSmtp(0x800 | 0x80000)).isInstanceOf(MailServerException.class)
                .hasMessageContaining("clear it by hand");
    }

    @Test
    void tai64nLabelsAreUnixSecondsPlusTwoToTheSixtySecondPlusTen() {
        // 0x6b0f9dbd = 1796185533: the label multilog wrote at 2026-12-02T04:25:23Z (+10 s TAI offset)
        assertThat(QmailMailLog.timeOf("@400000006b0f9dbd13044b34 qlogreceived: result=accepted"))
                .contains(Instant.ofEpochSecond(1796185533L - 10, 0x13044b34));
        assertThat(QmailMailLog.timeOf("no label here")).isEmpty();
        assertThat(QmailMailLog.timeOf("@400000006b0f9dbdffffffff x")).as("nanoseconds out of range").isEmpty();
    }

    @Test
    void evidenceLinesKeepTheFieldsThatMatterWithinTheirLength() {
        String line = "@400000006b0f9dbd0370e1dc qlogreceived: result=rejected code=451 reason=queue_delay detail=4.7.1_case_RW-7 "
                + "helo=vm mailfrom=kunde@example.test rcptto=x@remote.test relay=yes rcpthosts= size= authuser=kunde@example.test "
                + "authtype=login encrypted= sslverified=no localip=127.0.0.1 localport=13525 remoteip=127.0.0.1 remoteport=33754 "
                + "remotehost= qp=2955 pid=2953";
        String text = QmailMailLog.compact(QmailMailLog.timeOf(line).orElseThrow(), line);
        assertThat(text).isEqualTo("2026-12-02T04:25:23Z qmail-smtpd: result=rejected code=451 detail=4.7.1_case_RW-7 "
                + "mailfrom=kunde@example.test rcptto=x@remote.test authuser=kunde@example.test remoteip=127.0.0.1");
        String longOne = line.replace("rcptto=x@remote.test", "rcptto=" + "a".repeat(300) + "@remote.test");
        assertThat(QmailMailLog.compact(Instant.EPOCH, longOne)).hasSizeLessThanOrEqualTo(QmailMailLog.MAX_TEXT);
    }

    @Test
    void listingLinesBecomeMessagesInTheirQueues() throws IOException {
        String listing = "queued\t1524894.1796185400\t1796185400\t316\tkunde@example.test\ta@remote.test b@remote.test\n"
                + "todo\t1524900.1796185401\t1796185401\t200\tkunde@example.test\tc@remote.test\n"
                + "held\th1796185516.2795.8ac480ac\t1796185516\t316\tKunde@Example.test\tx@remote.test\n"
                + "queued\t1524901.1796185402\t1796185402\t100\t\tpostmaster@relay.test\n";
        List<QmailMailQueue.Listed> out = new ArrayList<>();
        QmailMailQueue.readListing(new ByteArrayInputStream(listing.getBytes(StandardCharsets.UTF_8)), out::add);
        assertThat(out).extracting(QmailMailQueue.Listed::queue)
                .containsExactly(QueueName.DEFERRED, QueueName.INCOMING, QueueName.HOLD, QueueName.DEFERRED);
        assertThat(out.get(0).recipients()).containsExactly("a@remote.test", "b@remote.test");
        assertThat(out.get(2).account()).as("login case folded as everywhere").isEqualTo(Account.parse("kunde@example.test"));
        assertThat(out.get(3).account()).as("a bounce belongs to nobody").isNotEqualTo(Account.parse("kunde@example.test"));
        assertThatThrownBy(() -> QmailMailQueue.readListing(new ByteArrayInputStream("garbage\n".getBytes()), l -> { }))
                .isInstanceOf(IOException.class);
    }

    @Test
    void framesOfTheCatOperationAreReadByteExact() throws IOException {
        byte[] a = "Received: x\n\nbody\n".getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[]{0, 1, 2, '\n', 3};
        byte[] stream = concat(("1.2 " + a.length + "\n").getBytes(), a, ("h3.4.ab " + b.length + "\n").getBytes(), b);
        Map<String, byte[]> frames = QmailMailQueue.readFrames(new ByteArrayInputStream(stream));
        assertThat(frames).containsOnlyKeys("1.2", "h3.4.ab");
        assertThat(frames.get("1.2")).isEqualTo(a);
        assertThat(frames.get("h3.4.ab")).isEqualTo(b);
        byte[] truncated = concat(("1.2 " + (a.length + 5) + "\n").getBytes(), a);
        assertThatThrownBy(() -> QmailMailQueue.readFrames(new ByteArrayInputStream(truncated))).hasMessageContaining("truncated");
    }

    @Test
    void commandsTakeCheckedIdsPathsAndFlagOptionsOnly() {
        QmailRelay relay = new QmailRelay("relay-1", new LocalCommandRunner(), Path.of("/var/qmail"), Path.of("/home/vpopmail"),
                Path.of("/service/qmail-send"), Path.of("/var/qmail/relaywarden/hold"),
                Path.of("/var/qmail/relaywarden/bin/relaywarden-qmail-queue"), null, Duration.ofSeconds(5));
        assertThat(relay.queueTool("hold", List.of("123.456", "h1.2.ff")).argv())
                .containsExactly("/var/qmail/relaywarden/bin/relaywarden-qmail-queue", "-q", "/var/qmail", "-s", "/service/qmail-send",
                        "-H", "/var/qmail/relaywarden/hold", "hold");
        assertThatThrownBy(() -> relay.queueTool("hold", List.of("123.456\n-x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> relay.queueTool("delete-held", List.of("../etc"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(relay.vmoduser(List.of("-x", "-w"), Account.parse("kunde@example.test")).argv())
                .containsExactly("/home/vpopmail/bin/vmoduser", "-x", "-w", "kunde@example.test");
        assertThatThrownBy(() -> relay.vmoduser(List.of("-n"), Account.parse("kunde@example.test")))
                .as("never -n: vchkpw would not see the change").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QmailRelay("relay-1", new LocalCommandRunner(), Path.of("/var/qmail; rm"), Path.of("/home/vpopmail"),
                Path.of("/service/qmail-send"), Path.of("/h"), Path.of("/t"), null, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /**
     * The states file once rendered states itself and lost "a suspension beats a hold" among case variants: with
     * case-sensitive logins, a held {@code Bigcorp@} written before a suspended {@code bigcorp@} shadowed the
     * suspension in the queue front's fallback, which compares logins lower-cased and takes the first line. It now
     * writes the core's answers, one per case-folded login, the suspension chosen.
     */
    @Test
    void theStatesFileGivesTheSuspensionOfACaseVariantNotAHeldVariantBeforeIt() {
        Account.useLocalPartCase(Account.LocalPartCase.CASE_SENSITIVE);
        try {
            Map<Account, AccountStates.Entry> states = new LinkedHashMap<>();
            states.put(Account.parse("Bigcorp@example.test"), new AccountStates.Entry(RelayState.HELD, "case RW-2"));
            states.put(Account.parse("bigcorp@example.test"), new AccountStates.Entry(RelayState.SUSPENDED, "case RW-1"));
            states.put(Account.parse("kunde@example.test"), new AccountStates.Entry(RelayState.HELD, "case RW-3"));
            states.put(Account.parse("other@example.test"), new AccountStates.Entry(RelayState.PROBATION, "case RW-4"));
            assertThat(VpopmailFlags.statesFile(DurableAnswers.of(states, RefusalCode.TEMPORARY))).isEqualTo(
                    "bigcorp@example.test\t451 4.7.1 case RW-1\nkunde@example.test\tHOLD case RW-3\n");
        } finally {
            Account.resetLocalPartCase();
        }
    }
}
