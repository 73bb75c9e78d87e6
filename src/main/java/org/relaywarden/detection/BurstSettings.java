package org.relaywarden.detection;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * When a re-enabled account counts as bursting.
 *
 * @param stagedThreshold    submissions since the staged re-enable began that count as a burst (the
 *                           seed's customer flushed hundreds within seconds; a cleaned-up server sends a few)
 * @param probationThreshold submissions within {@code probationWindow} during probation that count as a burst
 * @param probationWindow    the sliding window of the probation threshold
 * @param pollInterval       how often the burst watch reads the cases in a staged re-enable or on probation from the
 *                           case store (and checks their counts)
 * @param countInterval      how often it checks those cases' counts in between, from memory (the refusal follows
 *                           within this much of the threshold's message)
 */
@ConfigurationProperties("relaywarden.detection.burst")
public record BurstSettings(Integer stagedThreshold, Integer probationThreshold, Duration probationWindow,
                            Duration pollInterval, Duration countInterval) {
    public BurstSettings {
        stagedThreshold = stagedThreshold == null ? 20 : stagedThreshold;
        probationThreshold = probationThreshold == null ? 100 : probationThreshold;
        probationWindow = probationWindow == null ? Duration.ofHours(1) : probationWindow;
        pollInterval = pollInterval == null ? Duration.ofMillis(250) : pollInterval;
        countInterval = countInterval == null ? Duration.ofMillis(25) : countInterval;
    }
}
