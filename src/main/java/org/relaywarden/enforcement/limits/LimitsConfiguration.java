package org.relaywarden.enforcement.limits;

import org.relaywarden.cluster.ClusterSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;

/** The sending limits of the policy core, for every mail-server adapter and the rate detector. */
@Configuration
@EnableConfigurationProperties(LimitSettings.class)
public class LimitsConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    LearnedLimits learnedLimits(JdbcTemplate jdbc, LimitSettings settings, ClusterSettings cluster, Clock clock) {
        return new LearnedLimits(jdbc, settings, cluster.nodeId(), clock);
    }

    @Bean
    SendingLimits sendingLimits(LimitSettings settings, LearnedLimits learned, ObjectProvider<LimitOverrides> overrides) {
        return new SendingLimits(settings, learned, overrides.getIfAvailable(() -> LimitOverrides.NONE));
    }
}
