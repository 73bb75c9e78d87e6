package org.relaywarden.enforcement.exim;

import org.relaywarden.enforcement.command.CommandResult;
import org.relaywarden.enforcement.policy.RelayHealth;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code exim}: the policy service accepts connections and every
 * relay's exim answers {@code exim -bV} (the binary runs, its configuration is valid; locally or over
 * SSH). DOWN names what is not.
 */
@Component("exim")
@ConditionalOnProperty(name = "relaywarden.mail-server", havingValue = "exim")
class EximHealthIndicator implements HealthIndicator {

    private final RelayHealth health;
    private final EximConfiguration.EximRelays relays;

    EximHealthIndicator(RelayHealth health, EximConfiguration.EximRelays relays) {
        this.health = health;
        this.relays = relays;
    }

    @Override
    public Health health() {
        return health.check(relays.all(), relay -> {
            CommandResult r = relay.check();
            String version = r.stdoutText().lines().findFirst().orElse("").strip();
            return new RelayHealth.Probe(r.ok(), r.ok() ? version : "exim -bV exit " + r.exitCode() + ": " + r.stderr().strip());
        });
    }
}
