package org.relaywarden.credentials;

import org.relaywarden.enforcement.command.CommandRunner;
import org.relaywarden.enforcement.command.LocalCommandRunner;
import org.relaywarden.enforcement.command.SshCommandRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/** Wires the configured credential store and the fingerprint key ({@code relaywarden.credentials.*}). */
@Configuration
@EnableConfigurationProperties(CredentialProperties.class)
class CredentialConfiguration {

    @Bean
    CredentialStore credentialStore(CredentialProperties p) {
        return switch (p.store()) {
            case "none" -> new NoCredentialStore();
            case "vpopmail" -> new VpopmailCredentials(runner(p), p.vpopmail().dir(), p.vpopmail().setsid(), p.commandTimeout());
            case "sasldb" -> new SasldbCredentials(runner(p), p.sasldb().path(), p.sasldb().dbDump(), p.sasldb().saslpasswd2(),
                    p.commandTimeout());
            case "passwd-file" -> {
                if (p.passwdFile().path() == null || p.passwdFile().path().isBlank()) {
                    throw new IllegalStateException("relaywarden.credentials.store=passwd-file needs relaywarden.credentials.passwd-file.path");
                }
                if (!p.passwdFile().userField().equals("login") && !p.passwdFile().userField().equals("local")) {
                    throw new IllegalStateException("relaywarden.credentials.passwd-file.user-field must be login or local");
                }
                yield new PasswdFileCredentials(p.passwdFile().path(), p.passwdFile().userField().equals("local"));
            }
            case "sql" -> new SqlCredentials(p.sql().url(), p.sql().username(), p.sql().password(), p.sql().query(),
                    p.sql().update(), p.sql().scheme(), p.sql().timeout());
            default -> throw new IllegalStateException("relaywarden.credentials.store must be none, vpopmail, sasldb, passwd-file"
                    + " or sql, not " + p.store());
        };
    }

    @Bean
    Fingerprints credentialFingerprints(CredentialProperties p, Environment environment) {
        if ("none".equals(p.store())) {
            return new Fingerprints(null);
        }
        return new Fingerprints(Fingerprints.key(p.fingerprintKey(), p.fingerprintKeyFile(),
                environment.acceptsProfiles(Profiles.of("demo"))));
    }

    private static CommandRunner runner(CredentialProperties p) {
        return switch (p.transport()) {
            case "local" -> new LocalCommandRunner();
            case "ssh" -> {
                CredentialProperties.Ssh ssh = p.ssh();
                if (ssh == null || ssh.host() == null) {
                    throw new IllegalStateException("relaywarden.credentials.transport=ssh needs relaywarden.credentials.ssh.*");
                }
                yield new SshCommandRunner(ssh.host(), ssh.port(), ssh.user(), ssh.privateKey(), ssh.knownHosts(),
                        ssh.connectTimeout());
            }
            default -> throw new IllegalStateException("relaywarden.credentials.transport must be local or ssh");
        };
    }
}
