package org.relaywarden.detection;

import org.relaywarden.account.Account;
import org.relaywarden.enforcement.limits.OverLimitListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The policy core's limit refusals as alerts of source {@code policy-limit}, raised the moment the
 * first message over an account's limit is refused (pushed, not found by the rate detector's next
 * poll). The alert is raised on a thread of its own: the policy service never waits for the
 * database or the engine. Alerts that cannot be queued (hundreds at once) are logged and left to
 * the rate detector, which polls the same limits.
 */
@Component
class LimitAlerts implements OverLimitListener, AutoCloseable {

    static final String SOURCE = "policy-limit";
    private static final Logger log = LoggerFactory.getLogger(LimitAlerts.class);

    private final DetectorAlerts alerts;
    private final ThreadPoolExecutor executor = alertThreads("limit-alerts");

    LimitAlerts(DetectorAlerts alerts) {
        this.alerts = alerts;
    }

    @Override
    public void overLimit(Account account, String reason) {
        try {
            executor.execute(() -> {
                try {
                    alerts.raise(account, SOURCE, reason);
                } catch (RuntimeException e) {
                    log.error("{}: raising the alert for {} failed (the rate detector will see it again): {}", SOURCE,
                            account, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("{}: too many alerts at once, {} left to the rate detector", SOURCE, account);
        }
    }

    /**
     * The threads an alert pushed by the policy core is raised on: one or two daemon threads, up to 1,000 alerts
     * waiting (more are refused, and the caller logs them), so that the core's request thread never waits.
     */
    static ThreadPoolExecutor alertThreads(String name) {
        return new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
