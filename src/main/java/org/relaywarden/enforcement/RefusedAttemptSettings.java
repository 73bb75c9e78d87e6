package org.relaywarden.enforcement;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How refused attempts are kept ({@code relaywarden.refused-attempts.*}).
 *
 * @param flushInterval how often what the relays refused is written to the database (in batches, off the request path)
 * @param retention     how long refused attempts are kept
 * @param maxPending    attempts kept in memory while the database is away; beyond it new ones are dropped (and logged)
 */
@ConfigurationProperties("relaywarden.refused-attempts")
public record RefusedAttemptSettings(@DefaultValue("PT1S") Duration flushInterval,
                                     @DefaultValue("P30D") Duration retention,
                                     @DefaultValue("100000") int maxPending) {
}
