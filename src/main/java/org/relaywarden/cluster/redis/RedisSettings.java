package org.relaywarden.cluster.redis;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The Redis that the nodes of a cluster share their policy windows, transactions and burst claims in
 * ({@code relaywarden.redis.*}). Off unless {@code url} is set: a single node and
 * {@code mvn spring-boot:run} need no Redis.
 *
 * @param url           {@code redis://[:password@]host:port[/db]} (Lettuce's URI syntax; {@code rediss://} for TLS);
 *                      empty: no Redis, every node counts on its own
 * @param timeout       how long a command may take before the node stops waiting and counts on its own
 * @param retryInterval while Redis is away, how often the node tries it again
 * @param keyPrefix     put before every key (several installations on one Redis)
 */
@ConfigurationProperties("relaywarden.redis")
public record RedisSettings(
        @DefaultValue("") String url,
        @DefaultValue("PT0.1S") Duration timeout,
        @DefaultValue("PT1S") Duration retryInterval,
        @DefaultValue("rw:") String keyPrefix) {

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9:._-]{0,32}");

    public RedisSettings {
        if (!PREFIX.matcher(keyPrefix).matches()) {
            throw new IllegalArgumentException("relaywarden.redis.key-prefix must be at most 32 letters, digits or ':._-': " + keyPrefix);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("relaywarden.redis.timeout must be positive");
        }
    }

    public boolean enabled() {
        return url != null && !url.isBlank();
    }
}
