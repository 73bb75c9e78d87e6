package org.relaywarden.enforcement.policy;

import org.relaywarden.cluster.ClusterSettings;
import org.relaywarden.cluster.Leadership;
import org.relaywarden.cluster.redis.SharedStore;
import org.relaywarden.enforcement.RefusedAttempts;
import org.relaywarden.enforcement.limits.LearnedLimits;
import org.relaywarden.enforcement.limits.OverLimitListener;
import org.relaywarden.enforcement.limits.SendingLimits;
import org.relaywarden.enforcement.risk.AccountProfiles;
import org.relaywarden.enforcement.risk.InMemoryRiskWindows;
import org.relaywarden.enforcement.risk.ReceiverAnswers;
import org.relaywarden.enforcement.risk.ReceiverAnswersFeed;
import org.relaywarden.enforcement.risk.RiskCore;
import org.relaywarden.enforcement.risk.RiskFeedback;
import org.relaywarden.enforcement.risk.RiskListener;
import org.relaywarden.enforcement.risk.RiskSettings;
import org.relaywarden.enforcement.risk.RiskWindows;
import org.relaywarden.enforcement.risk.SharedRiskWindows;
import org.relaywarden.metrics.RelaywardenMetrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The policy core, the same for every mail server ({@code relaywarden.mail-server} postfix, qmail, exim,
 * or the simulated sandbox relay): the relay states and their durable layer ({@link PolicyRelayControl}
 * over the adapter's {@link DurableRefusals}), the counters (the {@code RelayTraffic}), and the decision
 * they all ask ({@link PolicyService}): the real servers over the policy service's socket, the simulated
 * relay in process. An adapter contributes only its {@link DurableRefusals} bean and its queue and log
 * ports; it does not decide.
 * <p>
 * On start the saved relay states are loaded, the durable layers brought in line, and then (for a real
 * mail server) the policy service starts listening.
 */
@Configuration
@ConditionalOnExpression("'${relaywarden.mail-server:sandbox}'.matches('postfix|qmail|exim|sandbox')")
@EnableConfigurationProperties({PolicyProperties.class, RiskSettings.class})
public class PolicyCoreConfiguration {

    /** The cluster's Redis is configured (cluster.redis.RedisConfiguration makes the {@link SharedStore}). */
    static final String REDIS = "!'${relaywarden.redis.url:}'.isBlank()";
    static final String NO_REDIS = "'${relaywarden.redis.url:}'.isBlank()";
    static final String REAL_MAIL_SERVER = "'${relaywarden.mail-server:sandbox}'.matches('postfix|qmail|exim')";

    /** Refuses the start on the keys of earlier versions, which would otherwise be ignored silently. */
    @Bean
    PolicyProperties.Checked policyPropertiesChecked(Environment env, PolicyProperties properties) {
        Binder binder = Binder.get(env);
        if (binder.bind("relaywarden.postfix.policy", Bindable.mapOf(String.class, Object.class)).isBound()
                || binder.bind("relaywarden.postfix.refusal", Bindable.of(String.class)).isBound()) {
            throw new IllegalStateException("relaywarden.postfix.policy.* and relaywarden.postfix.refusal are now "
                    + "relaywarden.policy.* and relaywarden.policy.refusal (environment: RELAYWARDEN_POLICY_BIND, _PORT, "
                    + "_ALLOWED_CLIENTS, _REFUSAL): the policy service serves every mail server; rename the keys");
        }
        properties.allowed();
        properties.refusalCode();
        return new PolicyProperties.Checked();
    }

    @Bean
    AccountStates policyAccountStates() {
        return new AccountStates();
    }

    /**
     * What the policy service counts goes to the account's hourly history (its learned limit) and,
     * in a cluster, to the shared traffic tables.
     */
    @Bean
    TrafficCounters policyTrafficCounters(Clock clock, ObjectProvider<TrafficJournal> journal, LearnedLimits learned,
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
    TrafficJournal policyTrafficJournal(JdbcTemplate jdbc, PlatformTransactionManager tm, ClusterSettings cluster, Clock clock) {
        return new TrafficJournal(jdbc, tm, cluster, clock);
    }

    /** In a cluster, the burst watch and the detectors read every node's counts. */
    @Bean
    @Primary
    @ConditionalOnProperty(name = "relaywarden.cluster.enabled", havingValue = "true")
    SharedRelayTraffic policySharedRelayTraffic(JdbcTemplate jdbc) {
        return new SharedRelayTraffic(jdbc);
    }

    @Bean
    PolicyRelayControl policyRelayControl(AccountStates states, JdbcTemplate jdbc, PlatformTransactionManager tm,
                                          DurableRefusals durable, PolicyProperties p, ClusterSettings cluster, Clock clock) {
        RefusalCode refusal = p.refusalCode();
        return new PolicyRelayControl(states, new RelayStateRepository(jdbc, tm, cluster.nodeId()), durable, () -> refusal,
                clock);
    }

    /**
     * With the cluster's Redis: the counts every node shares (the limit window's totals, transactions, watched accounts),
     * each request's risk observation counted in the same script.
     */
    @Bean
    @ConditionalOnExpression(REDIS)
    SharedCounts policySharedCounts(SharedStore store, Clock clock, SendingLimits limits, SharedRiskWindows risk) {
        return new SharedCounts(store, clock, limits.settings().window(), risk);
    }

    /** With the cluster's Redis: a relay-state change made on one node is followed by every other at once. */
    @Bean(destroyMethod = "close")
    @ConditionalOnExpression(REDIS)
    RelayStateBroadcast policyRelayStateBroadcast(SharedStore store, PolicyRelayControl control) {
        return new RelayStateBroadcast(store, control);
    }

    /** In a cluster, the other nodes' relay-state changes reach this node's policy service within a poll interval. */
    @Bean
    @ConditionalOnProperty(name = "relaywarden.cluster.enabled", havingValue = "true")
    RelayStateFollower policyRelayStateFollower(PolicyRelayControl control, ClusterSettings cluster, Clock clock) {
        return new RelayStateFollower(control, cluster, clock);
    }

    /** Every account's profile, learned from the database on each node and kept in memory. */
    @Bean(initMethod = "start", destroyMethod = "close")
    AccountProfiles riskAccountProfiles(JdbcTemplate jdbc, RiskSettings settings, ClusterSettings cluster, Clock clock) {
        return new AccountProfiles(jdbc, settings, cluster.nodeId(), clock);
    }

    /** The request path's windows of the risk: this node's memory (no Redis configured). */
    @Bean
    @ConditionalOnExpression(NO_REDIS)
    RiskWindows riskWindows() {
        return new InMemoryRiskWindows();
    }

    /** With the cluster's Redis: the risk's windows every node shares (this node's own while Redis is away). */
    @Bean
    @ConditionalOnExpression(REDIS)
    SharedRiskWindows riskSharedWindows(SharedStore store, Leadership leadership) {
        // the receiving servers' answers: every node reads the same relays' logs, the lease holder adds them to Redis
        return new SharedRiskWindows(store, new InMemoryRiskWindows(), SharedCounts.TRANSACTION_TTL.toMillis(),
                leadership::isLeader);
    }

    /**
     * The risk on the request path; it is also the {@link RiskFeedback} the process tells when a reviewer
     * releases held mail. Every {@link RiskListener} bean (the alerts) hears each hold and suspension; a change of an
     * account's relay state lifts the core's own hold.
     */
    @Bean(initMethod = "start", destroyMethod = "close")
    RiskCore riskCore(RiskSettings settings, AccountProfiles profiles, RiskWindows windows,
                      ObjectProvider<RiskListener> listener, RelaywardenMetrics metrics, PolicyRelayControl control, Clock clock) {
        List<RiskListener> listeners = listener.orderedStream().toList();
        RiskCore risk = new RiskCore(settings, profiles, windows, verdict -> listeners.forEach(l -> l.risky(verdict)),
                (verdict, signals) -> metrics.riskVerdict(verdict.level().name(), verdict.score(), signals.keySet()), clock);
        control.onChange(risk::relayStateChanged);
        metrics.riskHeldAccounts(risk::heldAccounts);
        return risk;
    }

    /** Every relay adapter's {@link ReceiverAnswers} (where its log shows them), read every 5 s for the refusal signal. */
    @Bean(destroyMethod = "close")
    ReceiverAnswersFeed riskReceiverAnswersFeed(ObjectProvider<ReceiverAnswers> sources, RiskCore risk) {
        ReceiverAnswersFeed feed = new ReceiverAnswersFeed(sources.orderedStream().toList(), risk);
        feed.start(RECEIVER_ANSWERS_EVERY);
        return feed;
    }

    /** How often the relays' logs are read for the receiving servers' answers. */
    static final Duration RECEIVER_ANSWERS_EVERY = Duration.ofSeconds(5);

    /** The one decision: the saved states loaded and the durable layers brought in line before it answers. */
    @Bean
    PolicyDecider policyDecider(PolicyRelayControl control, AccountStates states, TrafficCounters counters,
                                PolicyProperties p, Clock clock, SendingLimits limits,
                                ObjectProvider<OverLimitListener> overLimit, RefusedAttempts refusedAttempts,
                                RiskCore risk, DurableRefusals durable, ObjectProvider<SharedCounts> shared) {
        control.reload();
        RefusalCode refusal = p.refusalCode();
        refusedAttempts.observedBy("the policy service (" + durable.mailServer() + ")");
        return new PolicyDecider(states, counters, () -> refusal, clock, limits,
                overLimit.getIfAvailable(() -> OverLimitListener.NONE), refusedAttempts, risk, shared.getIfAvailable());
    }

    /** The health check of the policy service and the relays, for the real mail servers' health indicators. */
    @Bean
    @ConditionalOnExpression(REAL_MAIL_SERVER)
    RelayHealth relayHealth(PolicyServer policy) {
        return new RelayHealth(policy);
    }

    /** The policy service the real mail servers ask over TCP (the simulated relay asks the decider in process). */
    @Bean(destroyMethod = "close")
    @ConditionalOnExpression(REAL_MAIL_SERVER)
    PolicyServer policyServer(PolicyDecider decider, PolicyProperties p, PolicyProperties.Checked checked,
                              RelaywardenMetrics metrics) {
        PolicyServer policy = new PolicyServer(decider,
                new InetSocketAddress(p.bindAddress(), p.port()), p.maxConnections(), p.idleTimeout(), p.requestTimeout(),
                metrics::policyAnswer, p.allowed(), p.maxConnectionsPerClient());
        try {
            policy.start();
        } catch (IOException e) {
            throw new UncheckedIOException("policy service cannot listen on " + p.bindAddress() + ":" + p.port(), e);
        }
        return policy;
    }
}
