package org.relaywarden.enforcement.policy;

import org.relaywarden.enforcement.command.Relay;
import org.springframework.boot.actuate.health.Health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one health check of every real mail server that asks the policy core (the port an adapter's health
 * indicator uses): the policy service accepts connections, and each relay answers its adapter's probe (locally
 * or over SSH). DOWN names what is not. Adapters give only the probe and its words; details are
 * {@code policyService} and {@code relay.<name>}.
 */
public final class RelayHealth {

    private final PolicyServer policy;

    public RelayHealth(PolicyServer policy) {
        this.policy = policy;
    }

    /** What a relay's probe found: fine or not, in words for the operator. */
    public record Probe(boolean ok, String detail) {
    }

    public <R extends Relay> Health check(List<R> relays, Function<R, Probe> probe) {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = true;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(policy.address(), policy.port()), 1000);
            details.put("policyService", "listening on " + policy.address().getHostAddress() + ":" + policy.port());
        } catch (IOException e) {
            details.put("policyService", "not reachable: " + e.getMessage());
            up = false;
        }
        for (R relay : relays) {
            try {
                Probe p = probe.apply(relay);
                details.put("relay." + relay.name(), p.detail());
                up &= p.ok();
            } catch (RuntimeException e) {
                details.put("relay." + relay.name(), "unreachable: " + e.getMessage());
                up = false;
            }
        }
        return (up ? Health.up() : Health.down()).withDetails(details).build();
    }
}
