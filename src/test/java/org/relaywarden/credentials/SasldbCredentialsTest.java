package org.relaywarden.credentials;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relaywarden.account.Account;
import org.relaywarden.account.InvalidAccountException;
import org.relaywarden.enforcement.command.Command;
import org.relaywarden.enforcement.command.CommandResult;
import org.relaywarden.enforcement.command.CommandRunner;
import org.relaywarden.enforcement.command.LocalCommandRunner;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sasldb adapter against a real sasldb written by Debian's {@code saslpasswd2} (sasl2-bin, as
 * TestPostfix's users are) and read by {@code db_dump}: the fingerprint follows the secret, setting the same
 * password again is no change (sasldb keeps the secret itself), a reset sets a password that sasldb then holds,
 * and neither the secret nor the new password ever appears on a command line.
 */
class SasldbCredentialsTest {

    static final Duration T = Duration.ofSeconds(20);
    static final Account KUNDE = Account.parse("kunde@example.test");
    static final Fingerprints FP = new Fingerprints(FingerprintsTest.key());

    @TempDir
    Path dir;
    Path db;
    RecordingRunner runner;
    SasldbCredentials store;

    /** The real local runner, noting every argument array it ran. */
    static final class RecordingRunner implements CommandRunner {
        final LocalCommandRunner local = new LocalCommandRunner();
        final List<List<String>> argv = new ArrayList<>();

        @Override
        public <T> Streamed<T> stream(Command command, OutputReader<T> reader) {
            argv.add(command.argv());
            return local.stream(command, reader);
        }

        @Override
        public String describe() {
            return "local (recorded)";
        }
    }

    /** As the provider's admin (and TestPostfix) add a user: saslpasswd2 -c -p -f DB -u DOMAIN LOCAL, password on stdin. */
    void saslpasswd2(String local, String domain, String password) {
        CommandResult r = new LocalCommandRunner().run(new Command(List.of("/usr/sbin/saslpasswd2", "-c", "-p", "-f", db.toString(),
                "-u", domain, local), password.getBytes(StandardCharsets.UTF_8), T));
        assertThat(r.ok()).as(r.stderr()).isTrue();
    }

    String fingerprint(Account a) {
        byte[] stored = store.stored(a).orElseThrow();
        try {
            return FP.of(stored);
        } finally {
            Arrays.fill(stored, (byte) 0);
        }
    }

    @BeforeEach
    void sasldb() {
        db = dir.resolve("sasldb2");
        saslpasswd2("kunde", "example.test", "KundePass-123");
        saslpasswd2("nachbar", "example.test", "NachbarPass-123");
        runner = new RecordingRunner();
        store = new SasldbCredentials(runner, db.toString(), "/usr/bin/db_dump", "/usr/sbin/saslpasswd2", T);
    }

    @Test
    void theFingerprintFollowsTheSecretAndTheSamePasswordAgainIsNoChange() {
        assertThat(new String(store.stored(KUNDE).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("KundePass-123");
        String atSuspension = fingerprint(KUNDE);
        assertThat(fingerprint(Account.parse("nachbar@example.test"))).isNotEqualTo(atSuspension);

        saslpasswd2("kunde", "example.test", "KundePass-123");
        assertThat(fingerprint(KUNDE)).as("the same password set again").isEqualTo(atSuspension);

        saslpasswd2("kunde", "example.test", "Another-Pass-9");
        assertThat(fingerprint(KUNDE)).isNotEqualTo(atSuspension);
        assertThat(store.stored(Account.parse("nobody@example.test"))).isEmpty();
        assertThat(store.stored(Account.parse("kunde@other.test"))).as("another realm").isEmpty();
    }

    @Test
    void aResetSetsTheNewPasswordThroughStandardInputOnly() {
        char[] fresh = Passwords.generate(16);
        String freshText = new String(fresh);
        store.setPassword(KUNDE, fresh);
        assertThat(new String(store.stored(KUNDE).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo(freshText);
        assertThat(runner.argv).isNotEmpty().allSatisfy(a -> assertThat(String.join(" ", a)).doesNotContain(freshText)
                .doesNotContain("KundePass-123"));
        assertThat(runner.argv).contains(List.of("/usr/sbin/saslpasswd2", "-p", "-f", db.toString(), "-u", "example.test", "kunde"));
        // saslpasswd2 would create a user the sasldb does not have: the adapter refuses first
        assertThatThrownBy(() -> store.setPassword(Account.parse("nobody@example.test"), Passwords.generate(16)))
                .isInstanceOf(CredentialStoreException.class).hasMessageContaining("no user nobody in realm example.test");
        assertThat(store.stored(Account.parse("nobody@example.test"))).isEmpty();
    }

    @Test
    void aMissingDatabaseIsAClearFailure() {
        SasldbCredentials missing = new SasldbCredentials(runner, dir.resolve("nope").toString(), "/usr/bin/db_dump",
                "/usr/sbin/saslpasswd2", T);
        assertThatThrownBy(() -> missing.stored(KUNDE)).isInstanceOf(CredentialStoreException.class)
                .hasMessageContaining("db_dump").hasMessageContaining("nope");
    }

    /** HostileInputTest's logins: none becomes an {@link Account}, so none reaches db_dump or saslpasswd2. */
    @Test
    void aHostileLoginNeverReachesACommandLine() {
        for (String hostile : List.of("; rm -rf /", "$(reboot)@example.test", "`id`@example.test", "a\r\nBcc: x@evil.example",
                "-f@example.test", "--help@example.test", "../../etc/passwd", "a\u0000b@example.test", "alice@example.test|/bin/sh",
                "'; DROP TABLE mail_user; --@example.test", "kunde@example.test -c", "")) {
            assertThatThrownBy(() -> store.setPassword(Account.parse(hostile), Passwords.generate(16)))
                    .as(hostile).isInstanceOf(InvalidAccountException.class);
        }
        assertThat(runner.argv).isEmpty();
        // what a login may hold passes as one argument of its own
        saslpasswd2("kunde+tag", "example.test", "Tag-Pass-1");
        assertThat(new String(store.stored(Account.parse("kunde+tag@example.test")).orElseThrow(), StandardCharsets.UTF_8))
                .isEqualTo("Tag-Pass-1");
        assertThat(runner.argv).containsExactly(List.of("/usr/bin/db_dump", db.toString()));
    }
}
