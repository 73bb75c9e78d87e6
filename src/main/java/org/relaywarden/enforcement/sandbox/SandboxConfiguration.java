package org.relaywarden.enforcement.sandbox;

import org.relaywarden.enforcement.RelayControl;
import org.relaywarden.enforcement.policy.PolicyService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;

/**
 * Wires the sandbox mail server, a simulated relay, when {@code relaywarden.mail-server=sandbox} (the default):
 * its queue and log ports, and its durable layer (the state table) for the policy core, which is the
 * {@code RelayControl} and {@code RelayTraffic} and decides every simulated message as it does a real one.
 */
@Configuration
@ConditionalOnProperty(name = "relaywarden.mail-server", havingValue = "sandbox", matchIfMissing = true)
public class SandboxConfiguration {

    /** The simulated relay's durable layer for the policy core. */
    @Bean
    SandboxStateTable sandboxStateTable(JdbcTemplate jdbc, Clock clock) {
        return new SandboxStateTable(jdbc, clock);
    }

    @Bean
    SandboxMailServer sandboxMailServer(Clock clock, PolicyService policy, RelayControl relays) {
        return new SandboxMailServer(clock, policy, relays::stateOf);
    }
}
