package org.relaywarden.enforcement.qmail;

import org.relaywarden.enforcement.command.CommandRunner;
import org.relaywarden.enforcement.command.CommandRunners;
import org.relaywarden.enforcement.policy.PolicyCoreConfiguration;
import org.relaywarden.enforcement.PolicyJournal;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Wires the qmail + vpopmail adapter when {@code relaywarden.mail-server=qmail}: its queue and log
 * ports and its durable layer (vpopmail's NO_SMTP flag) for the policy core
 * ({@link PolicyCoreConfiguration}), whose policy service the relays' queue front asks.
 */
@Configuration
@ConditionalOnProperty(name = "relaywarden.mail-server", havingValue = "qmail")
@EnableConfigurationProperties(QmailProperties.class)
public class QmailConfiguration {

    @Bean
    QmailRelays qmailRelays(QmailProperties properties) {
        if (properties.relays().isEmpty()) {
            throw new IllegalStateException("relaywarden.mail-server=qmail needs at least one relay under relaywarden.qmail.relays");
        }
        List<QmailRelay> relays = new ArrayList<>();
        for (Map.Entry<String, QmailProperties.RelayProperties> e : properties.relays().entrySet()) {
            QmailProperties.RelayProperties r = e.getValue();
            relays.add(new QmailRelay(e.getKey(), runner(e.getKey(), r), r.qmailDir(), r.vpopmailDir(), r.sendService(),
                    r.holdDir(), r.queueTool(), r.smtpdLog(), properties.commandTimeout()));
        }
        return new QmailRelays(relays);
    }

    private static CommandRunner runner(String name, QmailProperties.RelayProperties relay) {
        return CommandRunners.forTransport("relaywarden.qmail.relays." + name, relay.transport(), relay.ssh());
    }

    /** qmail's durable layer for the policy core: vpopmail's NO_SMTP flag on every relay. */
    @Bean
    VpopmailFlags qmailVpopmailFlags(QmailRelays relays, JdbcTemplate jdbc, Clock clock) {
        return new VpopmailFlags(relays.all(), jdbc, clock);
    }

    @Bean
    QmailMailQueue qmailMailQueue(QmailRelays relays) {
        return new QmailMailQueue(relays.all());
    }

    @Bean
    QmailMailLog qmailMailLog(QmailRelays relays, PolicyJournal counters) {
        return new QmailMailLog(relays.all(), counters);
    }

    /** The configured relays, closed (SSH sessions) when the application stops. */
    public record QmailRelays(List<QmailRelay> all) implements AutoCloseable {
        @Override
        public void close() {
            all.forEach(r -> r.runner().close());
        }
    }
}
