package org.relaywarden.enforcement.exim;

import org.relaywarden.testsupport.Ports;
import org.relaywarden.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.MailLog;
import org.relaywarden.enforcement.QueueName;
import org.relaywarden.enforcement.QueuedMessage;
import org.relaywarden.enforcement.command.SshCommandRunner;
import org.relaywarden.enforcement.exim.support.TestExim;
import org.relaywarden.enforcement.policy.AccountStates;
import org.relaywarden.enforcement.policy.PolicyDecider;
import org.relaywarden.enforcement.policy.PolicyRelayControl;
import org.relaywarden.enforcement.policy.PolicyServer;
import org.relaywarden.enforcement.policy.RefusalCode;
import org.relaywarden.enforcement.policy.RelayStateRepository;
import org.relaywarden.enforcement.policy.TrafficCounters;
import org.relaywarden.testsupport.relay.SmtpTestClient;
import org.relaywarden.testsupport.relay.TestPostfix;
import org.relaywarden.testsupport.relay.TestSshd;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Exim adapter driving a relay over SSH (a real OpenSSH server on loopback): the suspended-logins
 * file, exipick's listing, the spool files' copy, delete; and the evidence from Exim's mainlog
 * ({@code A=plain:LOGIN}), refusals included.
 */
class EximOverSshTest {

    static final Account ALICE = Account.parse("alice@ssh.test");
    static final String PW = "pw-ssh";
    static final AccountStates STATES = new AccountStates();
    static final TrafficCounters COUNTERS = new TrafficCounters(Clock.systemUTC(), "policy-service");
    static PolicyServer policy;
    static TestSshd sshd;
    static TestExim exim;
    static SshCommandRunner ssh;
    static EximRelay relay;
    static PolicyRelayControl control;

    @BeforeAll
    static void start() throws Exception {
        int port = Ports.freePort();
        policy = new PolicyServer(new PolicyDecider(STATES, COUNTERS, () -> RefusalCode.PERMANENT, Clock.systemUTC()),
                new InetSocketAddress("127.0.0.1", port), 50, Duration.ofMinutes(5), Duration.ofSeconds(5));
        policy.start();
        sshd = TestSshd.start();
        exim = TestExim.named("sshrelay").policyService(port).user(ALICE.login(), PW).build().start();
        ssh = new SshCommandRunner("127.0.0.1", sshd.port(), "root", sshd.clientKey(), sshd.knownHosts(), Duration.ofSeconds(20));
        relay = new EximRelay("relay-1", ssh, exim.relayProperties(), Duration.ofSeconds(60));
        DriverManagerDataSource ds = TestDatabase.migrated();
        control = new PolicyRelayControl(STATES, new RelayStateRepository(new JdbcTemplate(ds), new DataSourceTransactionManager(ds),
                "ssh"), new EximSuspendedLogins(List.of(relay)), () -> RefusalCode.PERMANENT, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        TestPostfix.closeAll(null, ssh, exim, sshd, policy);
    }

    @Test
    void suspendsHoldsCopiesAndDeletesOverSshAndReadsTheEvidence() throws Exception {
        Instant since = Instant.now().minusSeconds(2);
        control.suspend(ALICE, "relaying suspended, case RW-21");
        assertThat(exim.suspendedFile()).content().contains("alice@ssh.test: 554 5.7.1 relaying suspended, case RW-21");
        try (SmtpTestClient c = SmtpTestClient.connect(exim.smtpPort(), ALICE.login(), PW)) {
            assertThat(c.mailFrom("a@ssh.test").code()).isEqualTo(250);
            assertThat(c.rcptTo("refused@remote.test").code()).isEqualTo(554);
        }
        control.hold(ALICE, "staged re-enable, case RW-21");
        try (SmtpTestClient c = SmtpTestClient.connect(exim.smtpPort(), ALICE.login(), PW)) {
            for (int i = 0; i < 3; i++) {
                assertThat(c.send("a@ssh.test", "Subject: over ssh " + i + "\n\nbody\n", "r" + i + "@remote.test").code())
                        .isEqualTo(250);
            }
        }
        EximMailQueue queue = new EximMailQueue(List.of(relay), new TrafficCounters(Clock.systemUTC(), "empty"));
        List<QueuedMessage> held = queue.messagesOf(ALICE, EnumSet.of(QueueName.HOLD));
        assertThat(held).hasSize(3).allSatisfy(m -> assertThat(m.relay()).isEqualTo("relay-1"));
        var batch = queue.contents(held);
        assertThat(batch).as("spool files over SSH (tar), rendered here").hasSize(3);
        batch.forEach((m, bytes) -> assertThat(bytes).isEqualTo(exim.exim("-qG" + TestExim.HOLD_QUEUE, "-Mvc", m.queueId())
                .orThrow().stdout()));

        List<MailLog.LogLine> evidence = new EximMailLog(List.of(relay), COUNTERS).excerpts(ALICE, since, 100);
        assertThat(evidence).hasSize(4);
        assertThat(evidence.get(0).text()).contains("A=plain:alice@ssh.test").contains("rejected RCPT <refused@remote.test>: 554 5.7.1");
        assertThat(evidence.subList(1, 4)).allSatisfy(l -> {
            assertThat(l.text()).contains(" <= a@ssh.test ").contains("Q=relaywarden_hold");
            assertThat(l.clientAddress()).isEqualTo("127.0.0.1");
            assertThat(l.relay()).isEqualTo("relay-1");
        });
        assertThat(new EximMailLog(List.of(relay), COUNTERS).excerpts(Account.parse("alice@ssh.tes"), since, 100))
                .as("another login's lines are not evidence").isEmpty();

        queue.deleteHeld(held);
        assertThat(exim.queued(TestExim.HOLD_QUEUE)).isEmpty();
        control.restore(ALICE);
        assertThat(exim.suspendedFile()).content().doesNotContain(ALICE.login());
    }
}
