package org.relaywarden.enforcement.postfix;

import org.relaywarden.enforcement.command.CommandResult;
import org.relaywarden.enforcement.policy.RelayHealth;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} component {@code postfix}: the policy service accepts connections and
 * every relay answers {@code postfix status} (locally or over SSH). DOWN names what is not.
 */
@Component("postfix")
@ConditionalOnProperty(name = "relaywarden.mail-server", havingValue = "postfix")
class PostfixHealthIndicator implements HealthIndicator {

    private final RelayHealth health;
    private final PostfixConfiguration.PostfixRelays relays;

    PostfixHealthIndicator(RelayHealth health, PostfixConfiguration.PostfixRelays relays) {
        this.health = health;
        this.relays = relays;
    }

    @Override
    public Health health() {
        return health.check(relays.all(), relay -> {
            CommandResult r = relay.runner().run(relay.tool("postfix", "status"));
            return new RelayHealth.Probe(r.ok(), r.ok() ? "running" : "not running (postfix status exit " + r.exitCode() + ")");
        });
    }
}
