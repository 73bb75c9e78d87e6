package org.relaywarden.enforcement.sandbox;

import org.relaywarden.enforcement.RefusedAttempts;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Clock;

/**
 * Wires the sandbox mail server (simulated; its relay states in the database) as every mail-server port. Active when
 * {@code relaywarden.mail-server=sandbox}, which is the default.
 */
@Configuration
@ConditionalOnProperty(name = "relaywarden.mail-server", havingValue = "sandbox", matchIfMissing = true)
public class SandboxConfiguration {

    @Bean
    SandboxMailServer sandboxMailServer(Clock clock, RefusedAttempts refusedAttempts, JdbcTemplate jdbc,
                                        PlatformTransactionManager tm) {
        refusedAttempts.observedBy("the sandbox mail server");
        return new SandboxMailServer(clock, refusedAttempts, new SandboxRelayStates.Jdbc(jdbc, tm));
    }
}
