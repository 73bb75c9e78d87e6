package org.relaywarden.quarantine;

import org.relaywarden.cluster.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Duration;

/** Purges quarantined messages after the retention period ({@code relaywarden.quarantine.retention}, default 30 days). */
@Component
class QuarantinePurge {

    private static final Logger log = LoggerFactory.getLogger(QuarantinePurge.class);
    private final QuarantineService quarantine;
    private final Duration retention;
    private final Leadership leadership;

    QuarantinePurge(QuarantineService quarantine, @Value("${relaywarden.quarantine.retention:P30D}") Duration retention,
                    Leadership leadership) {
        this.leadership = leadership;
        this.quarantine = quarantine;
        this.retention = retention;
    }

    @Scheduled(cron = "${relaywarden.quarantine.purge-cron:0 17 3 * * *}")
    void purge() {
        if (!leadership.isLeader()) {
            return;
        }
        int n = quarantine.purge(retention);
        if (n > 0) {
            log.info("quarantine: purged {} messages stored longer than {}", n, retention);
        }
    }
}
