package org.relaywarden.enforcement.command;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.relaywarden.testsupport.relay.TestSshd;
import org.relaywarden.testsupport.relay.TestSshd.KeyType;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Host and client keys of every type a provider's relays have, against a real OpenSSH server that
 * has one host key only (so it offers only that algorithm, as the compose relay offers only
 * ssh-ed25519). ed25519 needs the EdDSA provider that Apache MINA SSHD documents as optional.
 */
class SshCommandRunnerKeyTypesTest {

    static final Duration T = Duration.ofSeconds(20);

    @ParameterizedTest(name = "host key {0}, client key {1}")
    @CsvSource({
            "ED25519, ED25519",
            "ECDSA, ECDSA",
            "RSA, RSA",
            "ED25519, RSA",
            "RSA, ED25519",
            "ECDSA, ED25519",
    })
    void connectsAndRunsACommand(KeyType hostKey, KeyType clientKey) {
        try (TestSshd sshd = TestSshd.start(hostKey, clientKey);
             SshCommandRunner runner = new SshCommandRunner("127.0.0.1", sshd.port(), "root", sshd.clientKey(),
                     sshd.knownHosts(), T)) {
            CommandResult r = runner.run(Command.of(T, "/bin/echo", "over ssh")).orThrow();
            assertThat(r.stdoutText()).isEqualTo("over ssh\n");
            assertThat(sshd.log()).as("the server saw this client key type")
                    .containsPattern("Accepted publickey for root from 127\\.0\\.0\\.1 .* " + clientKey.name());
        }
    }
}
