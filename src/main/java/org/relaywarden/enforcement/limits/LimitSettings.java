package org.relaywarden.enforcement.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Sending limits that the policy service enforces on the request path, per account, in a sliding
 * window. An account's limit is learned from its own history (see {@link LearnedLimits}): the
 * {@code headroom} times the 99th percentile of its hourly volume over {@code history}, never below
 * the floor and never above the ceiling. New accounts start at the floor. A per-account limit
 * configured under {@code relaywarden.detection.accounts} and the allowlist override it.
 *
 * @param enabled           limits on the request path (the rate detector's poll uses the same limits either way)
 * @param window            the sliding window the limits count in (default one hour)
 * @param floorMessages     the lowest message limit (default 750 per hour: far above a person, above a small shop's
 *                          newsletter of a few hundred, below a spam run from a cracked password)
 * @param ceilingMessages   the highest learned message limit (default 20,000 per hour; bulk senders are configured)
 * @param floorRecipients   the lowest recipient limit (default 3,000 per hour)
 * @param ceilingRecipients the highest learned recipient limit (default 100,000 per hour)
 * @param headroom          how far above its own normal an account may go (default 2: twice its 99th percentile hour)
 * @param history           how far back the normal is learned from (default 28 days)
 * @param relearnInterval   how often the learned limits are computed again from the database (default 10 minutes)
 */
@ConfigurationProperties("relaywarden.limits")
public record LimitSettings(Boolean enabled, Duration window, Long floorMessages, Long ceilingMessages,
                            Long floorRecipients, Long ceilingRecipients, Double headroom, Duration history,
                            Duration relearnInterval) {

    public LimitSettings {
        enabled = enabled == null || enabled;
        window = window == null ? Duration.ofHours(1) : window;
        floorMessages = floorMessages == null ? 750 : floorMessages;
        ceilingMessages = ceilingMessages == null ? 20_000 : ceilingMessages;
        floorRecipients = floorRecipients == null ? 3_000 : floorRecipients;
        ceilingRecipients = ceilingRecipients == null ? 100_000 : ceilingRecipients;
        headroom = headroom == null ? 2.0 : headroom;
        history = history == null ? Duration.ofDays(28) : history;
        relearnInterval = relearnInterval == null ? Duration.ofMinutes(10) : relearnInterval;
        if (window.toMillis() < SlidingWindow.BUCKETS * 1000L) {
            throw new IllegalArgumentException("relaywarden.limits.window must be at least one minute");
        }
        if (floorMessages < 1 || ceilingMessages < floorMessages || floorRecipients < 1 || ceilingRecipients < floorRecipients) {
            throw new IllegalArgumentException("relaywarden.limits: floors must be at least 1 and ceilings at least the floors");
        }
        if (headroom < 1.0) {
            throw new IllegalArgumentException("relaywarden.limits.headroom must be at least 1");
        }
    }

    public static LimitSettings defaults() {
        return new LimitSettings(null, null, null, null, null, null, null, null, null);
    }
}
