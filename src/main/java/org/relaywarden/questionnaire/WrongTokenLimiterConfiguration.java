package org.relaywarden.questionnaire;

import org.relaywarden.cluster.ClusterSettings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;

/** The wrong-token limit in memory on a single node, in the database in a cluster. */
@Configuration
class WrongTokenLimiterConfiguration {

    @Bean
    WrongTokenLimiter wrongTokenLimiter(@Value("${relaywarden.questionnaire.wrong-tokens-per-window:20}") int limit,
                                        @Value("${relaywarden.questionnaire.wrong-token-window:PT10M}") Duration window,
                                        Clock clock, ClusterSettings cluster, JdbcTemplate jdbc) {
        return cluster.enabled() ? new SharedWrongTokenLimiter(limit, window, clock, jdbc) : new WrongTokenLimiter(limit, window, clock);
    }
}
