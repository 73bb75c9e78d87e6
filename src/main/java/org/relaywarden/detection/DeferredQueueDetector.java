package org.relaywarden.detection;

import org.relaywarden.account.Account;
import org.relaywarden.cluster.Leadership;
import org.relaywarden.enforcement.MailQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * The seed's own signal: periodically, per relay, the number of each account's messages deferred
 * in the queue. Above the threshold, an alert from source {@code queue-monitor}.
 */
@Component
public class DeferredQueueDetector {

    static final String SOURCE = "queue-monitor";
    private static final Logger log = LoggerFactory.getLogger(DeferredQueueDetector.class);

    private final MailQueue queue;
    private final DetectionSettings settings;
    private final DetectorAlerts alerts;
    private final Leadership leadership;

    DeferredQueueDetector(MailQueue queue, DetectionSettings settings, DetectorAlerts alerts, Leadership leadership) {
        this.leadership = leadership;
        this.queue = queue;
        this.settings = settings;
        this.alerts = alerts;
    }

    @Scheduled(fixedDelayString = "${relaywarden.detection.deferred.interval:PT1M}",
            initialDelayString = "${relaywarden.detection.deferred.interval:PT1M}")
    void scheduled() {
        if (settings.deferred().enabled() && leadership.isLeader()) {
            try {
                look();
            } catch (RuntimeException e) {
                log.warn("deferred-queue detector could not read the queues: {}", e.toString());
            }
        }
    }

    /** One look at every relay's deferred queue. */
    public void look() {
        for (Map.Entry<String, Map<Account, Long>> relay : queue.deferredByAccount().entrySet()) {
            relay.getValue().forEach((account, deferred) -> {
                if (settings.allowlisted(account.login())) {
                    return;
                }
                int threshold = DetectionSettings.pick(settings.limitsOf(account.login()).deferred(), settings.deferred().threshold());
                if (deferred > threshold) {
                    alerts.raise(account, SOURCE, deferred + " messages deferred on relay " + relay.getKey()
                            + " (threshold " + threshold + ")");
                }
            });
        }
    }
}
