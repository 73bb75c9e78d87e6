package org.relaywarden.enforcement.postfix;

import org.relaywarden.cluster.ClusterSettings;
import org.relaywarden.enforcement.RefusedAttempts;
import org.relaywarden.enforcement.limits.LearnedLimits;
import org.relaywarden.enforcement.limits.OverLimitListener;
import org.relaywarden.enforcement.limits.SendingLimits;
import org.relaywarden.enforcement.postfix.command.CommandRunner;
import org.relaywarden.enforcement.postfix.command.LocalCommandRunner;
import org.relaywarden.enforcement.postfix.command.SshCommandRunner;
import org.relaywarden.enforcement.postfix.policy.PolicyDecider;
import org.relaywarden.enforcement.postfix.policy.PolicyServer;
import org.relaywarden.enforcement.postfix.policy.TrafficCounters;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Wires the Postfix adapter as every mail-server port ({@code RelayControl}, {@code MailQueue},
 * {@code MailLog}, {@code RelayTraffic}) when {@code relaywarden.mail-server=postfix}.
 * On start the saved relay states are loaded, the access maps brought in line, and then the
 * policy service starts listening.
 */
@Configuration
@ConditionalOnProperty(name = "relaywarden.mail-server", havingValue = "postfix")
@EnableConfigurationProperties(PostfixProperties.class)
public class PostfixConfiguration {

    @Bean
    AccountStates postfixAccountStates() {
        return new AccountStates();
    }

    /**
     * What the policy service counts goes to the account's hourly history (its learned limit) and,
     * in a cluster, to the shared traffic tables.
     */
    @Bean
    TrafficCounters postfixTrafficCounters(Clock clock, ObjectProvider<TrafficJournal> journal, LearnedLimits learned,
                                           SendingLimits limits) {
        TrafficJournal shared = journal.getIfAvailable();
        TrafficCounters.Listener history = (account, at, messages, recipients, client) ->
                learned.record(account, at, messages, recipients);
        TrafficCounters.Listener listener = shared == null ? history : (account, at, messages, recipients, client) -> {
            history.counted(account, at, messages, recipients, client);
            shared.counted(account, at, messages, recipients, client);
        };
        return new TrafficCounters(clock, "policy-service", listener, limits.settings().window());
    }

    /** In a cluster, what this node's policy service counts is written to the database for all nodes. */
    @Bean
    @ConditionalOnProperty(name = "relaywarden.cluster.enabled", havingValue = "true")
    TrafficJournal postfixTrafficJournal(JdbcTemplate jdbc, PlatformTransactionManager tm, ClusterSettings cluster, Clock clock) {
        return new TrafficJournal(jdbc, tm, cluster, clock);
    }

    /** In a cluster, the burst watch and the detectors read every node's counts. */
    @Bean
    @Primary
    @ConditionalOnProperty(name = "relaywarden.cluster.enabled", havingValue = "true")
    SharedRelayTraffic postfixSharedRelayTraffic(JdbcTemplate jdbc) {
        return new SharedRelayTraffic(jdbc);
    }

    @Bean
    PostfixRelays postfixRelays(PostfixProperties properties) {
        if (properties.relays().isEmpty()) {
            throw new IllegalStateException("relaywarden.mail-server=postfix needs at least one relay under relaywarden.postfix.relays");
        }
        List<PostfixRelay> relays = new ArrayList<>();
        for (Map.Entry<String, PostfixProperties.RelayProperties> e : properties.relays().entrySet()) {
            relays.add(new PostfixRelay(e.getKey(), runner(e.getKey(), e.getValue()), e.getValue().configDir(),
                    e.getValue().accessMap(), e.getValue().maillog(), properties.commandTimeout()));
        }
        return new PostfixRelays(relays);
    }

    private static CommandRunner runner(String name, PostfixProperties.RelayProperties relay) {
        return switch (relay.transport()) {
            case "local" -> new LocalCommandRunner();
            case "ssh" -> {
                PostfixProperties.SshProperties ssh = relay.ssh();
                if (ssh == null) {
                    throw new IllegalStateException("relay " + name + ": transport ssh needs relaywarden.postfix.relays." + name + ".ssh.*");
                }
                yield new SshCommandRunner(ssh.host(), ssh.port(), ssh.user(), ssh.privateKey(), ssh.knownHosts(),
                        ssh.connectTimeout());
            }
            default -> throw new IllegalStateException("relay " + name + ": transport must be local or ssh");
        };
    }

    @Bean
    PostfixRelayControl postfixRelayControl(AccountStates states, JdbcTemplate jdbc, PlatformTransactionManager tm,
                                            PostfixRelays relays, PostfixProperties properties, ClusterSettings cluster,
                                            Clock clock) {
        return new PostfixRelayControl(states, new RelayStateRepository(jdbc, tm, cluster.nodeId()), relays.all(),
                properties.refusalCode(), clock);
    }

    /** In a cluster, the other nodes' relay-state changes reach this node's policy service within a poll interval. */
    @Bean
    @ConditionalOnProperty(name = "relaywarden.cluster.enabled", havingValue = "true")
    RelayStateFollower postfixRelayStateFollower(PostfixRelayControl control, ClusterSettings cluster, Clock clock) {
        return new RelayStateFollower(control, cluster, clock);
    }

    @Bean
    PostfixMailQueue postfixMailQueue(PostfixRelays relays, TrafficCounters counters) {
        return new PostfixMailQueue(relays.all(), counters);
    }

    @Bean
    PostfixMailLog postfixMailLog(PostfixRelays relays, TrafficCounters counters) {
        return new PostfixMailLog(relays.all(), counters);
    }

    @Bean(destroyMethod = "close")
    PolicyServer postfixPolicyServer(PostfixRelayControl control, AccountStates states, TrafficCounters counters,
                                     PostfixProperties properties, Clock clock,
                                     org.relaywarden.metrics.RelaywardenMetrics metrics, SendingLimits limits,
                                     ObjectProvider<OverLimitListener> overLimit, RefusedAttempts refusedAttempts) {
        control.reload();
        PostfixProperties.PolicyProperties p = properties.policy();
        RefusalCode refusal = properties.refusalCode();
        refusedAttempts.observedBy("the Postfix policy service");
        PolicyServer server = new PolicyServer(new PolicyDecider(states, counters, () -> refusal, clock, limits,
                        overLimit.getIfAvailable(() -> OverLimitListener.NONE), refusedAttempts),
                new InetSocketAddress(p.bindAddress(), p.port()), p.maxConnections(), p.idleTimeout(), p.requestTimeout(),
                metrics::policyAnswer, p.allowed(), p.maxConnectionsPerClient());
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("policy service cannot listen on " + p.bindAddress() + ":" + p.port(), e);
        }
        return server;
    }

    /** The configured relays, closed (SSH sessions) when the application stops. */
    public record PostfixRelays(List<PostfixRelay> all) implements AutoCloseable {
        @Override
        public void close() {
            all.forEach(r -> r.runner().close());
        }
    }
}
