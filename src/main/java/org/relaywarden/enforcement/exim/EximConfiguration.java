package org.relaywarden.enforcement.exim;

import org.relaywarden.enforcement.command.CommandRunner;
import org.relaywarden.enforcement.command.CommandRunners;
import org.relaywarden.enforcement.policy.PolicyCoreConfiguration;
import org.relaywarden.enforcement.PolicyJournal;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Wires the Exim adapter when {@code relaywarden.mail-server=exim}: its queue and log ports
 * ({@code MailQueue}, {@code MailLog}) and its durable layer (the suspended-logins files) for the
 * policy core ({@link PolicyCoreConfiguration}), which is the {@code RelayControl} and
 * {@code RelayTraffic}.
 */
@Configuration
@ConditionalOnProperty(name = "relaywarden.mail-server", havingValue = "exim")
@EnableConfigurationProperties(EximProperties.class)
public class EximConfiguration {

    @Bean
    EximRelays eximRelays(EximProperties properties) {
        if (properties.relays().isEmpty()) {
            throw new IllegalStateException("relaywarden.mail-server=exim needs at least one relay under relaywarden.exim.relays");
        }
        List<EximRelay> relays = new ArrayList<>();
        for (Map.Entry<String, EximProperties.RelayProperties> e : properties.relays().entrySet()) {
            relays.add(new EximRelay(e.getKey(), runner(e.getKey(), e.getValue()), e.getValue(), properties.commandTimeout()));
        }
        return new EximRelays(relays);
    }

    private static CommandRunner runner(String name, EximProperties.RelayProperties relay) {
        return CommandRunners.forTransport("relaywarden.exim.relays." + name, relay.transport(), relay.ssh());
    }

    /** Exim's durable layer for the policy core: the relays' suspended-logins files. */
    @Bean
    EximSuspendedLogins eximSuspendedLogins(EximRelays relays) {
        return new EximSuspendedLogins(relays.all());
    }

    @Bean
    EximMailQueue eximMailQueue(EximRelays relays, PolicyJournal counters) {
        return new EximMailQueue(relays.all(), counters);
    }

    @Bean
    EximMailLog eximMailLog(EximRelays relays, PolicyJournal counters) {
        return new EximMailLog(relays.all(), counters);
    }

    /** What the receiving servers answered, from the relays' main logs (the risk's refusal signal). */
    @Bean
    EximReceiverAnswers eximReceiverAnswers(EximRelays relays, PolicyJournal counters) {
        return new EximReceiverAnswers(relays.all(), counters);
    }

    /** The configured relays, closed (SSH sessions) when the application stops. */
    public record EximRelays(List<EximRelay> all) implements AutoCloseable {
        @Override
        public void close() {
            all.forEach(r -> r.runner().close());
        }
    }
}
