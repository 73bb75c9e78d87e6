package org.relaywarden.enforcement.exim;

import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.MailServerException;
import org.relaywarden.enforcement.command.Command;
import org.relaywarden.enforcement.command.CommandResult;
import org.relaywarden.enforcement.command.LocalCommandRunner;
import org.relaywarden.enforcement.policy.TrafficCounters;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the Exim adapter reads from Exim's tools and files, on text as Exim 4.96 writes it. */
class EximParsingTest {

    static final EximRelay RELAY = new EximRelay("relay-1", new LocalCommandRunner(), new EximProperties.RelayProperties(
            "local", null, null, null, null, null, Path.of("/var/log/exim4/mainlog"), null), Duration.ofSeconds(5));

    static CommandResult result(int exit, String stdout) {
        return new CommandResult(Command.of(Duration.ofSeconds(1), "/usr/sbin/exim4", "-Mrm", "1xYbsY-0000Ct-0Z"), exit,
                stdout.getBytes(StandardCharsets.US_ASCII), "");
    }

    /**
     * ACL variables in the {@code -H} file: {@code -aclm NAME LEN} and, for a value built from what the client sent
     * (tainted), {@code --aclm NAME LEN}; the value (LEN bytes, newlines included) is skipped, not read as lines.
     */
    @Test
    void aTaintedMultiLineAclVariableInTheSpoolFileIsSkippedByItsLength() {
        String value = "request=smtpd_access_policy\nprotocol_state=END-OF-MESSAGE\n-not an option line\n\n";
        String h = "1xadec-0006au-22-H\nDebian-exim 999 995\n<a@b.test>\n1796668898 0\n--helo_name client.test\n"
                + "--aclm _rw_q " + value.length() + "\n" + value + "\n-aclm _rw 12\naction=DUNNO\n-aclm _rw_durable 0\n\n"
                + "XX\n1\nx@remote.test\n\n015  Subject: hello\n";
        String d = "1xadec-0006au-22-D\nbody\n";
        SpoolFiles.Rendered r = SpoolFiles.render("1xadec-0006au-22", h.getBytes(StandardCharsets.ISO_8859_1),
                d.getBytes(StandardCharsets.ISO_8859_1)).orElseThrow();
        assertThat(new String(r.message(), StandardCharsets.ISO_8859_1)).isEqualTo("Subject: hello\n\nbody\n");
        // one byte short: the value runs into the next line, which is no option line: not rendered
        assertThat(SpoolFiles.render("1xadec-0006au-22", h.replace("_rw_q " + value.length(), "_rw_q " + (value.length() - 1))
                .getBytes(StandardCharsets.ISO_8859_1), d.getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
    }

    @Test
    void eximsReportsAboutGoneOrAlreadyMovedMessagesAreNoFailure() {
        EximMailQueue.checked(RELAY, List.of(result(1, """
                Spool data file for 1xYbqz-0007eY-99 does not exist
                Continuing, to ensure all files removed
                Spool read error for 1xYbqz-0007eY-99-H: No such file or directory
                Continuing to ensure all files removed
                Message 1xYbqz-0007eY-99 has been removed or did not exist
                Message 1xYbqz-0007eY-34 is already frozen
                Message 1xYbqz-0007eY-34 is not frozen
                Message 1xYbqz-0007eY-34\s
                """)));
        assertThatThrownBy(() -> EximMailQueue.checked(RELAY, List.of(result(1, "exim: permission denied\n"))))
                .isInstanceOf(MailServerException.class).hasMessageContaining("relay-1").hasMessageContaining("permission denied")
                .hasMessageContaining("-Mrm");
    }

    @Test
    void theListingIsReadInGroupsAndAShiftedGroupIsAnError() throws IOException {
        String two = "1xYbqz-0007eY-34\nalice@x.test\n402\n1796185321\n\nbob@x.test\nb@r.test, c@r.test\n"
                + "1xYbsY-0000Ct-0Z\n\n99\n1796185418\n1\n\nd@r.test\n";
        var entries = EximQueueListing.readAll(new ByteArrayInputStream(two.getBytes(StandardCharsets.UTF_8)));
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).recipients()).containsExactly("b@r.test", "c@r.test");
        assertThat(entries.get(0).frozen()).isFalse();
        assertThat(entries.get(1).login()).isEmpty();
        assertThat(entries.get(1).frozen()).isTrue();
        assertThat(entries.get(1).sender()).as("a bounce").isEmpty();
        String shifted = "1xYbqz-0007eY-34\nalice@x.test\nline\nbreak\n402\n1796185321\n\n";
        assertThatThrownBy(() -> EximQueueListing.readAll(new ByteArrayInputStream(shifted.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IOException.class);
    }

    @Test
    void mainlogLinesOfTheLoginOnlyWithTheirTimeAndClient() {
        EximMailLog log = new EximMailLog(List.of(RELAY), new TrafficCounters(Clock.systemUTC(), "t"), ZoneOffset.ofHours(1));
        Account alice = Account.parse("alice@x.test");
        var reception = log.parse("relay-1", "2026-12-02 04:23:38 1xYbsY-0000Ct-0Z <= a@x.test H=(vm) [192.0.2.7] P=esmtpa "
                + "A=plain:Alice@x.test S=402 id=1@vm for b@r.test c@r.test", alice);
        assertThat(reception).hasValueSatisfying(l -> {
            assertThat(l.time()).isEqualTo(Instant.parse("2026-12-02T03:23:38Z"));
            assertThat(l.clientAddress()).isEqualTo("192.0.2.7");
            assertThat(l.recipientCount()).isEqualTo(2);
        });
        assertThat(log.parse("relay-1", "2026-12-02 04:23:38.120 +0000 H=mx.example [2001:db8::1]:4711 F=<a@x.test> "
                + "A=login:alice@x.test temporarily rejected RCPT <b@r.test>: 451 4.7.1 suspended", alice))
                .hasValueSatisfying(l -> {
                    assertThat(l.time()).isEqualTo(Instant.parse("2026-12-02T04:23:38.120Z"));
                    assertThat(l.clientAddress()).isEqualTo("2001:db8::1");
                    assertThat(l.recipientCount()).isZero();
                });
        assertThat(log.parse("relay-1", "2026-12-02 04:23:38 1xYbsY-0000Ct-0Z <= a@x.test H=(vm) [192.0.2.7] P=esmtpa "
                + "A=plain:alice@x.test.evil S=402", alice)).isEmpty();
        assertThat(log.parse("relay-1", "2026-12-02 04:23:38 1xYbsY-0000Ct-0Z <= alice@x.test H=(vm) [192.0.2.7] P=esmtp S=402",
                alice)).as("the sender is no login").isEmpty();
    }
}
