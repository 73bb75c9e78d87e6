package org.relaywarden.enforcement.postfix;

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
 * {@code /actuator/health} component {@code postfix}: the policy service accepts connections and
 * every relay answers {@code postfix status} (locally or over SSH). DOWN names what is not.
 */
@Component("postfix")
@ConditionalOnProperty(name = "relaywarden.mail-server", havingValue = "postfix")
class PostfixHealthIndicator implements HealthIndicator {

    private final PolicyServer policy;
    private final PostfixConfiguration.PostfixRelays relays;

    PostfixHealthIndicator(PolicyServer policy, PostfixConfiguration.PostfixRelays relays) {
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
        for (PostfixRelay relay : relays.all()) {
            try {
                CommandResult r = relay.runner().run(relay.tool("postfix", "status"));
                details.put("relay." + relay.name(), r.ok() ? "running" : "not running (postfix status exit " + r.exitCode() + ")");
                up &= r.ok();
            } catch (RuntimeException e) {
                details.put("relay." + relay.name(), "unreachable: " + e.getMessage());
                up = false;
            }
        }
        return (up ? Health.up() : Health.down()).withDetails(details).build();
    }
}
