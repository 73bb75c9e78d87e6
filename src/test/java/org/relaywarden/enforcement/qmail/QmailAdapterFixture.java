package org.relaywarden.enforcement.qmail;

import org.relaywarden.enforcement.command.CommandRunner;
import org.relaywarden.testsupport.TestDatabase;
import org.relaywarden.enforcement.command.LocalCommandRunner;
import org.relaywarden.enforcement.policy.AccountStates;
import org.relaywarden.enforcement.policy.PolicyDecider;
import org.relaywarden.enforcement.policy.PolicyRelayControl;
import org.relaywarden.enforcement.policy.PolicyServer;
import org.relaywarden.enforcement.policy.RefusalCode;
import org.relaywarden.enforcement.policy.RelayStateRepository;
import org.relaywarden.enforcement.policy.TrafficCounters;
import org.relaywarden.enforcement.qmail.support.QmailLab;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The qmail adapter assembled by hand (no Spring context) around the lab relay: an in-memory
 * database with the relay-state and vpopmail-flag tables, the policy service on the port the lab's
 * queue front asks ({@link QmailLab#POLICY_PORT}), relay control, mail queue and log driving the
 * relay with the local runner.
 */
final class QmailAdapterFixture implements AutoCloseable {

    final QmailLab lab = QmailLab.get();
    final AccountStates states = new AccountStates();
    final TrafficCounters counters = new TrafficCounters(Clock.systemUTC(), "policy-service");
    final JdbcTemplate jdbc;
    final RelayStateRepository repository;
    final QmailRelay relay;
    final VpopmailFlags flags;
    final QmailMailQueue queue;
    final QmailMailLog log;
    final PolicyRelayControl control;
    PolicyServer policy;

    QmailAdapterFixture() {
        this(new LocalCommandRunner());
    }

    /** Driving the relay with this runner (SSH in QmailOverSshTest). */
    QmailAdapterFixture(CommandRunner runner) {
        DriverManagerDataSource ds = TestDatabase.migrated();
        jdbc = new JdbcTemplate(ds);
        repository = new RelayStateRepository(jdbc, new DataSourceTransactionManager(ds), "fixture");
        relay = new QmailRelay("relay-1", runner, QmailLab.QMAIL, QmailLab.VPOPMAIL, lab.sendService(),
                QmailLab.HOLD, QmailLab.QUEUE_TOOL, lab.smtpdLog(), Duration.ofSeconds(120));
        flags = new VpopmailFlags(List.of(relay), jdbc, Clock.systemUTC());
        queue = new QmailMailQueue(List.of(relay));
        log = new QmailMailLog(List.of(relay), counters);
        control = new PolicyRelayControl(states, repository, flags, () -> RefusalCode.TEMPORARY, Clock.systemUTC());
        startPolicy();
    }

    /**
     * Starts the policy service on the lab's fixed port; a port still held for a moment by what listened there before
     * (a test's stand-in endpoint, seen once in CI as "Address already in use") is tried again for up to 10 s.
     */
    void startPolicy() {
        Instant deadline = Instant.now().plusSeconds(10);
        while (true) {
            policy = new PolicyServer(new PolicyDecider(states, counters, () -> RefusalCode.TEMPORARY, Clock.systemUTC()),
                    new InetSocketAddress("127.0.0.1", QmailLab.POLICY_PORT), 50, Duration.ofMinutes(5), Duration.ofSeconds(5));
            try {
                policy.start();
                return;
            } catch (BindException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new UncheckedIOException(e);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ie);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    void stopPolicy() {
        policy.close();
    }

    @Override
    public void close() {
        policy.close();
    }
}
