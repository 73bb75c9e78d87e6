package org.relaywarden.enforcement.exim;

import org.relaywarden.enforcement.command.CommandResult;
import org.relaywarden.enforcement.policy.PolicyServer;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /actuator/health} component {@code exim}: the policy service accepts connections and every
 * relay's exim answers {@code exim -bV} (the binary runs, its configuration is valid; locally or over
 * SSH). DOWN names what is not.
 */
@Component("exim")
@ConditionalOnProperty(name = "relaywarden.mail-server", havingValue = "exim")
class EximHealthIndicator implements HealthIndicator {

    private final PolicyServer policy;
    private final EximConfiguration.EximRelays relays;

    EximHealthIndicator(PolicyServer policy, EximConfiguration.EximRelays relays) {
        this.policy = policy;
        this.relays = relays;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = true;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(policy.address(), policy.port()), 1000);
            details.put("policyService", "listening on " + policy.address().getHostAddress() + ":" + policy.port());
        } catch (IOException e) {
            details.put("policyService", "not reachable: " + e.getMessage());
            up = false;
        }
        for (EximRelay relay : relays.all()) {
            try {
                CommandResult r = relay.check();
                String version = r.stdoutText().lines().findFirst().orElse("").strip();
                details.put("relay." + relay.name(), r.ok() ? version : "exim -bV exit " + r.exitCode() + ": "
                        + r.stderr().strip());
                up &= r.ok();
            } catch (RuntimeException e) {
                details.put("relay." + relay.name(), "unreachable: " + e.getMessage());
                up = false;
            }
        }
        return (up ? Health.up() : Health.down()).withDetails(details).build();
    }
}
