package org.relaywarden.cluster.redis;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.relaywarden.cluster.ClusterSettings;
import org.relaywarden.testsupport.Await;
import org.relaywarden.testsupport.RedisServer;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis is used only when {@code relaywarden.redis.url} is set: without it no connection, no bean; with it the
 * store, the claims, the health indicator ({@code DEGRADED} while Redis is away, UP again after) and the gauge.
 */
class RedisConfigurationTest {

    final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(RedisConfiguration.class)
            .withBean(ClusterSettings.class, () -> new ClusterSettings(true, "n1", Duration.ofSeconds(30), Duration.ofMillis(250),
                    Duration.ofMinutes(5), Duration.ofMillis(200)))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @Test
    void withoutAUrlThereIsNoRedis() {
        context.run(c -> {
            assertThat(c).hasNotFailed();
            assertThat(c).doesNotHaveBean(SharedStore.class).doesNotHaveBean(OnceClaims.class).doesNotHaveBean(HealthIndicator.class);
        });
        context.withPropertyValues("relaywarden.redis.url=").run(c -> assertThat(c).doesNotHaveBean(SharedStore.class));
    }

    @Test
    void withAUrlTheStoreItsHealthAndItsGauge() {
        try (RedisServer redis = RedisServer.startNew()) {
            context.withPropertyValues("relaywarden.redis.url=" + redis.url(), "relaywarden.redis.retry-interval=PT0.2S").run(c -> {
                assertThat(c).hasNotFailed().hasSingleBean(SharedStore.class).hasSingleBean(OnceClaims.class);
                HealthIndicator health = c.getBean("redisHealthIndicator", HealthIndicator.class);
                SharedStore store = c.getBean(SharedStore.class);
                MeterRegistry registry = c.getBean(MeterRegistry.class);
                Await.until("connected", Duration.ofSeconds(20), store::available);
                assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                assertThat(registry.get("relaywarden.redis.available").gauge().value()).isEqualTo(1.0);
                redis.kill();
                String pong = store.call(r -> r.ping());
                assertThat(pong).as("no answer from a dead Redis").isNull();
                assertThat(health.health().getStatus()).isEqualTo(RedisConfiguration.DEGRADED);
                assertThat(health.health().getDetails()).containsKey("reason");
                assertThat(registry.get("relaywarden.redis.available").gauge().value()).isZero();
                assertThat(registry.get("relaywarden.redis.breaker.openings").counter().count()).isEqualTo(1.0);
                redis.start();
                Await.until("Redis used again", Duration.ofSeconds(20), store::available);
                assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            });
        }
    }
}
