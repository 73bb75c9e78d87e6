package org.relaywarden.enforcement.exim;

import org.relaywarden.enforcement.command.SshProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code relaywarden.exim.*}: the provider's Exim relays by name (the policy service their ACL asks
 * is {@code relaywarden.policy.*}).
 *
 * @param relays         every relay Relaywarden drives; each operation runs on all of them
 * @param commandTimeout how long one Exim tool may run
 */
@ConfigurationProperties("relaywarden.exim")
public record EximProperties(Map<String, RelayProperties> relays, Duration commandTimeout) {

    public EximProperties {
        relays = relays == null ? Map.of() : new LinkedHashMap<>(relays);
        commandTimeout = commandTimeout == null ? Duration.ofSeconds(60) : commandTimeout;
    }

    /**
     * One relay.
     *
     * @param transport      {@code local} (the tools run on this machine) or {@code ssh}
     * @param binary         the exim binary ({@code /usr/sbin/exim4} on Debian, {@code /usr/sbin/exim} elsewhere)
     * @param config         a configuration file passed as {@code -C} to every exim call (optional: the binary's own)
     * @param spoolDirectory the relay's {@code spool_directory} ({@code /var/spool/exim4} on Debian, {@code /var/spool/exim}
     *                       on cPanel); {@code split_spool_directory} must be false (the default)
     * @param exipick        the exipick script
     * @param suspendedFile  the {@code lsearch} file of suspended logins the ACL reads ({@code RELAYWARDEN_SUSPENDED})
     * @param mainlog        Exim's main log (e.g. {@code /var/log/exim4/mainlog}); its reception lines become the case's
     *                       evidence. Optional.
     * @param ssh            how to reach the relay when the transport is {@code ssh}
     */
    public record RelayProperties(String transport, Path binary, Path config, Path spoolDirectory, Path exipick,
                                  Path suspendedFile, Path mainlog, SshProperties ssh) {
        public RelayProperties {
            transport = transport == null ? "local" : transport;
            binary = binary == null ? Path.of("/usr/sbin/exim4") : binary;
            spoolDirectory = spoolDirectory == null ? Path.of("/var/spool/exim4") : spoolDirectory;
            exipick = exipick == null ? Path.of("/usr/sbin/exipick") : exipick;
            suspendedFile = suspendedFile == null ? Path.of("/etc/exim4/relaywarden_suspended") : suspendedFile;
        }
    }
}
