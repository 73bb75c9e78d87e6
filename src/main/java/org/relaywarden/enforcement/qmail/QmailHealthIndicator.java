package org.relaywarden.enforcement.qmail;

import org.relaywarden.enforcement.command.CommandResult;
import org.relaywarden.enforcement.policy.RelayHealth;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code qmail}: the policy service accepts connections and
 * every relay's qmail-send service is supervised ({@code svstat}: up, or paused with {@code svc -d},
 * as queue moves and the operator's pause do), locally or over SSH. DOWN names what is not.
 */
@Component("qmail")
@ConditionalOnProperty(name = "relaywarden.mail-server", havingValue = "qmail")
class QmailHealthIndicator implements HealthIndicator {

    private final RelayHealth health;
    private final QmailConfiguration.QmailRelays relays;

    QmailHealthIndicator(RelayHealth health, QmailConfiguration.QmailRelays relays) {
        this.health = health;
        this.relays = relays;
    }

    @Override
    public Health health() {
        return health.check(relays.all(), relay -> {
            CommandResult r = relay.runner().run(relay.svstat());
            String out = r.stdoutText();
            // supervised and up, or down on purpose (svc -d: a queue move or the operator's pause) - both are fine
            boolean supervised = r.ok() && (out.contains(": up ") || out.contains(": down "));
            return new RelayHealth.Probe(supervised, out.contains(": up ") ? "qmail-send up"
                    : supervised ? "qmail-send paused (svc -d)" : "qmail-send not supervised: " + (out + r.stderr()).strip());
        });
    }
}
