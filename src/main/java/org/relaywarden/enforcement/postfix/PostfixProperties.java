package org.relaywarden.enforcement.postfix;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code relaywarden.postfix.*}: the provider's relays by name, and the policy service.
 *
 * @param relays         every relay Relaywarden drives; each operation runs on all of them
 * @param policy         the policy service Postfix's {@code check_policy_service} talks to
 * @param refusal        how a suspended account is refused: {@code 451} (default) or {@code 554}
 * @param commandTimeout how long one Postfix tool may run
 */
@ConfigurationProperties("relaywarden.postfix")
public record PostfixProperties(Map<String, RelayProperties> relays, PolicyProperties policy, String refusal,
                                Duration commandTimeout) {

    public PostfixProperties {
        relays = relays == null ? Map.of() : new LinkedHashMap<>(relays);
        policy = policy == null ? new PolicyProperties(null, null, null, null, null, null, null) : policy;
        refusal = refusal == null ? "451" : refusal;
        commandTimeout = commandTimeout == null ? Duration.ofSeconds(60) : commandTimeout;
    }

    public RefusalCode refusalCode() {
        return RefusalCode.parse(refusal);
    }

    /**
     * One relay.
     *
     * @param transport  {@code local} (the tools run on this machine) or {@code ssh}
     * @param configDir  the relay's Postfix configuration directory, passed as {@code -c} to every tool
     * @param accessMap  the {@code check_sasl_access} map file (without {@code .db}); default {@code configDir/relaywarden_sasl_access}
     * @param ssh        how to reach the relay when the transport is {@code ssh}
     * @param maillog    the relay's mail log (e.g. {@code /var/log/mail.log}); its submission lines become the
     *                   case's evidence. Timestamps without a year are read in Relaywarden's time zone. Optional.
     */
    public record RelayProperties(String transport, Path configDir, Path accessMap, SshProperties ssh, Path maillog) {
        public RelayProperties {
            transport = transport == null ? "local" : transport;
            configDir = configDir == null ? Path.of("/etc/postfix") : configDir;
            accessMap = accessMap == null ? configDir.resolve("relaywarden_sasl_access") : accessMap;
        }
    }

    /**
     * @param host       the relay's SSH host name or address
     * @param port       its SSH port (22)
     * @param user       the login (root, or a user allowed to run postsuper and postcat)
     * @param privateKey the private key file (OpenSSH or PEM format, not passphrase protected)
     * @param knownHosts the known_hosts file holding the relay's host key; unknown or changed keys are refused
     * @param connectTimeout how long connecting and authenticating may take
     */
    public record SshProperties(String host, Integer port, String user, Path privateKey, Path knownHosts,
                                Duration connectTimeout) {
        public SshProperties {
            port = port == null ? 22 : port;
            user = user == null ? "root" : user;
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        }
    }

    /**
     * @param bindAddress    where the policy service listens (127.0.0.1; a relay on another host needs an address it can reach)
     * @param port           its port (10040)
     * @param maxConnections at most this many Postfix processes at once (one connection each)
     * @param idleTimeout    an idle connection is closed after this (Postfix reconnects by itself)
     * @param requestTimeout a request that has begun must be complete within this
     * @param allowedClients the relays' addresses or CIDR blocks: nobody else may connect (default loopback only)
     * @param maxConnectionsPerClient at most this many connections from one client address (default 300: a relay with
     *                       Postfix's default of 100 smtpd processes asks over up to 200)
     */
    public record PolicyProperties(String bindAddress, Integer port, Integer maxConnections, Duration idleTimeout,
                                   Duration requestTimeout, java.util.List<String> allowedClients,
                                   Integer maxConnectionsPerClient) {
        public PolicyProperties {
            allowedClients = allowedClients == null || allowedClients.isEmpty() ? java.util.List.of("127.0.0.0/8", "::1/128")
                    : java.util.List.copyOf(allowedClients);
            maxConnectionsPerClient = maxConnectionsPerClient == null ? 300 : maxConnectionsPerClient;
            bindAddress = bindAddress == null ? "127.0.0.1" : bindAddress;
            port = port == null ? 10040 : port;
            maxConnections = maxConnections == null ? 500 : maxConnections;
            idleTimeout = idleTimeout == null ? Duration.ofMinutes(10) : idleTimeout;
            requestTimeout = requestTimeout == null ? Duration.ofSeconds(10) : requestTimeout;
        }

        /** The allowed clients, parsed (a bad entry stops the start, naming it). */
        public org.relaywarden.enforcement.postfix.policy.AllowedClients allowed() {
            return org.relaywarden.enforcement.postfix.policy.AllowedClients.parse(allowedClients);
        }
    }
}
