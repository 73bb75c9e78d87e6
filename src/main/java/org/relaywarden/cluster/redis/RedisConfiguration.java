package org.relaywarden.cluster.redis;

import io.micrometer.core.instrument.MeterRegistry;
import org.relaywarden.cluster.ClusterSettings;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The cluster's Redis, only when {@code relaywarden.redis.url} is set (Spring Boot's own Redis
 * auto-configuration needs Spring Data Redis, which is not on the classpath: nothing else connects).
 */
@Configuration
@EnableConfigurationProperties(RedisSettings.class)
@ConditionalOnExpression("!'${relaywarden.redis.url:}'.isBlank()")
public class RedisConfiguration {

    /** Redis away: the node answers and counts on its own; shown, not a failure of the node (HTTP 200). */
    public static final Status DEGRADED = new Status("DEGRADED", "Redis away: this node counts on its own");

    @Bean(initMethod = "start", destroyMethod = "close")
    SharedStore sharedStore(RedisSettings settings, ClusterSettings cluster, MeterRegistry registry) {
        return new SharedStore(settings, cluster.nodeId(), registry);
    }

    @Bean
    OnceClaims onceClaims(SharedStore store) {
        return new OnceClaims(store);
    }

    /** {@code redis} in {@code /actuator/health}: UP while counts are shared, DEGRADED while this node counts alone. */
    @Bean
    HealthIndicator redisHealthIndicator(SharedStore store) {
        return () -> store.available() ? Health.up().build()
                : Health.status(DEGRADED).withDetail("reason", String.valueOf(store.unavailableReason()))
                .withDetail("meanwhile", "limits and the risk's windows per node, burst watch on the lease holder from the database's counts").build();
    }
}
