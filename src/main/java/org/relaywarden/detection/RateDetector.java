package org.relaywarden.detection;

import org.relaywarden.account.Account;
import org.relaywarden.cluster.Leadership;
import org.relaywarden.enforcement.RelayTraffic;
import org.relaywarden.enforcement.limits.Limit;
import org.relaywarden.enforcement.limits.SendingLimits;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The safety net behind the limits on the request path: from the relays' traffic counters,
 * messages and recipients per account in the limit window against the account's limit (the
 * same {@link SendingLimits} the policy service enforces), and distinct client addresses per
 * account per hour (a cracked password used from many places). Above one, an alert from source
 * {@code rate-detector}. A limit raised after a false positive ({@link AccountAllowances}) comes in
 * through the same limits; during an account's quiet period what it sends per window is reported to
 * the allowances.
 */
@Component
public class RateDetector {

    static final String SOURCE = "rate-detector";

    private final RelayTraffic traffic;
    private final DetectionSettings settings;
    private final DetectorAlerts alerts;
    private final Clock clock;
    private final Leadership leadership;
    private final SendingLimits limits;
    private final AccountAllowances allowances;

    RateDetector(RelayTraffic traffic, DetectionSettings settings, DetectorAlerts alerts, Clock clock, Leadership leadership,
                 SendingLimits limits, AccountAllowances allowances) {
        this.limits = limits;
        this.allowances = allowances;
        this.leadership = leadership;
        this.traffic = traffic;
        this.settings = settings;
        this.alerts = alerts;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${relaywarden.detection.rate.interval:PT15S}",
            initialDelayString = "${relaywarden.detection.rate.interval:PT15S}")
    void scheduled() {
        if (settings.rate().enabled() && leadership.isLeader()) {
            look();
        }
    }

    /** One look at every account's recent traffic. */
    public void look() {
        Instant now = clock.instant();
        DetectionSettings.Rate rate = settings.rate();
        Duration limitWindow = limits.settings().window();
        Map<Account, RelayTraffic.Activity> window = traffic.activitySince(now.minus(limitWindow));
        Map<Account, RelayTraffic.Activity> hour = limitWindow.equals(Duration.ofHours(1)) ? window
                : traffic.activitySince(now.minus(Duration.ofHours(1)));
        String minutes = limitWindow.toMinutes() + " minutes";
        hour.forEach((account, lastHour) -> {
            RelayTraffic.Activity inWindow = window.getOrDefault(account, new RelayTraffic.Activity(0, 0, 0));
            // during a quiet period (after a false positive) what the account sends is what its limit is raised to
            allowances.observe(account, inWindow.messages(), inWindow.recipients());
            Limit limit = limits.limitOf(account);
            if (limit.unlimited()) {
                return;
            }
            RelayTraffic.Activity recent = inWindow;
            int clients = DetectionSettings.pick(settings.limitsOf(account.login()).distinctClients(), rate.distinctClients());
            if (recent.messages() > limit.messages()) {
                alerts.raise(account, SOURCE, recent.messages() + " messages in " + minutes + " (" + limit.basis() + " limit "
                        + limit.messages() + ")");
            } else if (recent.recipients() > limit.recipients()) {
                alerts.raise(account, SOURCE, recent.recipients() + " recipients in " + minutes + " (" + limit.basis()
                        + " limit " + limit.recipients() + ")");
            } else if (lastHour.distinctClients() > clients) {
                alerts.raise(account, SOURCE, "used from " + lastHour.distinctClients() + " client addresses in an hour (threshold "
                        + clients + ")");
            }
        });
    }
}
