package org.relaywarden.detection;

import org.relaywarden.account.Account;
import org.relaywarden.cluster.Leadership;
import org.relaywarden.enforcement.RelayTraffic;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

/**
 * From the relays' traffic counters: messages and recipients per account per window, and
 * distinct client addresses per account per hour (a cracked password used from many places).
 * Above a threshold, an alert from source {@code rate-detector}. The thresholds: a configured
 * per-account limit, else the limit raised after a false positive ({@link AccountAllowances}) if it is
 * higher than the global one, else the global one; allowlisted accounts are never alerted on. During
 * an account's quiet period what it sends per window is reported to the allowances.
 */
@Component
public class RateDetector {

    static final String SOURCE = "rate-detector";

    private final RelayTraffic traffic;
    private final DetectionSettings settings;
    private final DetectorAlerts alerts;
    private final Clock clock;
    private final Leadership leadership;
    private final AccountAllowances allowances;

    RateDetector(RelayTraffic traffic, DetectionSettings settings, DetectorAlerts alerts, Clock clock, Leadership leadership,
                 AccountAllowances allowances) {
        this.leadership = leadership;
        this.allowances = allowances;
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
        Map<Account, RelayTraffic.Activity> window = traffic.activitySince(now.minus(rate.window()));
        Map<Account, RelayTraffic.Activity> hour = traffic.activitySince(now.minus(Duration.ofHours(1)));
        hour.forEach((account, lastHour) -> {
            if (settings.allowlisted(account.login())) {
                return;
            }
            DetectionSettings.AccountLimits own = settings.limitsOf(account.login());
            RelayTraffic.Activity recent = window.getOrDefault(account, new RelayTraffic.Activity(0, 0, 0));
            allowances.observe(account, recent.messages(), recent.recipients());
            int messages = DetectionSettings.pick(own.messages(), raised(allowances.raisedMessageLimit(account), rate.messages()));
            int recipients = DetectionSettings.pick(own.recipients(),
                    raised(allowances.raisedRecipientLimit(account), rate.recipients()));
            int clients = DetectionSettings.pick(own.distinctClients(), rate.distinctClients());
            String minutes = rate.window().toMinutes() + " minutes";
            if (recent.messages() > messages) {
                alerts.raise(account, SOURCE, recent.messages() + " messages in " + minutes + " (threshold " + messages + ")");
            } else if (recent.recipients() > recipients) {
                alerts.raise(account, SOURCE, recent.recipients() + " recipients in " + minutes + " (threshold " + recipients + ")");
            } else if (lastHour.distinctClients() > clients) {
                alerts.raise(account, SOURCE, "used from " + lastHour.distinctClients() + " client addresses in an hour (threshold "
                        + clients + ")");
            }
        });
    }

    /** A raised limit only raises: below the global one it does not count. */
    private static int raised(OptionalLong raised, int global) {
        return raised.isPresent() && raised.getAsLong() > global ? (int) Math.min(Integer.MAX_VALUE, raised.getAsLong()) : global;
    }
}
