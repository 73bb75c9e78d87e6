package org.relaywarden.detection;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Map;

/**
 * Thresholds of the built-in detectors, globally and per account.
 *
 * @param deferred the deferred-queue detector (the seed's signal: an account's mail piling up deferred)
 * @param rate     the rate detector, from the policy service's counters
 * @param accounts per SASL login: {@code allowlisted: true} (never alerted on) or raised limits for
 *                 known bulk senders; unset values fall back to the global ones
 * @param quietPeriod how long after a case closed with the account ACTIVE (a false positive) no built-in
 *                 detector opens a case for the account (default 24 hours); after it the account's limits are
 *                 raised to what it was seen sending ({@link AccountAllowances})
 * @param allowanceRefresh how often each node reloads the quiet periods and raised limits from the
 *                 database (default 10 s), and the leader raises the limits of quiet periods that are over
 */
@ConfigurationProperties("relaywarden.detection")
public record DetectionSettings(Deferred deferred, Rate rate, Map<String, AccountLimits> accounts, Duration quietPeriod,
                                Duration allowanceRefresh) {

    public DetectionSettings {
        deferred = deferred == null ? new Deferred(null, null, null) : deferred;
        rate = rate == null ? new Rate(null, null, null, null, null, null) : rate;
        accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
        quietPeriod = quietPeriod == null ? Duration.ofHours(24) : quietPeriod;
        allowanceRefresh = allowanceRefresh == null ? Duration.ofSeconds(10) : allowanceRefresh;
    }

    /**
     * @param threshold deferred messages of one account on one relay that raise an alert (default 100:
     *                  a person's mail program rarely has more than a handful deferred; the seed's customer had thousands)
     */
    public record Deferred(Boolean enabled, Duration interval, Integer threshold) {
        public Deferred {
            enabled = enabled == null || enabled;
            interval = interval == null ? Duration.ofMinutes(1) : interval;
            threshold = threshold == null ? 100 : threshold;
        }
    }

    /**
     * @param messages        messages per {@code window} (default 200 in 5 minutes: far above a person, far below a spam run)
     * @param recipients      recipients per {@code window} (default 1000 in 5 minutes)
     * @param distinctClients client addresses per hour (default 5: one login used from many places is a cracked password)
     */
    public record Rate(Boolean enabled, Duration interval, Duration window, Integer messages, Integer recipients,
                       Integer distinctClients) {
        public Rate {
            enabled = enabled == null || enabled;
            interval = interval == null ? Duration.ofSeconds(15) : interval;
            window = window == null ? Duration.ofMinutes(5) : window;
            messages = messages == null ? 200 : messages;
            recipients = recipients == null ? 1000 : recipients;
            distinctClients = distinctClients == null ? 5 : distinctClients;
        }
    }

    public record AccountLimits(Boolean allowlisted, Integer deferred, Integer messages, Integer recipients,
                                Integer distinctClients) {
    }

    AccountLimits limitsOf(String login) {
        return accounts.getOrDefault(login, new AccountLimits(false, null, null, null, null));
    }

    boolean allowlisted(String login) {
        return Boolean.TRUE.equals(limitsOf(login).allowlisted());
    }

    static int pick(Integer own, int global) {
        return own == null ? global : own;
    }
}
