package org.relaywarden.enforcement.command;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalCommandRunnerTest {

    final LocalCommandRunner runner = new LocalCommandRunner();
    static final Duration T = Duration.ofSeconds(10);

    @Test
    void passesArgumentsAsTheyAreWithoutAShell() {
        CommandResult r = runner.run(Command.of(T, "/bin/echo", "$(id)", "; rm -rf /", "`x`", "a b")).orThrow();
        assertThat(r.stdoutText()).isEqualTo("$(id) ; rm -rf / `x` a b\n");
    }

    @Test
    void feedsStandardInputAndStreamsStandardOutput() {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            ids.append("ID").append(i).append('\n');
        }
        CommandRunner.Streamed<Long> s = runner.stream(Command.of(T, "/bin/cat").withStdin(ids.toString().getBytes(StandardCharsets.US_ASCII)),
                in -> new BufferedReader(new InputStreamReader(in)).lines().count());
        assertThat(s.value()).isEqualTo(50_000);
        assertThat(s.result().ok()).isTrue();
    }

    @Test
    void capturesStandardErrorIntoTheError() {
        CommandResult r = runner.run(Command.of(T, "/bin/ls", "/no/such/dir"));
        assertThat(r.ok()).isFalse();
        assertThatThrownBy(r::orThrow).isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("/bin/ls /no/such/dir exited 2").hasMessageContaining("No such file");
    }

    @Test
    void killsACommandThatOverrunsItsTimeout() {
        long t = System.nanoTime();
        assertThatThrownBy(() -> runner.run(Command.of(Duration.ofMillis(300), "/bin/sleep", "30")))
                .isInstanceOf(CommandFailedException.class).hasMessageContaining("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void refusesArgumentsWithControlCharacters() {
        assertThatThrownBy(() -> Command.of(T, "/usr/sbin/postsuper", "-d", "ABC\nALL"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Command(List.of(), null, T)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> runner.run(Command.of(T, "/no/such/program"))).isInstanceOf(CommandFailedException.class)
                .hasMessageContaining("cannot start");
    }

    @Test
    void quotesEveryArgumentForTheRemoteShell() {
        assertThat(SshCommandRunner.commandLine(Command.of(T, "/usr/sbin/postcat", "-c", "/etc/post fix", "it's $(x)")))
                .isEqualTo("'/usr/sbin/postcat' '-c' '/etc/post fix' 'it'\\''s $(x)'");
    }
}
