package org.relaywarden.enforcement.postfix;

import org.relaywarden.enforcement.command.SshProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code relaywarden.postfix.*}: the provider's relays by name (the policy service they ask is
 * {@code relaywarden.policy.*}, {@link org.relaywarden.enforcement.policy.PolicyProperties}).
 *
 * @param relays         every relay Relaywarden drives; each operation runs on all of them
 * @param commandTimeout how long one Postfix tool may run
 */
@ConfigurationProperties("relaywarden.postfix")
public record PostfixProperties(Map<String, RelayProperties> relays, Duration commandTimeout) {

    public PostfixProperties {
        relays = relays == null ? Map.of() : new LinkedHashMap<>(relays);
        commandTimeout = commandTimeout == null ? Duration.ofSeconds(60) : commandTimeout;
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
}
