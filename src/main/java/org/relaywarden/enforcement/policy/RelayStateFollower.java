package org.relaywarden.enforcement.policy;

import org.relaywarden.cluster.ClusterSettings;
import org.relaywarden.cluster.Periodic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Instant;

/**
 * In a cluster: applies the relay-state changes of the other nodes to this node's policy service
 * every {@code relaywarden.cluster.state-poll-interval} (0.25 s), and re-reads every state every
 * {@code resync-interval} and after the database was unreachable. On a thread of its own, so slow
 * scheduled work never delays it.
 */
class RelayStateFollower implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RelayStateFollower.class);

    private final PolicyRelayControl control;
    private final ClusterSettings settings;
    private final Clock clock;
    private Periodic follower;
    private Instant nextResync;
    private boolean failing;

    RelayStateFollower(PolicyRelayControl control, ClusterSettings settings, Clock clock) {
        this.control = control;
        this.settings = settings;
        this.clock = clock;
    }

    void round() {
        try {
            Instant now = clock.instant();
            if (failing || now.isAfter(nextResync)) {
                control.resync();
                nextResync = now.plus(settings.resyncInterval());
            }
            control.follow();
            if (failing) {
                log.info("relay states followed again");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("relay states of other nodes cannot be read (this node answers from what it knows): {}", e.toString());
                failing = true;
            }
        }
    }

    @Override
    public void start() {
        nextResync = clock.instant().plus(settings.resyncInterval());
        follower = Periodic.start("relay-state-follower", settings.statePollInterval(), this::round);
    }

    @Override
    public void stop() {
        follower.stop();
    }

    @Override
    public boolean isRunning() {
        return follower != null && follower.running();
    }
}
