package org.relaywarden.detection;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Map;

/**
 * Thresholds of the built-in detectors, globally and per account.
 *
 * @param deferred the deferred-queue detector (the seed's signal: an account's mail piling up deferred)
 * @param rate     the rate detector, from the policy service's counters
 * @param accounts per SASL login: {@code allowlisted: true} (never limited nor alerted on) or limits for
 *                 known bulk senders; unset values fall back to the learned ones
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
        rate = rate == null ? new Rate(null, null, null) : rate;
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
     * The rate detector: a safety net behind the limits on the request path. Every {@code interval}
     * it compares each account's messages and recipients in the limit window with the account's
     * limit ({@code relaywarden.limits.*}, the same limits the policy service enforces), and its
     * distinct client addresses per hour with {@code distinctClients}.
     *
     * @param distinctClients client addresses per hour (default 5: one login used from many places is a cracked password)
     */
    public record Rate(Boolean enabled, Duration interval, Integer distinctClients) {
        public Rate {
            enabled = enabled == null || enabled;
            interval = interval == null ? Duration.ofSeconds(15) : interval;
            distinctClients = distinctClients == null ? 5 : distinctClients;
        }
    }

    /**
     * @param messages   messages per limit window ({@code relaywarden.limits.window}, an hour by default),
     *                   instead of the learned limit
     * @param recipients recipients per limit window, instead of the learned limit
     */
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
