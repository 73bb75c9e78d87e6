package org.relaywarden.enforcement.exim;

import org.relaywarden.testsupport.Ports;
import org.relaywarden.testsupport.Await;
import org.relaywarden.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relaywarden.account.Account;
import org.relaywarden.enforcement.RelayState;
import org.relaywarden.enforcement.command.LocalCommandRunner;
import org.relaywarden.enforcement.exim.support.TestExim;
import org.relaywarden.enforcement.policy.AccountStates;
import org.relaywarden.enforcement.policy.PolicyDecider;
import org.relaywarden.enforcement.policy.PolicyRelayControl;
import org.relaywarden.enforcement.policy.PolicyServer;
import org.relaywarden.enforcement.policy.RefusalCode;
import org.relaywarden.enforcement.policy.RelayStateRepository;
import org.relaywarden.enforcement.policy.TrafficCounters;
import org.relaywarden.testsupport.relay.SmtpSink;
import org.relaywarden.testsupport.relay.SmtpTestClient;
import org.relaywarden.testsupport.relay.TestPostfix;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The policy core's relay control over Exim's durable layer ({@link EximSuspendedLogins}) and a real
 * Exim with the ACL of {@code docs/exim.md}: a suspension reaches an open session at its next RCPT
 * (policy service) and, with Relaywarden down, every new session (the file); a hold goes to the hold
 * queue; a restore relays again. A reason with a line break cannot add a line to the file.
 */
class EximRelayControlTest {

    static final Account ALICE = Account.parse("alice@control.test");
    static final Account BOB = Account.parse("bob@control.test");
    static final String PW = "pw-control";

    final AccountStates states = new AccountStates();
    final TrafficCounters counters = new TrafficCounters(Clock.systemUTC(), "policy-service");
    RelayStateRepository repository;
    PolicyServer policy;
    SmtpSink sink;
    TestExim exim;
    PolicyRelayControl control;

    @BeforeEach
    void setUp() throws IOException {
        DriverManagerDataSource ds = TestDatabase.migrated();
        repository = new RelayStateRepository(new JdbcTemplate(ds), new DataSourceTransactionManager(ds), "test");
        int port = Ports.freePort();
        policy = new PolicyServer(new PolicyDecider(states, counters, () -> RefusalCode.TEMPORARY, Clock.systemUTC()),
                new InetSocketAddress("127.0.0.1", port), 50, Duration.ofMinutes(5), Duration.ofSeconds(5));
        policy.start();
        sink = SmtpSink.start();
        exim = TestExim.named("control").relayTo(sink.port()).policyService(port).user(ALICE.login(), PW).user(BOB.login(), PW)
                .build().start();
        EximRelay relay = new EximRelay("relay-1", new LocalCommandRunner(), exim.relayProperties(), Duration.ofSeconds(60));
        control = new PolicyRelayControl(states, repository, new EximSuspendedLogins(List.of(relay)), () -> RefusalCode.TEMPORARY,
                Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        TestPostfix.closeAll(null, exim, sink, policy);
    }

    @Test
    void suspendedInAnOpenSessionAndStillRefusedWithRelaywardenDown() throws IOException {
        try (SmtpTestClient alice = SmtpTestClient.connect(exim.smtpPort(), ALICE.login(), PW)) {
            assertThat(alice.send("alice@control.test", "Subject: first\n\nok\n", "x@remote.test").code()).isEqualTo(250);
            control.suspend(ALICE, "relaying suspended, case RW-10\nbob@control.test: 554 5.7.1 injected");
            assertThat(control.stateOf(ALICE)).isEqualTo(RelayState.SUSPENDED);
            assertThat(alice.mailFrom("alice@control.test").code()).isEqualTo(250);
            SmtpTestClient.Reply r = alice.rcptTo("y@remote.test");
            assertThat(r.code()).isEqualTo(451);
            // Exim folds a long reply into lines at ": " (the client reads them all); the log has it whole
            assertThat(exim.mainlog()).contains("rejected RCPT <y@remote.test>: 451 4.7.1 relaying suspended, case RW-10 ");
        }
        List<String> file = Files.readAllLines(exim.suspendedFile());
        assertThat(file).filteredOn(l -> !l.startsWith("#")).hasSize(1);
        assertThat(file).filteredOn(l -> !l.startsWith("#")).first().asString()
                .startsWith("alice@control.test: 451 4.7.1 relaying suspended, case RW-10");
        assertThat(Files.getPosixFilePermissions(exim.suspendedFile()).toString()).contains("OTHERS_READ");

        policy.close(); // Relaywarden down
        try (SmtpTestClient alice = SmtpTestClient.connect(exim.smtpPort(), ALICE.login(), PW)) {
            assertThat(alice.mailFrom("alice@control.test").code()).isEqualTo(250);
            assertThat(alice.rcptTo("y@remote.test").code()).isEqualTo(451);
        }
        try (SmtpTestClient bob = SmtpTestClient.connect(exim.smtpPort(), BOB.login(), PW)) {
            assertThat(bob.send("bob@control.test", "Subject: bob\n\nok\n", "z@remote.test").code())
                    .as("the injected line is no entry").isEqualTo(250);
        }
        assertThat(Await.within(Duration.ofSeconds(20), () -> sink.count("Subject: bob") == 1)).isTrue();
    }

    @Test
    void heldWhileDownGoesToTheHoldQueueAndRestoredRelays() throws IOException {
        control.hold(ALICE, "staged re-enable, case RW-11");
        assertThat(Files.readString(exim.suspendedFile())).contains("alice@control.test: HOLD staged re-enable, case RW-11\n");
        policy.close(); // the file alone holds
        try (SmtpTestClient alice = SmtpTestClient.connect(exim.smtpPort(), ALICE.login(), PW)) {
            assertThat(alice.send("alice@control.test", "Subject: held\n\nok\n", "x@remote.test").code()).isEqualTo(250);
        }
        assertThat(exim.queued(TestExim.HOLD_QUEUE)).hasSize(1);
        control.restore(ALICE);
        assertThat(Files.readAllLines(exim.suspendedFile())).allMatch(l -> l.startsWith("#"));
        try (SmtpTestClient alice = SmtpTestClient.connect(exim.smtpPort(), ALICE.login(), PW)) {
            assertThat(alice.send("alice@control.test", "Subject: restored\n\nok\n", "x@remote.test").code()).isEqualTo(250);
        }
        assertThat(Await.within(Duration.ofSeconds(20), () -> sink.count("Subject: restored") == 1)).isTrue();
        assertThat(sink.count("Subject: held")).isZero();
    }
}
