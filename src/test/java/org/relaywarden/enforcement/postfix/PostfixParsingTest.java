package org.relaywarden.enforcement.postfix;

import org.relaywarden.enforcement.policy.DurableAnswers;
import org.relaywarden.enforcement.policy.AccountStates;
import org.relaywarden.enforcement.policy.RefusalCode;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.account.InvalidAccountException;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.command.Command;
import org.relaywarden.enforcement.command.CommandRunner;
import org.relaywarden.enforcement.command.LocalCommandRunner;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** postqueue -j and postcat -e parsing, map rendering, and what may reach a command. */
class PostfixParsingTest {

    @Test
    void readsPostqueueJsonLinesOneByOne() throws Exception {
        String out = """
                {"queue_name": "deferred", "queue_id": "4jcVBN74pDzJ9B4", "arrival_time": 1795916220, "message_size": 394, "forced_expire": false, "sender": "x@y.test", "recipients": [{"address": "a@b.test", "delay_reason": "connect refused"}, {"address": "c@d.test"}]}
                {"queue_name": "maildrop", "queue_id": "4jcVBN74pDzJ9B5", "arrival_time": 1, "message_size": 1, "sender": "", "recipients": []}
                not json
                {"queue_name": "hold", "queue_id": "bad id!", "arrival_time": 1, "message_size": 1, "sender": "", "recipients": []}
                {"queue_name": "hold", "queue_id": "4jcVBN74pDzJ9B6", "arrival_time": 1795916221, "message_size": 12, "forced_expire": false, "sender": "", "recipients": [{"address": "e@f.test"}]}
                """;
        List<PostqueueJson.Entry> entries = new ArrayList<>();
        PostqueueJson.read(new ByteArrayInputStream(out.getBytes(StandardCharsets.UTF_8)), entries::add);
        assertThat(entries).containsExactly(
                new PostqueueJson.Entry("4jcVBN74pDzJ9B4", QueueName.DEFERRED, Instant.ofEpochSecond(1795916220), 394,
                        "x@y.test", List.of("a@b.test", "c@d.test")),
                new PostqueueJson.Entry("4jcVBN74pDzJ9B6", QueueName.HOLD, Instant.ofEpochSecond(1795916221), 12, "",
                        List.of("e@f.test")));
    }

    @Test
    void readsLoginsFromPostcatEnvelopesUpToWhereABatchBroke() throws Exception {
        String out = """
                *** ENVELOPE RECORDS deferred/F/4jcVBN74pDzJ9B4 ***
                message_size:             394             722               2               0             394               0
                named_attribute: sasl_method=PLAIN
                named_attribute: sasl_username=alice@example.test
                sender: bob@example.test
                recipient: a@b.test
                *** MESSAGE CONTENTS deferred/F/4jcVBN74pDzJ9B4 ***
                *** HEADER EXTRACTED deferred/F/4jcVBN74pDzJ9B4 ***
                *** MESSAGE FILE END deferred/F/4jcVBN74pDzJ9B4 ***
                *** ENVELOPE RECORDS hold/4jcVBN74pDzJ9B5 ***
                sender: local@relay.test
                *** MESSAGE FILE END hold/4jcVBN74pDzJ9B5 ***
                *** ENVELOPE RECORDS hold/4jcVBN74pDzJ9B6 ***
                named_attribute: sasl_username=carol@example.test
                """;
        Map<String, String> logins = PostcatEnvelopes.read(new ByteArrayInputStream(out.getBytes(StandardCharsets.UTF_8)));
        assertThat(logins).containsExactly(Map.entry("4jcVBN74pDzJ9B4", "alice@example.test"), Map.entry("4jcVBN74pDzJ9B5", ""));
    }

    @Test
    void splitsBatchedPostcatOutputIntoExactMessagesDespiteForgedMarkers() {
        String first = "Received: from x\nSubject: one\n\nbody\n*** HEADER EXTRACTED hold/FAKE ***\n"
                + "*** MESSAGE FILE END hold/4jcVBN74pDzJ9B4x ***\n*** ENVELOPE RECORDS hold/EVIL ***\nend\n";
        String second = "Subject: two\n\n\u00e4 latin-1 bytes stay bytes\n";
        byte[] out = ("*** ENVELOPE RECORDS hold/4jcVBN74pDzJ9B4 ***\nsender: a@b.test\n"
                + "*** MESSAGE CONTENTS hold/4jcVBN74pDzJ9B4 ***\n" + first
                + "*** HEADER EXTRACTED hold/4jcVBN74pDzJ9B4 ***\n*** MESSAGE FILE END hold/4jcVBN74pDzJ9B4 ***\n"
                + "*** ENVELOPE RECORDS deferred/A/4jcVBN74pDzJ9B5 ***\n*** MESSAGE CONTENTS deferred/A/4jcVBN74pDzJ9B5 ***\n"
                + second + "*** HEADER EXTRACTED deferred/A/4jcVBN74pDzJ9B5 ***\n*** MESSAGE FILE END deferred/A/4jcVBN74pDzJ9B5 ***\n"
                + "*** ENVELOPE RECORDS hold/4jcVBN74pDzJ9B6 ***\n*** MESSAGE CONTENTS hold/4jcVBN74pDzJ9B6 ***\ncut off")
                .getBytes(StandardCharsets.ISO_8859_1);
        Map<String, byte[]> messages = PostcatContents.parse(out);
        assertThat(messages).containsOnlyKeys("4jcVBN74pDzJ9B4", "4jcVBN74pDzJ9B5");
        assertThat(messages.get("4jcVBN74pDzJ9B4")).isEqualTo(first.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(messages.get("4jcVBN74pDzJ9B5")).isEqualTo(second.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(PostcatContents.queueSize("ab\ncd\n".getBytes(StandardCharsets.US_ASCII))).isEqualTo(8);
    }

    @Test
    void rendersTheAccessMapWithTheSameCodeAsThePolicyService() {
        Map<Account, AccountStates.Entry> states = new TreeMap<>();
        states.put(Account.parse("alice@example.test"), new AccountStates.Entry(RelayState.SUSPENDED, "relaying suspended, case RW-1\nbob@x.test OK"));
        states.put(Account.parse("bob@example.test"), new AccountStates.Entry(RelayState.HELD, "staged re-enable, case RW-2"));
        states.put(Account.parse("carol@example.test"), new AccountStates.Entry(RelayState.PROBATION, "probation"));
        assertThat(AccessMap.render(DurableAnswers.of(states, RefusalCode.TEMPORARY))).isEqualTo("""
                # written by Relaywarden; every change here is overwritten
                alice@example.test 451 4.7.1 relaying suspended, case RW-1 bob@x.test OK
                bob@example.test HOLD staged re-enable, case RW-2
                """);
        assertThat(AccessMap.render(DurableAnswers.of(states, RefusalCode.PERMANENT))).contains("alice@example.test 554 5.7.1 relaying suspended");
        assertThat(RefusalCode.parse("554")).isEqualTo(RefusalCode.PERMANENT);
        assertThatThrownBy(() -> RefusalCode.parse("250")).isInstanceOf(IllegalArgumentException.class);
    }

    /** A runner that records what would have run. */
    static final class Recording implements CommandRunner {
        final List<Command> ran = new ArrayList<>();

        @Override
        public <T> Streamed<T> stream(Command command, OutputReader<T> reader) {
            ran.add(command);
            return new LocalCommandRunner().stream(Command.of(Duration.ofSeconds(5), "/bin/true"), reader);
        }

        @Override
        public String describe() {
            return "recording";
        }
    }

    @Test
    void hostileAccountNamesAndQueueIdsNeverReachACommand() {
        for (String hostile : List.of("alice@example.test\nbob@example.test OK", "alice@example.test OK",
                "alice@example.test;rm -rf /", "$(reboot)@example.test", "../../etc/passwd@example.test", "alice@exa mple.test",
                "ALL", "alice@-example.test", "a\u0000@example.test", "alice@example.test\r", "`id`@x.test", "a'b@example.test")) {
            assertThatThrownBy(() -> Account.parse(hostile)).as(hostile).isInstanceOf(InvalidAccountException.class)
                    .message().doesNotContain(hostile);
        }
        Recording recording = new Recording();
        PostfixRelay relay = new PostfixRelay("relay-1", recording, Path.of("/etc/postfix"), Path.of("/etc/postfix/access"),
                Duration.ofSeconds(5));
        assertThatThrownBy(() -> relay.postsuper("-d", List.of("ALL"), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> relay.postsuper("-d", List.of("4jcVBN74pDzJ9B4\nALL"), "hold")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> relay.postcatMessage("-e")).isInstanceOf(IllegalArgumentException.class);
        assertThat(recording.ran).isEmpty();
        assertThatThrownBy(() -> new PostfixRelay("relay-1", recording, Path.of("/etc/postfix; reboot"), Path.of("/x"),
                Duration.ofSeconds(5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PostfixRelay("Relay 1", recording, Path.of("/etc/postfix"), Path.of("/x"),
                Duration.ofSeconds(5))).isInstanceOf(IllegalArgumentException.class);

        relay.postsuper("-h", List.of("4jcVBN74pDzJ9B4"), null);
        assertThat(recording.ran).singleElement().satisfies(c -> {
            assertThat(c.argv()).containsExactly("/usr/sbin/postsuper", "-c", "/etc/postfix", "-h", "-");
            assertThat(new String(c.stdin(), StandardCharsets.US_ASCII)).isEqualTo("4jcVBN74pDzJ9B4\n");
        });
    }
}
