package org.relaywarden.cluster;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;

/** A lease in the database when several nodes share it, otherwise a node that always leads. */
@Configuration
class ClusterConfiguration {

    @Bean
    Leadership leadership(ClusterSettings settings, JdbcTemplate jdbc, Clock clock) {
        return settings.enabled() ? new DatabaseLeadership(jdbc, settings, clock) : new SingleNodeLeadership(settings.nodeId());
    }
}
