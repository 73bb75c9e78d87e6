package org.relaywarden.enforcement.policy;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * {@code relaywarden.policy.*}: the policy service every mail server asks (Postfix's
 * {@code check_policy_service}, qmail's queue front, Exim's ACL through its Perl client or {@code readsocket}).
 *
 * @param bindAddress    where the policy service listens (127.0.0.1; a relay on another host needs an address it can reach)
 * @param port           its port (10040)
 * @param maxConnections at most this many connections at once (Postfix keeps one per smtpd process)
 * @param idleTimeout    an idle connection is closed after this (the mail server reconnects by itself)
 * @param requestTimeout a request that has begun must be complete within this
 * @param allowedClients the relays' addresses or CIDR blocks: nobody else may connect (default loopback only)
 * @param maxConnectionsPerClient at most this many connections from one client address (default 300: a relay with
 *                       Postfix's default of 100 smtpd processes asks over up to 200)
 * @param refusal        how a suspended account is refused: {@code 451} (default, the sender keeps its mail) or
 *                       {@code 554} (it bounces); the durable layers refuse with the same code
 */
@ConfigurationProperties("relaywarden.policy")
public record PolicyProperties(String bindAddress, Integer port, Integer maxConnections, Duration idleTimeout,
                               Duration requestTimeout, List<String> allowedClients, Integer maxConnectionsPerClient,
                               String refusal) {
    public PolicyProperties {
        allowedClients = allowedClients == null || allowedClients.isEmpty() ? List.of("127.0.0.0/8", "::1/128")
                : List.copyOf(allowedClients);
        maxConnectionsPerClient = maxConnectionsPerClient == null ? 300 : maxConnectionsPerClient;
        bindAddress = bindAddress == null ? "127.0.0.1" : bindAddress;
        port = port == null ? 10040 : port;
        maxConnections = maxConnections == null ? 500 : maxConnections;
        idleTimeout = idleTimeout == null ? Duration.ofMinutes(10) : idleTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
        refusal = refusal == null ? "451" : refusal;
    }

    /** The allowed clients, parsed (a bad entry stops the start, naming it). */
    public AllowedClients allowed() {
        return AllowedClients.parse(allowedClients);
    }

    public RefusalCode refusalCode() {
        return RefusalCode.parse(refusal);
    }

    /** Marks that the policy keys were checked (old keys refused, allowed clients and refusal parsed). */
    public static final class Checked {
        Checked() {
        }
    }
}
