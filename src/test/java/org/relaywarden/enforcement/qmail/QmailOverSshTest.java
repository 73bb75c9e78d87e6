package org.relaywarden.enforcement.qmail;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.QueuedMessage;
import org.relaywarden.enforcement.command.SshCommandRunner;
import org.relaywarden.testsupport.relay.SmtpTestClient;
import org.relaywarden.testsupport.relay.TestSshd;
import org.relaywarden.enforcement.qmail.support.QmailLab;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The qmail adapter driving the relay over SSH (a real OpenSSH server on loopback): flag, states file, hold folder. */
class QmailOverSshTest {

    static final Account KUNDE = Account.parse(QmailLab.KUNDE);
    static TestSshd sshd;
    static SshCommandRunner ssh;
    static QmailAdapterFixture adapter;

    @BeforeAll
    static void start() {
        sshd = TestSshd.start();
        ssh = new SshCommandRunner("127.0.0.1", sshd.port(), "root", sshd.clientKey(), sshd.knownHosts(), Duration.ofSeconds(20));
        adapter = new QmailAdapterFixture(ssh);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[]{adapter, ssh, sshd}) {
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
    void suspendsHoldsListsCopiesAndDeletesOverSsh() {
        QmailLab lab = adapter.lab;
        adapter.control.suspend(KUNDE, "relaying suspended, case RW-20");
        assertThat(lab.flagsOf(QmailLab.KUNDE) & VpopmailFlags.NO_SMTP).isNotZero();
        adapter.control.hold(KUNDE, "staged re-enable, case RW-20");
        assertThat(lab.flagsOf(QmailLab.KUNDE) & VpopmailFlags.NO_SMTP).isZero();
        try (SmtpTestClient kunde = SmtpTestClient.connect(QmailLab.SMTP_PORT, QmailLab.KUNDE, QmailLab.KUNDE_PW)) {
            assertThat(kunde.send(QmailLab.KUNDE, "Subject: over-ssh-held\n\nheld\n", "r@remote.test").code()).isEqualTo(250);
        }
        List<QueuedMessage> held = adapter.queue.messagesOf(KUNDE, EnumSet.of(QueueName.HOLD));
        assertThat(held).hasSize(1);
        assertThat(new String(adapter.queue.content(held.get(0)), StandardCharsets.UTF_8)).contains("Subject: over-ssh-held");
        adapter.queue.deleteHeld(held);
        assertThat(adapter.queue.messagesOf(KUNDE, EnumSet.of(QueueName.HOLD))).isEmpty();
        adapter.control.restore(KUNDE);
        assertThat(lab.flagsOf(QmailLab.KUNDE)).isZero();
        assertThat(adapter.relay.runner().describe()).startsWith("ssh://");
        assertThat(lab.sinkCount("over-ssh-held")).isZero();
    }
}
