package org.relaywarden.enforcement.command;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach a relay over SSH (every adapter's {@code relays.<name>.ssh.*}).
 *
 * @param host           the relay's SSH host name or address
 * @param port           its SSH port (22)
 * @param user           the login (root, or a user allowed to run the adapter's tools; each adapter's document says which)
 * @param privateKey     the private key file (OpenSSH or PEM format, not passphrase protected)
 * @param knownHosts     the known_hosts file holding the relay's host key; unknown or changed keys are refused
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
