package org.relaywarden.enforcement.command;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relaywarden.testsupport.relay.TestSshd;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SSH transport against a real OpenSSH server on loopback. */
class SshCommandRunnerTest {

    static final Duration T = Duration.ofSeconds(20);
    static TestSshd sshd;
    static SshCommandRunner runner;

    @BeforeAll
    static void start() {
        sshd = TestSshd.start();
        runner = new SshCommandRunner("127.0.0.1", sshd.port(), "root", sshd.clientKey(), sshd.knownHosts(), T);
    }

    @AfterAll
    static void stop() {
        if (runner != null) {
            runner.close();
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    @Test
    void runsTheArgumentArrayExactlyWithNothingExpandedRemotely() {
        CommandResult r = runner.run(Command.of(T, "/bin/echo", "$(id -u)", "; touch /tmp/rw-pwned", "`x` 'q' \"d\"", "*"))
                .orThrow();
        assertThat(r.stdoutText()).isEqualTo("$(id -u) ; touch /tmp/rw-pwned `x` 'q' \"d\" *\n");
        assertThat(Path.of("/tmp/rw-pwned")).doesNotExist();
    }

    @Test
    void feedsStandardInputStreamsOutputAndReportsExitCodeAndStandardError() {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            ids.append("ID").append(i).append('\n');
        }
        CommandRunner.Streamed<Long> s = runner.stream(
                Command.of(T, "/bin/cat").withStdin(ids.toString().getBytes(StandardCharsets.US_ASCII)),
                in -> new BufferedReader(new InputStreamReader(in)).lines().count());
        assertThat(s.value()).isEqualTo(20_000);
        assertThat(s.result().exitCode()).isZero();

        CommandResult failed = runner.run(Command.of(T, "/bin/ls", "/no/such/dir"));
        assertThat(failed.exitCode()).isEqualTo(2);
        assertThat(failed.stderr()).contains("No such file");
    }

    @Test
    void aCommandThatOverrunsItsTimeoutFails() {
        long t = System.nanoTime();
        assertThatThrownBy(() -> runner.run(Command.of(Duration.ofMillis(500), "/bin/sleep", "20")))
                .isInstanceOf(CommandFailedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(10));
        assertThat(runner.run(Command.of(T, "/bin/true")).ok()).as("the runner works on afterwards").isTrue();
    }

    @Test
    void refusesAServerWhoseHostKeyIsNotTheKnownOne() {
        try (SshCommandRunner wrong = new SshCommandRunner("127.0.0.1", sshd.port(), "root", sshd.clientKey(),
                sshd.wrongKnownHosts(), T)) {
            assertThatThrownBy(() -> wrong.run(Command.of(T, "/bin/true"))).isInstanceOf(CommandFailedException.class);
        }
    }
}
