package org.relaywarden.enforcement.postfix;

import org.relaywarden.enforcement.policy.RefusalCode;
import org.relaywarden.enforcement.policy.PolicyRelayControl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.MailServerException;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.QueuedMessage;
import org.relaywarden.enforcement.command.SshCommandRunner;
import org.relaywarden.testsupport.relay.SmtpTestClient;
import org.relaywarden.testsupport.relay.TestPostfix;
import org.relaywarden.testsupport.relay.TestSshd;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The adapter driving a relay over SSH (a real OpenSSH server on loopback): map, queue listing, copy, delete. */
class PostfixOverSshTest {

    static final Account ALICE = Account.parse("alice@example.test");
    static final String PW = "pw-ssh";
    static PostfixAdapterFixture adapter;
    static TestSshd sshd;
    static TestPostfix postfix;
    static SshCommandRunner ssh;

    @BeforeAll
    static void start() {
        adapter = new PostfixAdapterFixture();
        sshd = TestSshd.start();
        postfix = TestPostfix.named("sshrelay").relayhost("[127.0.0.1]:9").policyService(adapter.policyPort)
                .user(ALICE.login(), PW).set("defer_transports", "smtp, relay").build().start();
        ssh = new SshCommandRunner("127.0.0.1", sshd.port(), "root", sshd.clientKey(), sshd.knownHosts(), Duration.ofSeconds(20));
        adapter.attach(postfix, ssh);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[]{ssh, postfix, sshd, adapter}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void suspendsAndMovesMailOnARelayReachedOverSsh() throws Exception {
        PolicyRelayControl control = adapter.control(RefusalCode.PERMANENT);
        control.suspend(ALICE, "relaying suspended, case RW-21");
        assertThat(postfix.accessMap()).content().contains("alice@example.test 554 5.7.1 relaying suspended, case RW-21");
        assertThat(postfix.tool("postmap", "-q", ALICE.login(), "hash:" + postfix.accessMap()).orThrow().stdoutText())
                .startsWith("554 5.7.1");

        control.hold(ALICE, "staged re-enable, case RW-21");
        try (SmtpTestClient c = SmtpTestClient.connect(postfix.smtpPort(), ALICE.login(), PW)) {
            for (int i = 0; i < 3; i++) {
                assertThat(c.send("a@example.test", "Subject: over ssh " + i + "\n\nbody\n", "r@remote.test").code())
                        .isEqualTo(250);
            }
        }
        List<QueuedMessage> held = adapter.queue.messagesOf(ALICE, EnumSet.of(QueueName.HOLD));
        assertThat(held).hasSize(3).allSatisfy(m -> assertThat(m.relay()).isEqualTo("relay-1"));
        byte[] overSsh = adapter.queue.content(held.get(0));
        byte[] local = postfix.tool("postcat", "-bh", "-q", held.get(0).queueId()).orThrow().stdout();
        assertThat(overSsh).isEqualTo(local);
        var batch = adapter.queue.contents(held);
        assertThat(batch).as("raw queue files over SSH (tar), rendered here").hasSize(3);
        batch.forEach((m, bytes) -> assertThat(bytes).isEqualTo(postfix.tool("postcat", "-bh", "-q", m.queueId()).orThrow().stdout()));
        adapter.queue.deleteHeld(held);
        assertThat(postfix.queued()).isZero();
        control.restore(ALICE);
        assertThat(postfix.accessMap()).content().doesNotContain(ALICE.login());
    }

    @Test
    void theSshConnectionDownTheCallFailsNamingTheRelayAndARetryWorksOnceItIsBack() throws Exception {
        Account bob = Account.parse("bob@example.test");
        PolicyRelayControl control = adapter.control(RefusalCode.TEMPORARY);
        control.suspend(ALICE, "a session is open");
        sshd.pause();
        try {
            assertThatThrownBy(() -> control.suspend(bob, "relaying suspended, case RW-22"))
                    .isInstanceOf(MailServerException.class).hasMessageContaining("relay-1");
            // saved and answered by the policy service all the same: the job's retry only has the map left to write
            assertThat(adapter.states.stateOf(bob)).isEqualTo(RelayState.SUSPENDED);
            assertThat(postfix.accessMap()).content().doesNotContain(bob.login());
        } finally {
            sshd.resume();
        }
        control.suspend(bob, "relaying suspended, case RW-22");
        assertThat(postfix.accessMap()).content().contains("bob@example.test 451 4.7.1 relaying suspended, case RW-22");
        control.restore(bob);
        control.restore(ALICE);
    }
}
