package org.relaywarden.credentials;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The keyed fingerprint and its key: refused outside demo when absent or weak, generated once in demo. */
class FingerprintsTest {

    static byte[] key() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }

    @Test
    void theFingerprintDependsOnTheKeyAndTheSecretAndIsNotAPlainHash() throws Exception {
        byte[] secret = "KundePass-123".getBytes(StandardCharsets.UTF_8);
        Fingerprints a = new Fingerprints(key());
        Fingerprints b = new Fingerprints(key());
        assertThat(a.of(secret)).hasSize(64).isEqualTo(a.of(secret.clone())).isNotEqualTo(b.of(secret));
        assertThat(a.of(secret)).isNotEqualTo(a.of("KundePass-124".getBytes(StandardCharsets.UTF_8)));
        String plainSha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret));
        assertThat(a.of(secret)).isNotEqualTo(plainSha256);
    }

    @Test
    void outsideDemoAnAbsentOrWeakKeyIsRefusedNamingTheSetting(@TempDir Path dir) {
        assertThatThrownBy(() -> Fingerprints.key(null, dir.resolve("k"), false))
                .hasMessageContaining("RELAYWARDEN_CREDENTIAL_KEY").hasMessageContaining("openssl rand -base64 32");
        assertThatThrownBy(() -> Fingerprints.key("", dir.resolve("k"), false)).isInstanceOf(IllegalStateException.class);
        String shortKey = Base64.getEncoder().encodeToString(Arrays.copyOf(key(), 16));
        assertThatThrownBy(() -> Fingerprints.key(shortKey, dir.resolve("k"), false)).hasMessageContaining("weak");
        byte[] repeated = new byte[48];
        Arrays.fill(repeated, (byte) 'a');
        assertThatThrownBy(() -> Fingerprints.key(Base64.getEncoder().encodeToString(repeated), dir.resolve("k"), false))
                .hasMessageContaining("weak");
        assertThatThrownBy(() -> Fingerprints.key(Base64.getEncoder().encodeToString("changeme-changeme-changeme-changeme".getBytes(StandardCharsets.US_ASCII)),
                dir.resolve("k"), false)).hasMessageContaining("weak");
        assertThatThrownBy(() -> Fingerprints.key("not base64 !!", dir.resolve("k"), false)).hasMessageContaining("not base64");
        byte[] good = key();
        assertThat(Fingerprints.key(Base64.getEncoder().encodeToString(good), dir.resolve("k"), false)).isEqualTo(good);
        assertThat(dir.resolve("k")).doesNotExist();
    }

    @Test
    void demoGeneratesTheKeyOnceIntoTheDataDirReadableOnlyByItsOwner(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data/credential-fingerprint.key");
        byte[] first = Fingerprints.key(null, file, true);
        assertThat(first).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Fingerprints.key(null, file, true)).as("the next start reads the same key").isEqualTo(first);
        assertThat(new Fingerprints(null).ready()).isFalse();
        assertThatThrownBy(() -> new Fingerprints(null).of(new byte[1])).hasMessageContaining("fingerprint-key");
    }
}
