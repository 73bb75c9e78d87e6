package org.relaywarden.enforcement.postfix;

import org.relaywarden.testsupport.Ports;
import org.relaywarden.testsupport.TestDatabase;
import org.relaywarden.enforcement.policy.AccountStates;
import org.relaywarden.enforcement.policy.RefusalCode;
import org.relaywarden.enforcement.policy.RelayStateRepository;
import org.relaywarden.enforcement.policy.PolicyRelayControl;
import org.relaywarden.enforcement.command.CommandRunner;
import org.relaywarden.enforcement.command.LocalCommandRunner;
import org.relaywarden.enforcement.policy.PolicyDecider;
import org.relaywarden.enforcement.policy.PolicyServer;
import org.relaywarden.enforcement.policy.TrafficCounters;
import org.relaywarden.testsupport.relay.TestPostfix;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Postfix adapter assembled by hand (no Spring context) around one test Postfix: an
 * in-memory database with the adapter's table, the policy service on a free loopback port,
 * relay control and mail queue driving the instance with the local runner.
 */
final class PostfixAdapterFixture implements AutoCloseable {

    final AtomicReference<RefusalCode> refusal = new AtomicReference<>(RefusalCode.TEMPORARY);
    final AccountStates states = new AccountStates();
    final TrafficCounters counters = new TrafficCounters(Clock.systemUTC(), "policy-service");
    final int policyPort = Ports.freePort();
    final RelayStateRepository repository;
    PolicyServer policy;
    PostfixRelay relay;
    PostfixMailQueue queue;

    PostfixAdapterFixture() {
        DriverManagerDataSource ds = TestDatabase.migrated();
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        repository = new RelayStateRepository(jdbc, new DataSourceTransactionManager(ds), "fixture");
        startPolicy();
    }

    void startPolicy() {
        policy = new PolicyServer(new PolicyDecider(states, counters, refusal::get, Clock.systemUTC()),
                new InetSocketAddress("127.0.0.1", policyPort), 50, Duration.ofMinutes(5), Duration.ofSeconds(5));
        try {
            policy.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void stopPolicy() {
        policy.close();
    }

    /** Drives this Postfix instance, with this runner (local unless a test says otherwise). */
    void attach(TestPostfix postfix, CommandRunner runner) {
        relay = new PostfixRelay("relay-1", runner, postfix.configDir(), postfix.accessMap(), Duration.ofSeconds(60));
        queue = new PostfixMailQueue(List.of(relay), counters);
    }

    void attach(TestPostfix postfix) {
        attach(postfix, new LocalCommandRunner());
    }

    /** A relay control that refuses with this code (policy answers follow {@link #refusal}). */
    PolicyRelayControl control(RefusalCode code) {
        refusal.set(code);
        return new PolicyRelayControl(states, repository, new PostfixAccessMaps(List.of(relay)), () -> code, Clock.systemUTC());
    }

    @Override
    public void close() {
        policy.close();
    }
}
