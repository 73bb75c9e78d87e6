package org.relaywarden.enforcement.postfix;

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
 * Wires the Postfix adapter when {@code relaywarden.mail-server=postfix}: its queue and log ports
 * ({@code MailQueue}, {@code MailLog}) and its durable layer (the access maps) for the policy core
 * ({@link PolicyCoreConfiguration}), which is the {@code RelayControl} and {@code RelayTraffic}.
 */
@Configuration
@ConditionalOnProperty(name = "relaywarden.mail-server", havingValue = "postfix")
@EnableConfigurationProperties(PostfixProperties.class)
public class PostfixConfiguration {

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
        return CommandRunners.forTransport("relaywarden.postfix.relays." + name, relay.transport(), relay.ssh());
    }

    /** Postfix's durable layer for the policy core: the relays' access maps. */
    @Bean
    PostfixAccessMaps postfixAccessMaps(PostfixRelays relays) {
        return new PostfixAccessMaps(relays.all());
    }

    @Bean
    PostfixMailQueue postfixMailQueue(PostfixRelays relays, PolicyJournal counters) {
        return new PostfixMailQueue(relays.all(), counters);
    }

    @Bean
    PostfixMailLog postfixMailLog(PostfixRelays relays, PolicyJournal counters) {
        return new PostfixMailLog(relays.all(), counters);
    }

    /** What the receiving servers answered, from the relays' mail logs (the risk's refusal signal). */
    @Bean
    PostfixReceiverAnswers postfixReceiverAnswers(PostfixRelays relays, PolicyJournal counters) {
        return new PostfixReceiverAnswers(relays.all(), counters);
    }

    /** The configured relays, closed (SSH sessions) when the application stops. */
    public record PostfixRelays(List<PostfixRelay> all) implements AutoCloseable {
        @Override
        public void close() {
            all.forEach(r -> r.runner().close());
        }
    }
}
