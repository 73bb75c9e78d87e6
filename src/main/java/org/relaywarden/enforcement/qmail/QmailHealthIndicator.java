package org.relaywarden.enforcement.qmail;

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
 * {@code /actuator/health} component {@code qmail}: the policy service accepts connections and
 * every relay's qmail-send service is supervised ({@code svstat}: up, or paused with {@code svc -d},
 * as queue moves and the operator's pause do), locally or over SSH. DOWN names what is not.
 */
@Component("qmail")
@ConditionalOnProperty(name = "relaywarden.mail-server", havingValue = "qmail")
class QmailHealthIndicator implements HealthIndicator {

    private final PolicyServer policy;
    private final QmailConfiguration.QmailRelays relays;

    QmailHealthIndicator(PolicyServer policy, QmailConfiguration.QmailRelays relays) {
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
        for (QmailRelay relay : relays.all()) {
            try {
                CommandResult r = relay.runner().run(relay.svstat());
                String out = r.stdoutText();
                // supervised and up, or down on purpose (svc -d: a queue move or the operator's pause) - both are fine
                boolean supervised = r.ok() && (out.contains(": up ") || out.contains(": down "));
                details.put("relay." + relay.name(), out.contains(": up ") ? "qmail-send up"
                        : supervised ? "qmail-send paused (svc -d)" : "qmail-send not supervised: " + (out + r.stderr()).strip());
                up &= supervised;
            } catch (RuntimeException e) {
                details.put("relay." + relay.name(), "unreachable: " + e.getMessage());
                up = false;
            }
        }
        return (up ? Health.up() : Health.down()).withDetails(details).build();
    }
}
