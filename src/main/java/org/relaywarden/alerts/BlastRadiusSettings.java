package org.relaywarden.alerts;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The blast-radius guard: once {@code maxCases} cases were opened (and not held) in the last {@code window}, from
 * one alert source or from all sources together, further new cases wait for an operator's confirmation before
 * relaying is suspended. {@code maxCases} 0 or less turns the guard off.
 *
 * @param maxCases       new suspensions allowed per window, per source and overall (default 20)
 * @param window         the sliding window (default 10 minutes)
 * @param maxCasesTotal  the overall limit, if it should differ from the per-source one (default: {@code maxCases})
 */
@ConfigurationProperties("relaywarden.alerts.blast-radius")
public record BlastRadiusSettings(Integer maxCases, Duration window, Integer maxCasesTotal) {
    public BlastRadiusSettings {
        maxCases = maxCases == null ? 20 : maxCases;
        window = window == null ? Duration.ofMinutes(10) : window;
        maxCasesTotal = maxCasesTotal == null ? maxCases : maxCasesTotal;
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("relaywarden.alerts.blast-radius.window must be positive: " + window);
        }
    }

    boolean enabled() {
        return maxCases > 0;
    }
}
