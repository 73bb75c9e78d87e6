package org.relaywarden.credentials;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relaywarden.account.Account;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Dovecot passwd-file adapter: the password field is read, a reset rewrites exactly that field in one move. */
class PasswdFileCredentialsTest {

    static final Account KUNDE = Account.parse("kunde@example.test");

    @Test
    void readsThePasswordFieldOfTheLoginAndAResetReplacesOnlyIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("users");
        Files.write(file, List.of("# Dovecot users",
                "nachbar@example.test:{SHA512-CRYPT}$6$abc$nachbarhash:1000:1000::/home/nachbar::userdb_quota_rule=*:storage=1G",
                "kunde@example.test:{SHA512-CRYPT}$6$xyz$kundehash:1001:1001::/home/kunde::",
                "", "plain@example.test:{PLAIN}secret"), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        PasswdFileCredentials store = new PasswdFileCredentials(file.toString(), false);
        assertThat(new String(store.stored(KUNDE).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("{SHA512-CRYPT}$6$xyz$kundehash");
        assertThat(new String(store.stored(Account.parse("plain@example.test")).orElseThrow(), StandardCharsets.UTF_8))
                .isEqualTo("{PLAIN}secret");
        assertThat(store.stored(Account.parse("nobody@example.test"))).isEmpty();

        char[] fresh = Passwords.generate(16);
        String freshText = new String(fresh);
        store.setPassword(KUNDE, fresh);
        List<String> after = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(after).hasSize(5);
        assertThat(after.get(0)).isEqualTo("# Dovecot users");
        assertThat(after.get(1)).endsWith("nachbarhash:1000:1000::/home/nachbar::userdb_quota_rule=*:storage=1G");
        String stored = new String(store.stored(KUNDE).orElseThrow(), StandardCharsets.UTF_8);
        assertThat(stored).startsWith("{SSHA512}").doesNotContain(freshText);
        assertThat(PasswordScheme.matchesSsha512(stored, freshText)).isTrue();
        assertThat(PasswordScheme.matchesSsha512(stored, "wrong")).isFalse();
        assertThat(after.get(2)).startsWith("kunde@example.test:{SSHA512}").endsWith(":1001:1001::/home/kunde::");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        try (var left = Files.list(dir)) {
            assertThat(left.toList()).containsExactly(file);
        }
        assertThatThrownBy(() -> store.setPassword(Account.parse("nobody@example.test"), Passwords.generate(16)))
                .isInstanceOf(CredentialStoreException.class).hasMessageContaining("no user");
    }

    @Test
    void perDomainFilesWithTheLocalPartAsUser(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("example.test"), List.of("kunde:{PLAIN}Kunde-1::::::"), StandardCharsets.UTF_8);
        PasswdFileCredentials store = new PasswdFileCredentials(dir + "/%d", true);
        assertThat(new String(store.stored(KUNDE).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("{PLAIN}Kunde-1");
        assertThatThrownBy(() -> store.stored(Account.parse("kunde@other.test"))).isInstanceOf(CredentialStoreException.class)
                .hasMessageContaining("other.test");
    }
}
