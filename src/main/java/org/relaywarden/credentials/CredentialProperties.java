package org.relaywarden.credentials;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code relaywarden.credentials.*}: where the accounts' SMTP AUTH passwords are kept (docs/credentials.md).
 *
 * @param store             {@code none} (default), {@code vpopmail}, {@code sasldb}, {@code passwd-file}, {@code sql}
 * @param fingerprintKey    the HMAC key of the fingerprints, base64, at least 32 random bytes; required outside the
 *                          demo profile when a store is configured
 * @param fingerprintKeyFile demo only: where the generated key is kept when none is configured
 * @param commandTimeout    how long one command (vuserinfo, db_dump, saslpasswd2, vpasswd) may run
 * @param transport         where vpopmail's and sasldb's commands run: {@code local} or {@code ssh}
 * @param ssh               how to reach that host when the transport is {@code ssh}
 * @param reset             whether Relaywarden may set a new password (off by default)
 */
@ConfigurationProperties("relaywarden.credentials")
public record CredentialProperties(String store, String fingerprintKey, Path fingerprintKeyFile, Duration commandTimeout,
                                   String transport, Ssh ssh, Vpopmail vpopmail, Sasldb sasldb, PasswdFile passwdFile,
                                   Sql sql, Reset reset) {

    public CredentialProperties {
        store = store == null || store.isBlank() ? "none" : store.strip();
        fingerprintKeyFile = fingerprintKeyFile == null ? Path.of("./data/credential-fingerprint.key") : fingerprintKeyFile;
        commandTimeout = commandTimeout == null ? Duration.ofSeconds(30) : commandTimeout;
        transport = transport == null ? "local" : transport;
        vpopmail = vpopmail == null ? new Vpopmail(null, null) : vpopmail;
        sasldb = sasldb == null ? new Sasldb(null, null, null) : sasldb;
        passwdFile = passwdFile == null ? new PasswdFile(null, null) : passwdFile;
        sql = sql == null ? new Sql(null, null, null, null, null, null, null) : sql;
        reset = reset == null ? new Reset(false, false, 0, 0) : reset;
    }

    /** @param dir vpopmail's home ({@code /home/vpopmail}); @param setsid the {@code setsid} program ({@code /usr/bin/setsid}) */
    public record Vpopmail(String dir, String setsid) {
        public Vpopmail {
            dir = dir == null ? "/home/vpopmail" : dir;
            setsid = setsid == null ? "/usr/bin/setsid" : setsid;
        }
    }

    /**
     * @param path        the sasldb file ({@code /etc/sasldb2}; Postfix's {@code sasldb_path})
     * @param dbDump      Berkeley DB's {@code db_dump}
     * @param saslpasswd2 Cyrus SASL's {@code saslpasswd2}
     */
    public record Sasldb(String path, String dbDump, String saslpasswd2) {
        public Sasldb {
            path = path == null ? "/etc/sasldb2" : path;
            dbDump = dbDump == null ? "/usr/bin/db_dump" : dbDump;
            saslpasswd2 = saslpasswd2 == null ? "/usr/sbin/saslpasswd2" : saslpasswd2;
        }
    }

    /** @param path the file, {@code %d} for the login's domain; @param userField {@code login} (%u) or {@code local} (%n) */
    public record PasswdFile(String path, String userField) {
        public PasswdFile {
            userField = userField == null ? "login" : userField;
        }
    }

    /**
     * @param query  one {@code ?} (the login), the stored password in the first column
     * @param update two {@code ?} (the new stored password, the login); only for resets
     * @param scheme how a new password is stored: {@code SSHA512} (default) or {@code PLAIN}
     */
    public record Sql(String url, String username, String password, String query, String update, PasswordScheme scheme,
                      Duration timeout) {
        public Sql {
            scheme = scheme == null ? PasswordScheme.SSHA512 : scheme;
            timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        }
    }

    /**
     * @param operator   operators may have a new password set (API, Cockpit case tab)
     * @param customer   the customer may, on the questionnaire page after answering
     * @param length     characters of a new password (16)
     * @param maxPerCase resets per case at most (3)
     */
    public record Reset(boolean operator, boolean customer, int length, int maxPerCase) {
        public Reset {
            length = length == 0 ? 16 : length;
            maxPerCase = maxPerCase == 0 ? 3 : maxPerCase;
        }
    }

    /** As the qmail adapter's: host, port (22), user (root), key file, known_hosts file, connect timeout (10 s). */
    public record Ssh(String host, Integer port, String user, Path privateKey, Path knownHosts, Duration connectTimeout) {
        public Ssh {
            port = port == null ? 22 : port;
            user = user == null ? "root" : user;
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        }
    }
}
